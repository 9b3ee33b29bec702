# jfrun run: the foreground container and its exit code.

test_run_prints_output() {
	set_args echo hello from the container
	run_ok c1
	assert_eq "$OUT" "hello from the container"
}

test_run_returns_exit_code() {
	set_args sh -c 'exit 42'
	run_rc c1
	assert_eq "$RC" 42 "exit code"
}

test_run_returns_128_plus_signal() {
	set_args sleep 30
	"$JFRUN" --root "$ROOT" run -b "$BUNDLE" c1 >/dev/null 2>&1 &
	local pid=$!
	wait_status c1 running
	jf kill c1 KILL
	set +e; wait $pid; local rc=$?; set -e
	assert_eq "$rc" $((128 + 9)) "exit code"
}

test_run_forwards_sigterm() {
	set_args sh -c 'trap "echo got TERM; exit 3" TERM; while :; do sleep 0.05; done'
	"$JFRUN" --root "$ROOT" run -b "$BUNDLE" c1 >"$TEST_DIR/out" 2>&1 &
	local pid=$!
	wait_status c1 running
	wait_signal_caught "$pid" 15 SigBlk
	wait_signal_caught "$(jf state c1 | jq -r .pid)" 15
	kill -TERM $pid
	set +e; wait $pid; local rc=$?; set -e
	assert_eq "$rc" 3 "exit code"
	assert_contains "$(cat "$TEST_DIR/out")" "got TERM"
}

test_run_stdin_passes_through() {
	set_args cat
	OUT=$(echo "piped in" | jf run -b "$BUNDLE" c1)
	assert_eq "$OUT" "piped in"
}

test_run_missing_executable_fails_clearly() {
	set_args /bin/no-such-binary
	expect_fail "run" jf run -b "$BUNDLE" c1
	assert_contains "$ERR" "process.args[0]"
	assert_contains "$ERR" "no-such-binary"
}

test_run_detached_returns_while_running() {
	set_args sleep 30
	jf_quiet run -d -b "$BUNDLE" c1
	assert_eq "$(status_of c1)" running
	jf kill c1 KILL
	wait_status c1 stopped
	jf delete c1
}

# While the init sets up it is kept off the runtime's CPU (cpu_placement.h);
# the container's processes never keep the runtime's affinity: a runtime
# restricted to one CPU still gives them every CPU (linux/cpu_affinity.h,
# runtime-spec 1.3 issue 24; before, they kept the runtime's, as runc < 1.2).
test_run_does_not_keep_the_runtimes_cpu_affinity() {
	local all one pid
	[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs to run on (has $(nproc))"
	all=$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status)
	one=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')
	set_args sh -c 'awk "/^Cpus_allowed_list/ { print \$2 }" /proc/self/status'
	run_ok c1
	assert_eq "$OUT" "$all" "affinity in the container"
	OUT=$(taskset -c "$one" "$JFRUN" --root "$ROOT" run -b "$BUNDLE" c2)
	assert_eq "$OUT" "$all" "affinity in the container, runtime on CPU $one only"
	set_args sleep 30
	jf create -b "$BUNDLE" c3
	pid=$(jf state c3 | jq -r .pid)
	assert_eq "$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")" \
		"$all" "affinity of the created init"
	jf delete --force c3
}
