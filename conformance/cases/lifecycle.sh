# Lifecycle and operations (runtime.md "State", "Lifecycle", "Operations"),
# through the runtime's create/start/state/kill/delete commands, and the
# runc-style run/exec conveniences.
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

# A bundle whose process is CMD (a sh -c script), with $CASE_DIR/shared
# bound at /shared to pass markers out.
lifecycle_bundle() {
	new_bundle
	mkdir -p "$CASE_DIR/shared"
	add_mount /shared none "$CASE_DIR/shared" bind
	args /bin/sh -c "$1"
}

# create and start; fails the case if either fails.
create_and_start() {
	create "$@"
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	rt start "$ID" 2>"$CASE_DIR/start.err" ||
		fail "start failed: $(first_error "$CASE_DIR/start.err")"
}

# A process that waits for signals: USR1 and TERM leave marker files.
SIGNAL_SCRIPT='trap "touch /shared/usr1" USR1; trap "touch /shared/term; exit 0" TERM
touch /shared/ready; while :; do sleep 0.05; done'

case_create_leaves_container_created() {
	local pid
	lifecycle_bundle 'sleep 30'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	[ "$(status_of)" = created ] || fail "status '$(status_of)', want created"
	pid=$(state_field .pid)
	case $pid in
	'' | *[!0-9]* | 0) fail "state pid '$pid' is not a pid" ;;
	esac
	[ -d "/proc/$pid" ] || fail "state pid $pid is not a live process"
}

case_start_runs_the_process_only_then() {
	lifecycle_bundle 'touch /shared/started; sleep 30'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	sleep 0.3
	[ ! -e "$CASE_DIR/shared/started" ] || fail "the process ran before start"
	rt start "$ID"
	wait_file "$CASE_DIR/shared/started" || fail "the process did not run after start"
}

case_state_running_after_start() {
	lifecycle_bundle 'sleep 30'
	create_and_start
	wait_status running
}

case_state_stopped_after_process_exits() {
	lifecycle_bundle 'exit 0'
	create_and_start
	wait_status stopped
}

