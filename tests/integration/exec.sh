# jfrun exec: a new process inside a running container.

start_sleeper() {
	set_args sleep 300
	jf_quiet run -d -b "$BUNDLE" c1
}

test_exec_joins_every_namespace() {
	start_sleeper
	local pid
	pid=$(jf state c1 | jq -r .pid)
	for ns in pid mnt net ipc uts cgroup; do
		local want got
		want=$(readlink /proc/$pid/ns/$ns)
		got=$(jf exec c1 readlink /proc/self/ns/$ns)
		assert_eq "$got" "$want" "$ns namespace"
	done
	jf delete --force c1
}

test_exec_returns_exit_code() {
	start_sleeper
	set +e; jf exec c1 sh -c 'exit 7'; local rc=$?; set -e
	assert_eq "$rc" 7 "exit code"
	jf delete --force c1
}

test_exec_env_cwd_user() {
	start_sleeper
	OUT=$(jf exec --cwd /tmp -e FOO=bar --user 1000:1000 c1 sh -c 'echo $FOO $(pwd) $(id -u):$(id -g)')
	assert_eq "$OUT" "bar /tmp 1000:1000"
	jf delete --force c1
}

test_exec_process_file() {
	start_sleeper
	jq -n '{args: ["sh", "-c", "echo from-process-json $X"], cwd: "/", env: ["X=y"], user: {uid: 0, gid: 0}}' >"$TEST_DIR/p.json"
	OUT=$(jf exec --process "$TEST_DIR/p.json" c1)
	assert_eq "$OUT" "from-process-json y"
	jf delete --force c1
}

test_exec_cap_adds_capability() {
	start_sleeper
	local without with
	without=$(jf exec c1 sh -c 'grep CapEff /proc/self/status' | awk '{print $2}')
	with=$(jf exec --cap CAP_SYS_ADMIN c1 sh -c 'grep CapEff /proc/self/status' | awk '{print $2}')
	[ $((0x$with & (1 << 21))) -ne 0 ] || fail "CAP_SYS_ADMIN missing with --cap: $with"
	[ $((0x$without & (1 << 21))) -eq 0 ] || fail "CAP_SYS_ADMIN present without --cap: $without"
	jf delete --force c1
}

test_exec_detached_writes_pid_file() {
	start_sleeper
	jf exec -d --pid-file "$TEST_DIR/pid" c1 sleep 100
	local pid
	pid=$(cat "$TEST_DIR/pid")
	[ -d /proc/$pid ] || fail "exec'd process $pid not running"
	assert_eq "$(readlink /proc/$pid/ns/pid)" "$(readlink /proc/$(jf state c1 | jq -r .pid)/ns/pid)"
	jf delete --force c1
	[ ! -d /proc/$pid ] || grep -q '^State:.*Z' /proc/$pid/status || fail "exec'd process survived delete"
}

test_exec_in_stopped_container_fails() {
	set_args true
	jf create -b "$BUNDLE" c1
	jf start c1
	wait_status c1 stopped
	expect_fail "exec" jf exec c1 true
	assert_contains "$ERR" "stopped"
	jf delete c1
}

test_exec_missing_binary_fails_clearly() {
	start_sleeper
	expect_fail "exec" jf exec c1 /no/such/thing
	assert_contains "$ERR" "/no/such/thing"
	jf delete --force c1
}

test_exec_tty_with_console_socket() {
	[ -x "$REPO/build/tests/recvtty" ] || skip "build/tests/recvtty is not built (make check builds it)"
	start_sleeper
	"$REPO/build/tests/recvtty" "$TEST_DIR/tty.sock" >"$TEST_DIR/tty.out" 2>&1 &
	local rpid=$!
	for i in $(seq 250); do [ -S "$TEST_DIR/tty.sock" ] && break; sleep 0.02; done
	[ -S "$TEST_DIR/tty.sock" ] || fail "recvtty is not listening"
	jf exec -t --console-socket "$TEST_DIR/tty.sock" c1 sh -c 'test -t 1 && echo exec-has-a-tty'
	wait $rpid || true
	assert_contains "$(tr -d '\r' <"$TEST_DIR/tty.out")" "exec-has-a-tty"
	jf delete --force c1
}
