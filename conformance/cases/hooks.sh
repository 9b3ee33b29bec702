# POSIX-platform hooks (config.md "POSIX-platform Hooks", runtime.md
# "Lifecycle").  Every hook appends its name to $HOOK_DIR/log and saves
# its stdin (the state) as $HOOK_DIR/<name>.json.  $HOOK_DIR is bound into
# the container at the same path, so startContainer hooks (run inside the
# container, /bin/sh being busybox there) write to the same files.
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

HOOK_NAMES="prestart createRuntime createContainer startContainer poststart poststop"

hooks_bundle() {
	HOOK_DIR=$CASE_DIR/hooks
	lifecycle_bundle "${1:-echo process >> $CASE_DIR/hooks/log}"
	mkdir -p "$HOOK_DIR"
	add_mount "$HOOK_DIR" none "$HOOK_DIR" bind
}

# recording_hook NAME: the JSON of a hook that logs NAME and its stdin.
recording_hook() {
	jq -cn --arg n "$1" --arg d "$HOOK_DIR" '{path: "/bin/sh",
		args: ["sh", "-c", "echo \($n) >> \($d)/log; cat > \($d)/\($n).json"]}'
}

# failing_hook: a hook that logs "failed" and exits 1.
failing_hook() {
	jq -cn --arg d "$HOOK_DIR" '{path: "/bin/sh",
		args: ["sh", "-c", "echo failed >> \($d)/log; exit 1"]}'
}

# set_hook NAME HOOK-JSON: hooks.NAME = [HOOK].
set_hook() {
	cfg '.hooks[$n] = [$h]' --arg n "$1" --argjson h "$2"
}

# Every hook kind records itself (one jq run: each costs ~40 ms).
all_recording_hooks() {
	cfg 'reduce ($names | split(" ")[]) as $n (.;
		.hooks[$n] = [{path: "/bin/sh",
			args: ["sh", "-c", "echo \($n) >> \($d)/log; cat > \($d)/\($n).json"]}])' \
		--arg names "$HOOK_NAMES" --arg d "$HOOK_DIR"
}

hook_log() {
	tr '\n' ' ' <"$HOOK_DIR/log" 2>/dev/null | sed 's/ $//'
}

case_hooks_run_in_order() {
	local got
	hooks_bundle
	all_recording_hooks
	create_and_start
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
	# The process may log before or after poststart: take it out, then
	# check that it came after startContainer.
	got=$(hook_log | sed 's/ *process//')
	[ "$got" = "$HOOK_NAMES" ] || fail "hooks ran as '$got', want '$HOOK_NAMES'"
	hook_log | grep -q 'startContainer.*process' ||
		fail "the process did not run after startContainer: $(hook_log)"
}

case_create_runs_only_create_hooks() {
	hooks_bundle
	all_recording_hooks
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	[ "$(hook_log)" = "prestart createRuntime createContainer" ] ||
		fail "after create the log is '$(hook_log)', want 'prestart createRuntime createContainer'"
}

case_hooks_receive_state_on_stdin() {
	local n bundle bad
	hooks_bundle
	all_recording_hooks
	create_and_start
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
	bundle=$(realpath "$BUNDLE")
	for n in $HOOK_NAMES; do
		[ -s "$HOOK_DIR/$n.json" ] || fail "$n got nothing on stdin"
	done
	# One line per hook whose state is wrong.
	# shellcheck disable=SC2046,SC2086 # one file name per hook
	bad=$(cd "$HOOK_DIR" && jq -r --arg id "$ID" --arg b "$bundle" '
		select((.id == $id and .bundle == $b and (.ociVersion | length > 0)
			and (.status | IN("creating", "created", "running", "stopped"))) | not)
		| "\(input_filename): \(tojson)"' $(printf '%s.json ' $HOOK_NAMES)) ||
		fail "a hook's stdin is not JSON"
	[ -z "$bad" ] || fail "$(echo "$bad" | sed -n 1p | cut -c 1-300)"
}

case_hook_args_and_env_passed() {
	hooks_bundle
	set_hook prestart "$(jq -cn --arg d "$HOOK_DIR" '{path: "/bin/sh",
		args: ["sh", "-c", "echo \"$0 $1 $JF_HOOK\" > \($d)/log", "arg-zero", "arg-one"],
		env: ["JF_HOOK=env-value"]}')"
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	[ "$(hook_log)" = "arg-zero arg-one env-value" ] ||
		fail "the hook logged '$(hook_log)', want 'arg-zero arg-one env-value'"
}

case_hook_timeout_fails_create() {
	local start
	hooks_bundle
	set_hook createRuntime '{"path": "/bin/sleep", "args": ["sleep", "20"], "timeout": 1}'
	start=$(date +%s)
	create
	[ "$RC" -ne 0 ] || fail "create succeeded although its hook timed out"
	[ $(($(date +%s) - start)) -lt 10 ] || fail "create took $(($(date +%s) - start)) s with a 1 s hook timeout"
	expect_no_container "after a hook timeout"
}

# failing_create_hook NAME: create fails and leaves nothing, not even the
# cgroup.
failing_create_hook() {
	local path=/jfconf-$ID
	hooks_bundle
	set_hook "$1" "$(failing_hook)"
	cfg '.linux.cgroupsPath = $p' --arg p "$path"
	defer "rmdir /sys/fs/cgroup$path /sys/fs/cgroup/*$path"
	create
	[ "$RC" -ne 0 ] || fail "create succeeded although its $1 hook failed"
	[ "$(hook_log)" = failed ] || fail "hook log '$(hook_log)', want 'failed'"
	expect_no_container "after a failed $1 hook"
	[ ! -d "$(host_cgroup_dir memory)$path" ] ||
		fail "cgroup $(host_cgroup_dir memory)$path left behind"
}

case_failing_prestart_hook_fails_create() {
	failing_create_hook prestart
}

case_failing_create_runtime_hook_fails_create() {
	failing_create_hook createRuntime
}

case_failing_create_container_hook_fails_create() {
	failing_create_hook createContainer
}

case_failing_start_container_hook_fails_start() {
	local rc=0
	hooks_bundle
	set_hook startContainer "$(failing_hook)"
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	rt start "$ID" 2>"$CASE_DIR/start.err" || rc=$?
	sleep 0.2
	! grep -q process "$HOOK_DIR/log" || fail "the process ran: $(hook_log)"
	[ "$rc" -ne 0 ] || fail "start succeeded although its startContainer hook failed"
}

# runtime-spec 1.2 wants a warning and the container left running, 1.3 an
# error and the container stopped: either way the failure is reported.
case_failing_poststart_hook_is_reported() {
	local rc=0
	hooks_bundle 'sleep 30'
	set_hook poststart "$(failing_hook)"
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	rt start "$ID" 2>"$CASE_DIR/start.err" || rc=$?
	echo "start exited $rc: $(cat "$CASE_DIR/start.err")"
	[ "$(hook_log)" = failed ] || fail "hook log '$(hook_log)', want 'failed'"
	grep -qiE 'poststart|hook' "$CASE_DIR/start.err" ||
		fail "start said nothing about the failed poststart hook (exit $rc)"
}

case_failing_poststop_hook_does_not_block_delete() {
	hooks_bundle 'exit 0'
	set_hook poststop "$(failing_hook)"
	create_and_start
	wait_status stopped
	rt delete "$ID" 2>"$CASE_DIR/delete.err" ||
		echo "delete exited non-zero: $(cat "$CASE_DIR/delete.err")"
	[ "$(hook_log)" = failed ] || fail "hook log '$(hook_log)', want 'failed'"
	expect_no_container "after delete with a failing poststop hook"
}
