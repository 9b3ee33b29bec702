# The container process (config.md "Process", "POSIX process";
# config-linux.md "Sysctl").
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

case_cwd_is_set() {
	new_bundle
	cfg '.process.cwd = "/tmp"'
	expect_checks cwd=/tmp
}

case_env_is_set() {
	new_bundle
	cfg '.process.env = ["PATH=/bin", "FOO=bar", "EMPTY=", "WITH_EQ=a=b"]'
	expect_checks env=PATH=/bin env=FOO=bar env=EMPTY= env=WITH_EQ=a=b \
		env-unset=TERM
}

case_user_uid_and_gid() {
	new_bundle
	cfg '.process.user = {uid: 1000, gid: 1001}'
	expect_checks uid=1000 gid=1001
}

case_user_without_additional_gids_has_none() {
	new_bundle
	# /etc/group lists uid 1000's name in groups 10 and 100: a runtime
	# does not read it, the config alone decides.
	cfg '.process.user = {uid: 1000, gid: 1000}'
	expect_checks groups=
}

case_user_additional_gids() {
	new_bundle
	cfg '.process.user = {uid: 1000, gid: 1000, additionalGids: [10, 20, 30]}'
	expect_checks groups=10,20,30
}

case_user_umask() {
	new_bundle
	cfg '.process.user = {uid: 1000, gid: 1000, umask: 23}'
	expect_checks umask=0027
}

case_capabilities_five_sets() {
	new_bundle
	# As a non-root user after execve: permitted and effective come from
	# the ambient set only; bounding and inheritable stay as configured.
	cfg '.process.user = {uid: 1000, gid: 1000}
	   | .process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETUID"],
		permitted: ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"],
		effective: ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"],
		inheritable: ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
		ambient: ["CAP_NET_BIND_SERVICE"]}'
	expect_checks capbnd=CHOWN,KILL,NET_BIND_SERVICE,SETUID \
		capinh=NET_BIND_SERVICE,KILL capamb=NET_BIND_SERVICE \
		capprm=NET_BIND_SERVICE capeff=NET_BIND_SERVICE
}

case_capabilities_root_limited_by_bounding() {
	new_bundle
	# root regains its bounding set on execve, no more.
	cfg '.process.user = {uid: 0, gid: 0}
	   | .process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL"],
		permitted: ["CAP_CHOWN", "CAP_KILL"],
		effective: ["CAP_CHOWN"]}'
	expect_checks capbnd=CHOWN,KILL capprm=CHOWN,KILL capeff=CHOWN,KILL \
		capinh= capamb=
}

case_capabilities_absent_means_none() {
	new_bundle
	cfg 'del(.process.capabilities)'
	expect_checks capbnd= capprm= capeff= capinh= capamb=
}

case_rlimits_applied() {
	new_bundle
	cfg '.process.rlimits = [
		{type: "RLIMIT_NOFILE", soft: 512, hard: 1024},
		{type: "RLIMIT_CORE", soft: 1024, hard: 2048},
		{type: "RLIMIT_MSGQUEUE", soft: 4096, hard: 8192}]'
	expect_checks rlimit=NOFILE:512:1024 rlimit=CORE:1024:2048 \
		rlimit=MSGQUEUE:4096:8192
}

case_rlimit_unraisable_fails_naming_it() {
	new_bundle
	if sh -c 'ulimit -Hn 1048576' 2>/dev/null; then
		skip "this host can raise RLIMIT_NOFILE to 1048576"
	fi
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 1048576, hard: 1048576}]'
	expect_run_fails "RLIMIT_NOFILE 1048576 cannot be set here"
	grep -qi 'nofile' "$ERR" || fail "the error does not name RLIMIT_NOFILE: $(first_error)"
}

case_oom_score_adj() {
	new_bundle
	cfg '.process.oomScoreAdj = 100'
	expect_checks oom=100
}

host_can_lower_oom_score_adj() {
	sh -c 'echo -1 > /proc/self/oom_score_adj' 2>/dev/null
}

case_oom_score_adj_negative() {
	host_can_lower_oom_score_adj ||
		skip "negative oom_score_adj needs CAP_SYS_RESOURCE, which this host lacks"
	new_bundle
	cfg '.process.oomScoreAdj = -100'
	expect_checks oom=-100
}

