# The jfrun_monitor kernel module (kmod/), in the test VM with the module
# loaded (contrib/vm/guest-kmod.sh runs this file through tests/run.sh).
# build/tests/monitor_test drives the device through src/monitor/; the
# container tests run real jfrun containers and register their init the way
# the shim will.  KMOD_KO is the module's path in the VM (for the rmmod test).
#
# shellcheck shell=bash

MT=$REPO/build/tests/monitor_test

file_setup() {
	[ -c /dev/jfrun_monitor ] || skip "/dev/jfrun_monitor missing: the module is not loaded"
	[ -x "$MT" ] || fail "$MT missing (make build/tests/monitor_test)"
}

# scenario NAME [ARGS]: a monitor_test scenario must end with "ok".
scenario() {
	local out
	out=$(timeout 240 "$MT" "$@" 2>&1) || fail "monitor_test $*: $out"
	echo "$out"
	assert_contains "$out" ok "monitor_test $*"
}

test_monitor_speaks_our_abi() {
	local out
	out=$("$MT" abi) || fail "monitor_test abi: $out"
	assert_eq "$out" "abi 1"
}

test_monitor_refuses_bad_ioctls_cleanly() {
	scenario bad-ioctls
}

test_monitor_soft_limit_warns_once_per_upward_crossing() {
	scenario hysteresis
}

test_monitor_counts_a_shared_address_space_once() {
	scenario shared-mm
}

test_monitor_hard_limit_kills_a_grandchild_hog_without_pid_namespace() {
	scenario kill-tree
}

test_monitor_hard_limit_kills_a_grandchild_hog_in_a_pid_namespace() {
	scenario kill-ns
}

# More processes than a scan's first arrays hold (they grow).
test_monitor_counts_and_kills_many_processes() {
	scenario many
}

test_monitor_fd_closed_by_a_killed_holder_drops_its_registrations() {
	scenario killed-holder
}

test_monitor_registered_zombie_goes_at_the_first_scan() {
	scenario zombie
}

test_monitor_survives_1000_register_exit_cycles() {
	scenario cycles 1000
}

# ---- real jfrun containers ----

# start_container ID: `jfrun run` $BUNDLE in the background ($RUN_PID),
# the container's init in $INIT once it runs.
start_container() {
	cp "$MT" "$BUNDLE/rootfs/bin/monitor_test"
	jf run -b "$BUNDLE" "$1" >"$TEST_DIR/run.out" 2>"$TEST_DIR/run.err" &
	RUN_PID=$!
	wait_status "$1" running
	INIT=$(jf state "$1" | jq -r .pid)
	[ "$INIT" -gt 0 ] || fail "no pid for $1"
}

# run_exit: wait for `jfrun run`, its exit code in $RC.
run_exit() {
	RC=0
	wait "$RUN_PID" || RC=$?
}

# watch ID SOFT HARD MS SECONDS: register the container's init, the event
# lines in $EVENTS.
watch() {
	EVENTS=$("$MT" watch "$INIT" "$1" "$2" "$3" "$4" "$5" 2>&1) ||
		fail "monitor_test watch: $EVENTS"
	echo "events of $1: $EVENTS"
}

test_container_soft_limit_gives_one_event() {
	set_args sh -c 'sh -c "monitor_test hog 24 5; true" & wait'
	start_container kmsoft
	watch kmsoft 16M 256M 10 5
	assert_eq "$(grep -c '^soft ' <<<"$EVENTS")" 1 "soft events"
	! grep -q '^hard ' <<<"$EVENTS" || fail "killed below the hard limit: $EVENTS"
	assert_contains "$EVENTS" timeout
	assert_eq "$(status_of kmsoft)" running "status after the soft limit"
	jf kill kmsoft KILL
	run_exit
}