case_state_json_fields() {
	local state bundle bad
	lifecycle_bundle 'sleep 30'
	cfg '.annotations = {"org.jfconf.key": "value"}'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	state=$(rt state "$ID")
	bundle=$(realpath "$BUNDLE")
	bad=$(jq -r --arg id "$ID" --arg b "$bundle" '
		[if (.ociVersion | type) != "string" or .ociVersion == "" then "ociVersion" else empty end,
		 if .id != $id then "id" else empty end,
		 if .status != "created" then "status" else empty end,
		 if (.pid | type) != "number" or .pid <= 0 then "pid" else empty end,
		 if .bundle != $b then "bundle (want the absolute \($b))" else empty end,
		 if .annotations["org.jfconf.key"] != "value" then "annotations" else empty end]
		| join(", ")' <<<"$state") || fail "state is not JSON: $state"
	[ -z "$bad" ] || fail "wrong $bad in $state"
}

case_state_unknown_container_fails() {
	if rt state "$ID-none" >/dev/null 2>&1; then
		fail "state of an unknown container succeeded"
	fi
}

case_pid_file_written() {
	lifecycle_bundle 'sleep 30'
	create --pid-file "$CASE_DIR/pidfile"
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	[ "$(cat "$CASE_DIR/pidfile" 2>/dev/null)" = "$(state_field .pid)" ] ||
		fail "pid file '$(cat "$CASE_DIR/pidfile" 2>/dev/null)' vs state pid '$(state_field .pid)'"
}

case_kill_delivers_signal_by_name() {
	lifecycle_bundle "$SIGNAL_SCRIPT"
	create_and_start
	wait_file "$CASE_DIR/shared/ready" || fail "the process did not start"
	rt kill "$ID" USR1
	wait_file "$CASE_DIR/shared/usr1" || fail "SIGUSR1 did not arrive"
}

case_kill_delivers_signal_by_number() {
	lifecycle_bundle "$SIGNAL_SCRIPT"
	create_and_start
	wait_file "$CASE_DIR/shared/ready" || fail "the process did not start"
	rt kill "$ID" 10
	wait_file "$CASE_DIR/shared/usr1" || fail "signal 10 (SIGUSR1) did not arrive"
}

case_kill_default_signal_is_term() {
	lifecycle_bundle "$SIGNAL_SCRIPT"
	create_and_start
	wait_file "$CASE_DIR/shared/ready" || fail "the process did not start"
	rt kill "$ID"
	wait_file "$CASE_DIR/shared/term" || fail "SIGTERM did not arrive"
	wait_status stopped
}

case_kill_created_container_stops_it() {
	lifecycle_bundle 'touch /shared/started; sleep 30'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	rt kill "$ID" KILL
	wait_status stopped
	[ ! -e "$CASE_DIR/shared/started" ] || fail "the process ran"
}

case_kill_stopped_container_fails() {
	lifecycle_bundle 'exit 0'
	create_and_start
	wait_status stopped
	if rt kill "$ID" KILL 2>/dev/null; then
		fail "kill of a stopped container succeeded"
	fi
}

case_start_twice_fails() {
	lifecycle_bundle 'sleep 30'
	create_and_start
	if rt start "$ID" 2>/dev/null; then
		fail "a second start succeeded"
	fi
	[ "$(status_of)" = running ] || fail "status '$(status_of)' after a failed start, want running"
}

case_start_stopped_container_fails() {
	lifecycle_bundle 'exit 0'
	create_and_start
	wait_status stopped
	if rt start "$ID" 2>/dev/null; then
		fail "start of a stopped container succeeded"
	fi
}

case_create_duplicate_id_fails() {
	lifecycle_bundle 'sleep 30'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	create
	[ "$RC" -ne 0 ] || fail "a second create with the same id succeeded"
	[ "$(status_of)" = created ] || fail "status '$(status_of)' after a refused create, want created"
}

case_delete_running_container_fails() {
	lifecycle_bundle 'sleep 30'
	create_and_start
	wait_status running
	if rt delete "$ID" 2>/dev/null; then
		fail "delete of a running container succeeded"
	fi
	[ "$(status_of)" = running ] || fail "status '$(status_of)' after a refused delete, want running"
}

case_delete_force_removes_running_container() {
	local pid
	lifecycle_bundle 'sleep 30'
	create_and_start
	wait_status running
	pid=$(state_field .pid)
	rt delete --force "$ID" || fail "delete --force failed"
	expect_no_container "after delete --force"
	process_gone "$pid" sleep || fail "the process $pid is still alive"
}

case_delete_stopped_container_removes_it() {
	lifecycle_bundle 'exit 0'
	create_and_start
	wait_status stopped
	rt delete "$ID" || fail "delete of a stopped container failed"
	expect_no_container "after delete"
}

case_run_deletes_container_on_exit() {
	new_bundle
	args /bin/true
	run_container
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(first_error)"
	expect_no_container "after run"
}

case_create_invalid_config_fails_and_leaves_nothing() {
	new_bundle
	echo '{"ociVersion": "1.0.2", "process": ' >"$CFG"
	create
	[ "$RC" -ne 0 ] || fail "create with a malformed config.json succeeded"
	expect_no_container "after a failed create"
}

case_create_without_process_args_fails() {
	new_bundle
	cfg 'del(.process.args)'
	create
	[ "$RC" -ne 0 ] || fail "create without process.args succeeded"
	expect_no_container "after a failed create"
}

case_unknown_annotations_ignored() {
	new_bundle
	cfg '.annotations = {"org.jfconf.unknown": "x", "com.example.whatever": "1"}'
	args /bin/true
	run_container
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(first_error)"
}

case_unknown_properties_ignored() {
	new_bundle
	cfg '.jfconfUnknown = {a: 1} | .process.jfconfUnknown = [1, 2]
	   | .linux.jfconfUnknown = "x"'
	args /bin/true
	run_container
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(first_error)"
}

case_exec_joins_container() {
	local out
	lifecycle_bundle 'sleep 30'
	cfg '.hostname = "jf-exec"'
	create_and_start
	wait_status running
	out=$(rt exec "$ID" /bin/jfcheck hostname=jf-exec "ns-differs=$(host_ns mnt)" \
		"ns-differs=$(host_ns pid)" 2>&1) || fail "exec failed: $out"
}

case_exec_returns_exit_code() {
	local rc=0
	lifecycle_bundle 'sleep 30'
	create_and_start
	wait_status running
	rt exec "$ID" /bin/sh -c 'exit 7' <"$EMPTY_STDIN" >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 7 ] || fail "exec exited $rc, want 7"
}