case_oom_score_adj_negative_fails_naming_it() {
	host_can_lower_oom_score_adj &&
		skip "this host can set a negative oom_score_adj"
	new_bundle
	cfg '.process.oomScoreAdj = -100'
	expect_run_fails "a negative oomScoreAdj cannot be set here"
	# TESTING.md: the error names the config field.
	grep -q 'oomScoreAdj' "$ERR" ||
		fail "the error does not name oomScoreAdj: $(first_error)"
}

case_no_new_privileges_set() {
	new_bundle
	cfg '.process.noNewPrivileges = true'
	expect_checks nonewprivs=1
}

case_no_new_privileges_unset() {
	new_bundle
	cfg '.process.noNewPrivileges = false'
	expect_checks nonewprivs=0
}

case_scheduler_applied() {
	require_oci 1.1.0 "process.scheduler"
	new_bundle
	cfg '.process.scheduler = {policy: "SCHED_BATCH", nice: 5}'
	expect_checks sched=SCHED_BATCH nice=5
}

case_io_priority_applied() {
	require_oci 1.1.0 "process.ioPriority"
	new_bundle
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 6}'
	expect_checks ioprio=BE:6
}

case_personality_applied() {
	require_oci 1.0.2 "linux.personality"
	new_bundle
	cfg '.linux.personality = {domain: "LINUX32"}'
	expect_checks personality=LINUX32
}

# config.md: execCPUAffinity "is not applicable to the container's init
# process": the init has every CPU of its cpuset (exec's use of it is in
# tests/integration/spec13.sh).
case_exec_cpu_affinity_not_for_the_init() {
	require_oci 1.2.1 "process.execCPUAffinity"
	[ "$(nproc)" -ge 2 ] || skip "needs two cpus"
	new_bundle
	cfg '.process.execCPUAffinity = {final: "1"}'
	expect_checks "cpus=$(cat /sys/devices/system/cpu/online)"
}

case_sysctl_applied() {
	new_bundle
	add_ns network
	add_ns ipc
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": "1",
			     "net.ipv4.ip_local_port_range": "40000 50000",
			     "kernel.shm_rmid_forced": "1"}'
	expect_checks sysctl=net.ipv4.ip_forward=1 \
		"sysctl=net.ipv4.ip_local_port_range=40000	50000" \
		sysctl=kernel.shm_rmid_forced=1
}

case_stdio_passed_through() {
	new_bundle
	args /bin/sh -c 'read line; echo "out:$line"; echo err >&2'
	remember_id "$ID"
	RC=0
	echo in | rt run --bundle "$BUNDLE" "$ID" >"$CASE_DIR/out" \
		2>"$CASE_DIR/err" || RC=$?
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(first_error "$CASE_DIR/err")"
	[ "$(cat "$CASE_DIR/out")" = out:in ] ||
		fail "stdout '$(cat "$CASE_DIR/out")', want 'out:in'"
	grep -qx err "$CASE_DIR/err" || fail "stderr lacks 'err': $(cat "$CASE_DIR/err")"
}

case_run_returns_exit_code() {
	new_bundle
	args /bin/sh -c 'exit 42'
	run_container
	[ "$RC" -eq 42 ] || fail "run exited $RC, want 42"
}

case_run_returns_128_plus_signal() {
	local run_pid
	new_bundle
	args /bin/sleep 30
	remember_id "$ID"
	rt run --bundle "$BUNDLE" "$ID" <"$EMPTY_STDIN" >/dev/null 2>"$CASE_DIR/err" &
	run_pid=$!
	wait_status running
	rt kill "$ID" KILL
	RC=0
	wait "$run_pid" || RC=$?
	[ "$RC" -eq 137 ] || fail "run exited $RC, want 137 (128 + SIGKILL)"
}

case_args_not_found_fails() {
	new_bundle
	args /no/such/binary
	run_container
	[ "$RC" -ne 0 ] || fail "run of a missing binary succeeded"
}

case_session_keyring_is_new() {
	local host
	new_bundle
	host=$("$JFCHECK" --session-keyring)
	expect_checks "keyring-differs=$host"
}

case_no_new_keyring_keeps_the_callers() {
	local host
	new_bundle
	host=$("$JFCHECK" --session-keyring)
	args /bin/jfcheck "keyring-same=$host"
	remember_id "$ID"
	rt run --no-new-keyring --bundle "$BUNDLE" "$ID" <"$EMPTY_STDIN" \
		>"$CASE_DIR/out" 2>&1 || fail "$(head -n 3 "$CASE_DIR/out" | tr '\n' ';')"
}