# The init (a shell) is small: only the grandchild's memory reaches the
# limit, and every process of the container dies.
test_container_hard_limit_kills_its_grandchild_hog() {
	set_args sh -c 'sh -c "monitor_test hog 64 5; true" & wait'
	start_container kmhard
	watch kmhard 16M 32M 10 60
	assert_eq "$(grep -oE '^[a-z]+' <<<"$EVENTS" | tr '\n' ' ')" "registered soft hard gone " "events"
	grep -qE '^hard .* procs=3$' <<<"$EVENTS" || fail "hard event did not count 3 processes: $EVENTS"
	run_exit
	assert_eq "$RC" 137 "jfrun run's exit code (SIGKILL)"
}

test_container_without_pid_namespace_is_killed_whole() {
	cfg '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sh -c 'sh -c "monitor_test hog 64 5; true" & wait'
	start_container kmtree
	watch kmtree 0 32M 10 60
	assert_eq "$(grep -oE '^[a-z]+' <<<"$EVENTS" | tr '\n' ' ')" "registered hard gone " "events"
	run_exit
	assert_eq "$RC" 137 "jfrun run's exit code (SIGKILL)"
	! pgrep -f 'monitor_test hog' >/dev/null || fail "a hog survived: $(pgrep -af 'monitor_test hog')"
}

test_container_below_its_limits_is_never_touched() {
	set_args sh -c 'sh -c "monitor_test hog 8; true" & wait'
	start_container kmcalm
	watch kmcalm 64M 128M 5 15
	assert_eq "$(grep -oE '^[a-z]+' <<<"$EVENTS" | tr '\n' ' ')" "registered timeout " "events"
	assert_eq "$(status_of kmcalm)" running "status after 15 s"
	jf kill kmcalm KILL
	run_exit
}

# Not in its /dev; bound in, the open is refused (no CAP_SYS_ADMIN, and
# the devices cgroup does not allow the device).
test_container_cannot_reach_the_device() {
	set_args sh -c 'test ! -e /dev/jfrun_monitor && echo absent'
	run_ok kmdev1
	assert_eq "$OUT" absent
	cfg '.mounts += [{"destination": "/dev/jfrun_monitor", "type": "bind", "source": "/dev/jfrun_monitor", "options": ["bind"]}]'
	set_args sh -c 'monitor_test abi'
	cp "$MT" "$BUNDLE/rootfs/bin/monitor_test"
	run_rc kmdev2
	[ "$RC" -ne 0 ] || fail "a container opened the device: $OUT"
	assert_contains "$OUT" "Operation not permitted"
}

# rmmod is refused while a registration lives; once its fd is closed the
# module unloads, with no registration left, and loads again.
test_rmmod_with_live_registrations_is_refused_then_clean() {
	[ -n "${KMOD_KO:-}" ] || skip "KMOD_KO unset: the module's path is unknown"
	local sleeper holder
	sleep 1000 &
	sleeper=$!
	"$MT" hold "$sleeper" >"$TEST_DIR/hold" 2>&1 &
	holder=$!
	wait_lines "$TEST_DIR/hold" 1
	assert_eq "$(cat "$TEST_DIR/hold")" held
	assert_eq "$(cat /sys/module/jfrun_monitor/parameters/registrations)" 1 registrations
	! rmmod jfrun_monitor 2>"$TEST_DIR/rmmod.err" || fail "rmmod succeeded with a live registration"
	echo "rmmod: $(cat "$TEST_DIR/rmmod.err")"
	"$MT" abi >/dev/null || fail "the module stopped working after a refused rmmod"
	kill -KILL "$holder"
	wait "$holder" || true
	rmmod jfrun_monitor || fail "rmmod after the holder died"
	[ ! -e /sys/module/jfrun_monitor ] || fail "still loaded"
	kill "$sleeper"
	insmod "$KMOD_KO" || fail "insmod again"
	for _ in $(seq 1 50); do
		[ -c /dev/jfrun_monitor ] && break
		sleep 0.1
	done
	"$MT" abi >/dev/null || fail "the reloaded module does not answer"
	assert_eq "$(cat /sys/module/jfrun_monitor/parameters/registrations)" 0 registrations
}
