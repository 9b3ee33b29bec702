# The shim (src/shim/, DESIGN.md section 3): `run -d` leaves one supervisor
# per container that keeps its log, reaps it and records how it ended;
# `logs`, `stop`, `wait` and the exit reasons of `state` and `list`.
# test-timeout: 1200  (1,000 containers in the no-loss test, also under ASan)

# Ids unique to the test: other suites on the machine may run containers
# named c1, and the cgroup path comes from the id.
ID=s${TEST_DIR##*.}
cgroup_parent_default # (the ids are unique to the test)

# run_d ID: run $BUNDLE detached; fails the test if run -d fails.
run_d() {
	jf run -d -b "$BUNDLE" "$1" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "run -d $1: $(cat "$TEST_DIR/err")"
}

shim_pid() {
	cut -d' ' -f1 "$ROOT/$1/shim.pid"
}

init_pid() {
	jf state "$1" | jq -r .pid
}

# The shims of this test: their command line is the CLI's (a fork).
our_shims() {
	pgrep -f -- "--root $ROOT run" || true
}

# no_stray_shims: every shim of this test gone (5 s).
no_stray_shims() {
	local i
	for i in $(seq 1 100); do
		[ -z "$(our_shims)" ] && return 0
		sleep 0.05
	done
	fail "shims left running: $(our_shims | xargs -r ps -o pid,ppid,stat,args -p)"
}

# zombies_of PID: the zombie children of PID.
zombies_of() {
	ps -o pid=,stat= --ppid "$1" 2>/dev/null | awk '$2 ~ /^Z/ {print $1}'
}

logs_are() { [ "$(jf logs "$1" 2>/dev/null)" = "$2" ]; }

# only_child_is PID CHILD: CHILD is PID's one child.
only_child_is() {
	[ "$(ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ')" = "$2" ]
}

# exit_field ID FIELD: a field of the state's "exit".
exit_field() {
	jf state "$1" | jq -r ".exit.$2"
}

test_shim_run_detached_leaves_one_supervisor() {
	local shim init orphan i
	# No pid namespace: an orphan is reparented to the subreaper.
	cfg 'del(.linux.namespaces[] | select(.type == "pid"))'
	set_args sh -c '(sleep 300 &); exec sleep 300'
	# An fd of the caller's that the shim must not keep.
	exec 7>"$TEST_DIR/callers-fd"
	run_d "$ID-1"
	exec 7>&-
	assert_eq "$(status_of "$ID-1")" running "status after run -d"
	shim=$(shim_pid "$ID-1")
	init=$(init_pid "$ID-1")
	[ -n "$shim" ] && [ -d "/proc/$shim" ] || fail "no shim running (shim.pid: $shim)"
	assert_eq "$(awk '/^PPid/ {print $2}' "/proc/$init/status")" "$shim" "the init's parent"
	assert_eq "$(ps -o sid= -p "$shim" | tr -d ' ')" "$shim" "the shim's session"
	assert_eq "$(awk '{print $7}' "/proc/$shim/stat")" 0 "the shim's controlling tty"
	! ls -l "/proc/$shim/fd" | grep -q callers-fd || fail "the shim holds the caller's fd"
	for i in 0 1 2; do
		assert_eq "$(readlink "/proc/$shim/fd/$i")" /dev/null "the shim's fd $i"
	done
	grep -q "/jfrun/$ID-1\$" "/proc/$init/cgroup" || fail "the init is not in its cgroup: $(cat "/proc/$init/cgroup")"
	! grep -q "/jfrun/$ID-1\$" "/proc/$shim/cgroup" || fail "the shim is in the container's cgroup: $(cat "/proc/$shim/cgroup")"
	# The orphaned sleep: the shim (a subreaper) is its parent.
	for i in $(seq 1 100); do
		orphan=$(ps -o pid=,args= --ppid "$shim" | awk '$2 == "sleep" && $1 != '"$init"' {print $1}')
		[ -n "$orphan" ] && break
		sleep 0.05
	done
	[ -n "$orphan" ] || fail "no orphan reparented to the shim: $(ps -o pid,ppid,args --ppid "$shim"; ps -o pid,ppid,args -p "$(pgrep -P 1 -x sleep | tr '\n' ',')0")"
	assert_eq "$(our_shims | wc -l)" 1 "shims of the test"
	jf delete --force "$ID-1"
	no_stray_shims
}

test_shim_failed_run_leaves_nothing() {
	set_args /bin/no-such-binary
	expect_fail "run -d" jf run -d -b "$BUNDLE" "$ID-1"
	assert_contains "$ERR" "process.args[0]"
	cfg '.annotations["org.jfrun.log.max-size"] = "12Q"'
	set_args true
	expect_fail "run -d" jf run -d -b "$BUNDLE" "$ID-2"
	assert_contains "$ERR" "org.jfrun.log.max-size"
	cfg '.annotations["org.jfrun.log.max-size"] = "1M" | .annotations["org.jfrun.log.max-files"] = "-1"'
	expect_fail "run -d" jf run -d -b "$BUNDLE" "$ID-3"
	assert_contains "$ERR" "org.jfrun.log.max-files"
	no_stray_shims
}

# expected_output I: what run I of the loss test writes to stdout.
loss_expected() {
	seq 1 $(($1 % 37 + 1))
	printf 'tail %d without a newline' "$1"
}

# N lines and a last one without a newline, the process exits at once:
# every byte is in the log once the state says stopped.  1000 runs
# (SHIM_LOSS_RUNS to change).
test_shim_no_loss_on_quick_exit() {
	local i runs=${SHIM_LOSS_RUNS:-1000} bad=0
	set_args sh -c 'seq 1 $(($N % 37 + 1)); echo err $N >&2; printf "tail %d without a newline" $N'
	for ((i = 1; i <= runs; i++)); do
		cfg ".process.env += [\"N=$i\"] | .process.env |= (map(select(startswith(\"N=\") | not)) + [\"N=$i\"])"
		run_d "$ID-$i"
		set +e
		jf wait "$ID-$i"
		local rc=$?
		set -e
		[ "$rc" -eq 0 ] || fail "run $i: wait returned $rc"
		assert_eq "$(status_of "$ID-$i")" stopped "run $i: status after wait"
		jf logs "$ID-$i" >"$TEST_DIR/out" 2>"$TEST_DIR/err2"
		if ! cmp -s "$TEST_DIR/out" <(loss_expected "$i") ||
			[ "$(cat "$TEST_DIR/err2")" != "err $i" ]; then
			bad=$((bad + 1))
			echo "run $i: differs: $(od -c "$TEST_DIR/out" | tail -3)"
		fi
		jf delete "$ID-$i"
	done
	assert_eq "$bad" 0 "runs with a difference (of $runs)"
}

# Lines longer than a record: P records of at most 8 KiB, an F at the end
# of each line; joined, the stream byte for byte.
test_shim_log_records_join_byte_for_byte() {
	python3 - "$BUNDLE/rootfs/data" <<'PY'
import random, sys
random.seed(7)
chars = bytes(range(1, 256)).replace(b"\n", b"")
out = []
for n in (0, 1, 8191, 8192, 8193, 20000, 3, 70000, 5):
    out.append(bytes(random.choice(chars) for _ in range(n)) + b"\n")
out.append(b"x" * 9000)  # a last line without a newline
open(sys.argv[1], "wb").write(b"".join(out))
PY
	set_args cat /data
	run_d "$ID-1"
	jf wait "$ID-1" || fail "wait: $?"
	local log=$ROOT/$ID-1/container.log
	# Every record: a time, a stream, P or F, at most 8 KiB of text.
	python3 - "$log" <<'PY' || fail "container.log: $(cut -c1-60 "$log" | head -5)"
import re, sys
for n, rec in enumerate(open(sys.argv[1], "rb").read().split(b"\n")[:-1]):
    m = re.match(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout [PF] ", rec)
    if not m:
        sys.exit("not a record: line %d" % (n + 1))
    if len(rec) - m.end() > 8192:
        sys.exit("record %d: %d bytes of text" % (n + 1, len(rec) - m.end()))
PY
	grep -q '^[^ ]* stdout P ' "$log" || fail "no partial record for the long lines"
	# Joined by hand: P text as is, F text plus a newline.
	python3 - "$log" "$TEST_DIR/joined" <<'PY'
import sys
out = open(sys.argv[2], "wb")
for rec in open(sys.argv[1], "rb").read().split(b"\n")[:-1]:
    ts, stream, tag, text = rec.split(b" ", 3) if rec.count(b" ") >= 3 else rec.split(b" ", 2) + [b""]
    out.write(text + (b"\n" if tag == b"F" else b""))
PY
	cmp "$TEST_DIR/joined" "$BUNDLE/rootfs/data" || fail "the records joined differ from the stream"
	jf logs "$ID-1" >"$TEST_DIR/logs"
	cmp "$TEST_DIR/logs" "$BUNDLE/rootfs/data" || fail "jfrun logs differs from the stream"
	jf delete "$ID-1"
}

# Past max-size the log rotates: bytes on disk <= max-size x (max-files+1),
# the newest max-size/2 bytes always there.
test_shim_log_rotation_bounds() {
	local max=16384 files=2 total
	cfg ".annotations[\"org.jfrun.log.max-size\"] = \"16K\" | .annotations[\"org.jfrun.log.max-files\"] = \"$files\""
	set_args sh -c 'i=0; while [ $i -lt 20000 ]; do echo "line $i of the rotation test"; i=$((i + 1)); done'
	run_d "$ID-1"
	jf wait "$ID-1" || fail "wait: $?"
	ls "$ROOT/$ID-1" >"$TEST_DIR/files"
	total=$(cat "$ROOT/$ID-1"/container.log* | wc -c)
	[ "$total" -le $((max * (files + 1))) ] ||
		fail "$total bytes of log on disk, more than $((max * (files + 1))): $(ls -l "$ROOT/$ID-1")"
	[ "$(grep -c '^container\.log' "$TEST_DIR/files")" -le $((files + 1)) ] ||
		fail "too many log files: $(cat "$TEST_DIR/files")"
	[ -s "$ROOT/$ID-1/container.log.1" ] || fail "no rotated file: $(ls -l "$ROOT/$ID-1")"
	# The newest max-size/2 bytes of the stream: the last lines.
	jf logs "$ID-1" >"$TEST_DIR/out"
	sh -c 'i=0; while [ $i -lt 20000 ]; do echo "line $i of the rotation test"; i=$((i + 1)); done' |
		tail -c $((max / 2)) >"$TEST_DIR/want"
	[ "$(tail -c $((max / 2)) "$TEST_DIR/out" | cmp - "$TEST_DIR/want" && echo same)" = same ] ||
		fail "the newest $((max / 2)) bytes are not in the log: $(tail -2 "$TEST_DIR/out")"
	# The rest is whole lines, in order, ending with the last one.
	tail -1 "$TEST_DIR/out" | grep -qx 'line 19999 of the rotation test' || fail "last line: $(tail -1 "$TEST_DIR/out")"
	jf delete "$ID-1"
}

test_shim_exit_reasons() {
	set_args sh -c 'exit 3'
	run_d "$ID-ex"
	set +e; jf wait "$ID-ex"; local rc=$?; set -e
	assert_eq "$rc" 3 "wait's exit code"
	assert_eq "$(jf state "$ID-ex" | jq -c .exit)" '{"code":3,"signal":0,"reason":"exited"}' "exit of ex"
	[ -s "$ROOT/$ID-ex/exit.json" ] || fail "no exit.json"
	assert_eq "$(jq -r '.reason + " " + (.code|tostring)' "$ROOT/$ID-ex/exit.json")" "exited 3" "exit.json"
	jq -e '.started and .finished' "$ROOT/$ID-ex/exit.json" >/dev/null || fail "exit.json: $(cat "$ROOT/$ID-ex/exit.json")"

	# Killed from outside jfrun: signaled.
	set_args sleep 300
	run_d "$ID-sg"
	kill -KILL "$(init_pid "$ID-sg")"
	set +e; jf wait "$ID-sg"; rc=$?; set -e
	assert_eq "$rc" 137 "wait's exit code, killed"
	assert_eq "$(jf state "$ID-sg" | jq -c .exit)" '{"code":137,"signal":9,"reason":"signaled"}' "exit of sg"

	# Through jfrun kill: stopped.
	run_d "$ID-st"
	jf kill "$ID-st" KILL
	set +e; jf wait "$ID-st"; rc=$?; set -e
	assert_eq "$(jf state "$ID-st" | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "exit of st"
	jf list >"$TEST_DIR/list"
	grep -q "^$ID-ex .*stopped .*exited (3)\$" "$TEST_DIR/list" || fail "list: $(cat "$TEST_DIR/list")"
	grep -q "^$ID-sg .*stopped .*signaled (137)\$" "$TEST_DIR/list" || fail "list: $(cat "$TEST_DIR/list")"
	grep -q "^$ID-st .*stopped .*stopped (137)\$" "$TEST_DIR/list" || fail "list: $(cat "$TEST_DIR/list")"
	jf delete "$ID-ex"
	jf delete "$ID-sg"
	jf delete "$ID-st"
}

test_shim_exit_reason_oom() {
	[ -d /sys/fs/cgroup/memory ] || grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null ||
		skip "no memory cgroup on this host"
	cfg '.linux.resources.memory = {"limit": 16777216, "swap": 16777216}'
	# A string that doubles until the OOM killer takes the shell.
	set_args sh -c 'x=0123456789abcdef; while :; do x=$x$x; done'
	run_d "$ID-oo"
	set +e; jf wait "$ID-oo"; local rc=$?; set -e
	assert_eq "$(jf state "$ID-oo" | jq -c .exit)" '{"code":137,"signal":9,"reason":"oom"}' "exit of oo"
	assert_eq "$rc" 137 "wait's exit code"
	jf delete "$ID-oo"
}

test_shim_logs_follow_tail_since() {
	local since
	# (The order of stdout and stderr records written at the same
	# moment is the order the shim read them in: they are apart here.)
	# (Lines 6 to 8 wait for /tmp/go: logs -f is seen following first.)
	set_args sh -c 'echo "an error" >&2; sleep 0.2; i=1; while [ $i -le 5 ]; do echo "line $i"; i=$((i+1)); done; until [ -e /tmp/go ]; do sleep 0.05; done; echo "line 6"; echo "line 7"; printf "line 8"; sleep 0.5'
	run_d "$ID-1"
	jf logs -f "$ID-1" >"$TEST_DIR/follow" 2>"$TEST_DIR/follow.err" &
	local pid=$!
	wait_lines "$TEST_DIR/follow" 5
	kill -0 $pid 2>/dev/null || fail "logs -f returned while the container runs"
	touch "/proc/$(init_pid "$ID-1")/root/tmp/go"
	set +e; wait $pid; local rc=$?; set -e
	assert_eq "$rc" 0 "logs -f exit code"
	assert_eq "$(status_of "$ID-1")" stopped "status once logs -f returned"
	assert_eq "$(cat "$TEST_DIR/follow")" "$(printf 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8')" "logs -f"
	assert_eq "$(cat "$TEST_DIR/follow.err")" "an error" "logs -f, stderr"
	assert_eq "$(jf logs --tail 2 "$ID-1" 2>&1)" "$(printf 'line 7\nline 8')" "--tail 2"
	assert_eq "$(jf logs --tail 0 "$ID-1" 2>&1)" "" "--tail 0"
	since=$(jf logs --timestamps "$ID-1" | grep ' line 6$' | cut -d' ' -f1)
	[ -n "$since" ] || fail "--timestamps: $(jf logs --timestamps "$ID-1")"
	assert_eq "$(jf logs --since "$since" "$ID-1" 2>&1)" "$(printf 'line 6\nline 7\nline 8')" "--since $since"
	assert_eq "$(jf logs --since 1h "$ID-1" 2>&1 | head -2)" "$(printf 'an error\nline 1')" "--since 1h"
	expect_fail "logs of nothing" jf logs nothere
	assert_contains "$ERR" 'container "nothere" does not exist'
	expect_fail "--since" jf logs --since yesterday "$ID-1"
	assert_contains "$ERR" "--since"
	set_args true
	jf create -b "$BUNDLE" "$ID-2"
	expect_fail "logs without a shim" jf logs "$ID-2"
	assert_contains "$ERR" "has no log"
	jf delete "$ID-1"
	jf delete --force "$ID-2"
}

test_shim_stop_trapped_term() {
	set_args sh -c 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done'
	run_d "$ID-1"
	wait_signal_caught "$(init_pid "$ID-1")" 15
	local t0=$SECONDS
	jf stop "$ID-1"
	assert_eq "$(status_of "$ID-1")" stopped "status once stop returned"
	[ $((SECONDS - t0)) -lt 5 ] || fail "stop took $((SECONDS - t0)) s for a process that exits on TERM"
	assert_eq "$(jf state "$ID-1" | jq -c .exit)" '{"code":7,"signal":0,"reason":"stopped"}' "exit"
	assert_contains "$(jf logs "$ID-1")" "got TERM"
	jf stop "$ID-1" # stopped already: nothing to do
	jf delete "$ID-1"
}

test_shim_stop_kills_what_ignores_term() {
	set_args sh -c 'trap "" TERM; echo ready; while :; do sleep 0.05; done'
	run_d "$ID-1"
	wait_signal_caught "$(init_pid "$ID-1")" 15 SigIgn
	local t0 ms
	t0=$(date +%s%N)
	jf stop -t 1 "$ID-1"
	ms=$((($(date +%s%N) - t0) / 1000000))
	assert_eq "$(status_of "$ID-1")" stopped "status once stop returned"
	[ "$ms" -ge 900 ] || fail "stop -t 1 returned after $ms ms: the timeout not waited out"
	[ "$ms" -lt 6000 ] || fail "stop -t 1 took $ms ms"
	assert_eq "$(jf state "$ID-1" | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "exit"
	expect_fail "stop -t x" jf stop -t x "$ID-1"
	assert_contains "$ERR" "-t"
	jf delete "$ID-1"
}

test_shim_wait_returns_exit_code() {
	set_args sh -c 'sleep 0.5; exit 42'
	run_d "$ID-1"
	local t0=$SECONDS
	set +e; jf wait "$ID-1"; local rc=$?; set -e
	assert_eq "$rc" 42 "wait's exit code"
	assert_eq "$(status_of "$ID-1")" stopped "status once wait returned"
	set +e; jf wait "$ID-1"; rc=$?; set -e
	assert_eq "$rc" 42 "wait's exit code, stopped already"
	expect_fail "wait of nothing" jf wait nothere
	jf delete "$ID-1"
}

# Orphans (no pid namespace) are reaped by the shim while the init runs.
test_shim_reaps_orphans() {
	local shim
	cfg 'del(.linux.namespaces[] | select(.type == "pid"))'
	set_args sh -c 'for i in 1 2 3 4 5; do (sleep 0.1 &); done; exec sleep 300'
	run_d "$ID-1"
	shim=$(shim_pid "$ID-1")
	wait_comm "$(init_pid "$ID-1")" sleep # (the orphans are born by then)
	# Until the orphans have exited and been reaped: the shim's one child
	# left is the init.
	poll only_child_is "$shim" "$(init_pid "$ID-1")" ||
		fail "children of the shim besides the init (zombies: $(zombies_of "$shim" | tr '\n' ' ')): $(ps -o pid=,stat=,args= --ppid "$shim" | tr '\n' ';')"
	jf delete --force "$ID-1"
	no_stray_shims
}

test_shim_killed_leaves_container_unsupervised() {
	set_args sleep 300
	run_d "$ID-1"
	kill -KILL "$(shim_pid "$ID-1")"
	no_stray_shims
	assert_eq "$(status_of "$ID-1")" running "status without its shim"
	assert_eq "$(jf state "$ID-1" | jq -r .unsupervised)" true "state's unsupervised"
	jf list | grep -q "^$ID-1 .*running .*unsupervised\$" || fail "list: $(jf list)"
	jf delete --force "$ID-1"
}

test_shim_delete_removes_the_log() {
	set_args echo hello
	run_d "$ID-1"
	jf wait "$ID-1"
	[ -s "$ROOT/$ID-1/container.log" ] || fail "no log"
	jf delete "$ID-1"
	[ ! -e "$ROOT/$ID-1" ] || fail "state dir left: $(ls -A "$ROOT/$ID-1")"
	# (nothing_left checks that no spare keeps the log either.)
}

# kill -9 of the CLI, the shim or the container at moments of run -d
# (fault points, src/fault.h): a working container, or one that
# delete --force removes completely; never a zombie or a stray shim.
shim_fault_case() { # WHAT POINT
	local what=$1 point=$2 id=$ID-f$RANDOM rc shim
	case $what in
	shim|init)
		set +e
		JFRUN_TEST_KILL_AT=$point jf run -d -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/err"
		rc=$?
		set -e
		;;
	cli)
		# The shim holds still at the point; the CLI dies meanwhile.
		# (jfrun itself, not a subshell running jf, is $!.)
		JFRUN_TEST_PAUSE_AT=$point:400 "$JFRUN" --root "$ROOT" run -d -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/err" &
		local cli=$!
		sleep 0.2
		[ "$(readlink /proc/$cli/exe)" = "$(readlink -f "$JFRUN")" ] || fail "not the CLI: $(cat /proc/$cli/cmdline | tr '\0' ' ')"
		kill -KILL $cli
		set +e; wait $cli; rc=$?; set -e
		sleep 0.5
		;;
	esac
	if [ -d "$ROOT/$id" ] && [ "$(status_of "$id" 2>/dev/null)" = running ]; then
		# A working container: its log works, it stops.
		shim=$(shim_pid "$id" 2>/dev/null || true)
		jf logs "$id" >/dev/null 2>&1 || [ -z "$shim" ] || fail "$what at $point: logs of a running container failed"
		jf stop -t 1 "$id" || fail "$what at $point: stop: $?"
	fi
	jf delete --force "$id" 2>"$TEST_DIR/err" || fail "$what at $point: delete --force failed: $(cat "$TEST_DIR/err")"
	[ ! -e "$ROOT/$id" ] || fail "$what at $point: left: $(ls -A "$ROOT/$id")"
	no_stray_shims
	[ -z "$(pgrep -f -- "--root $ROOT run.* $id\$" || true)" ] || fail "$what at $point: a jfrun left"
	[ -z "$(zombies_of 1 | xargs -r ps -o args= -p | grep -F -- "$ROOT" || true)" ] || fail "$what at $point: zombies"
	echo "$what at $point: run -d exited $rc, then removed"
}

test_shim_kill9_matrix() {
	local p
	set_args sh -c 'echo hi; exec sleep 300'
	for p in claimed published cgroup-created cloned pid-saved setup-done shim-created shim-running shim-reported; do
		shim_fault_case shim $p
	done
	for p in init-unshared init-mounted init-ready; do
		shim_fault_case init $p
	done
	for p in shim-created shim-running; do
		shim_fault_case cli $p
	done
	# The CLI dies, the shim goes on: the container works.  Once the
	# container runs, the shim holds still at shim-running (3 s) before
	# it tells the CLI: the CLI is killed while it waits.
	JFRUN_TEST_PAUSE_AT=shim-running:3000 "$JFRUN" --root "$ROOT" run -d -b "$BUNDLE" "$ID-k1" </dev/null >/dev/null 2>"$TEST_DIR/err" &
	local cli=$!
	wait_status "$ID-k1" running
	[ ! -e "/proc/$cli" ] || [ "$(readlink /proc/$cli/exe)" = "$(readlink -f "$JFRUN")" ] ||
		fail "not the CLI: $(cat /proc/$cli/cmdline | tr '\0' ' ')"
	kill -KILL $cli
	wait $cli || true
	assert_eq "$(status_of "$ID-k1")" running "status after the CLI was killed"
	[ -d "/proc/$(shim_pid "$ID-k1")" ] || fail "the shim died with its CLI"
	poll logs_are "$ID-k1" hi || assert_eq "$(jf logs "$ID-k1")" hi "log after the CLI was killed"
	jf delete --force "$ID-k1"
	no_stray_shims
}

# With process.terminal, the shim is the terminal's other end: what the
# process writes to it is the log.
test_shim_terminal_output_is_logged() {
	cfg '.process.terminal = true'
	set_args sh -c 'tty; printf "on a terminal"'
	run_d "$ID-1"
	jf wait "$ID-1" || fail "wait: $?"
	assert_eq "$(jf logs "$ID-1" | tr -d '\r')" "$(printf '/dev/pts/0\non a terminal')" "log of a terminal"
	jf delete "$ID-1"
}

# A full disk: the shim and the container go on, the bytes that could not
# be written are counted, and the log says so once space returns.
test_shim_full_disk_drops_and_says_so() {
	local small=$TEST_DIR/small
	mkdir -p "$small"
	mount -t tmpfs -o size=512k tmpfs "$small" || skip "cannot mount a tmpfs"
	ROOT=$small/root
	mkdir -p "$ROOT"
	# The last line waits for /tmp/go, given once the space is back.
	set_args sh -c 'i=0; while [ $i -lt 3000 ]; do echo "burst line $i of a disk that fills up"; i=$((i+1)); done; touch /tmp/burst-done; until [ -e /tmp/go ]; do sleep 0.05; done; echo after the space came back'
	# Leave ~48 KB free: the burst (~120 KB) does not fit.
	dd if=/dev/zero of="$small/filler" bs=1k count=$(($(df --output=avail -k "$small" | tail -1) - 48)) 2>/dev/null || true
	run_d "$ID-1"
	# The burst written: the shim has read all of it but a pipe's worth
	# (64 KB), more than the 48 KB free.
	local root
	root=/proc/$(init_pid "$ID-1")/root
	poll test -e "$root/tmp/burst-done" || fail "the burst never ended"
	rm -f "$small/filler"
	touch "$root/tmp/go"
	set +e; jf wait "$ID-1"; local rc=$?; set -e
	assert_eq "$rc" 0 "the container's exit code (it was not killed)"
	jf logs "$ID-1" >"$TEST_DIR/out" 2>"$TEST_DIR/err"
	grep -q '^jfrun: [0-9]* bytes of output dropped: No space left on device$' "$TEST_DIR/err" ||
		fail "no note of the dropped bytes: $(cat "$TEST_DIR/err")"
	assert_eq "$(tail -1 "$TEST_DIR/out")" "after the space came back" "the line after"
	jf delete "$ID-1"
	umount "$small"
}

# Memory stays flat under a burst: the pipes give back-pressure, the
# shim holds one record at a time.  (SHIM_BURST_MB, default 100.)
test_shim_burst_is_logged_whole_in_flat_memory() {
	local mb=${SHIM_BURST_MB:-100} shim before hwm lines i
	cfg '.annotations["org.jfrun.log.max-size"] = "2G"'
	# 64-byte lines: 16384 a MB, once the first has been logged.
	set_args sh -c "sleep 0.5; yes 'a line of the burst, 64 bytes long, said again and again......' | head -n $((mb * 16384)); sleep 2"
	run_d "$ID-1"
	shim=$(shim_pid "$ID-1")
	# The shim's peak before the burst (an ASan build's is larger).
	before=$(awk '/^VmHWM/ {print $2}' "/proc/$shim/status")
	for i in $(seq 1 600); do
		[ "$(stat -c %s "$ROOT/$ID-1/container.log")" -ge $((mb * 1048576)) ] && break
		sleep 0.1
	done
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$shim/status")
	jf wait "$ID-1" || fail "wait: $?"
	lines=$(jf logs "$ID-1" | wc -l)
	assert_eq "$lines" $((mb * 16384)) "lines in the log"
	[ $((hwm - before)) -lt 1024 ] || fail "the shim's peak RSS grew from $before to $hwm kB"
	echo "shim peak RSS $before kB before, $hwm kB after $mb MB"
	jf delete "$ID-1"
}

# An orphan that goes on writing (no pid namespace: it outlives the init)
# does not keep the shim draining: the end is recorded at once.
test_shim_endless_orphan_does_not_hold_the_end() {
	cfg 'del(.linux.namespaces[] | select(.type == "pid"))'
	set_args sh -c 'for i in 1 2 3 4 5 6; do (yes orphan &); done; sleep 0.3; exit 5'
	run_d "$ID-1"
	set +e; timeout 10 "$JFRUN" --root "$ROOT" wait "$ID-1"; local rc=$?; set -e
	assert_eq "$rc" 5 "wait's exit code (124: it never ended)"
	assert_eq "$(jf state "$ID-1" | jq -c .exit)" '{"code":5,"signal":0,"reason":"exited"}' "exit"
	jf delete --force "$ID-1"
	no_stray_shims
}

# Managed mode from a shell (DESIGN.md sections 2 and 3): `create` leaves
# the init to its caller's subreaper, as runc does, and no shim; a
# container that asks for a jfrun feature by annotation gets a sidecar,
# not its parent, which records how it ended (the status its reaper got,
# the reason) for `state` before it exits with it.
# sidecar_case ID HOW: create + start, end it HOW; its state's exit in
# $SIDECAR_EXIT (not printed: a fail here must end the test itself).
sidecar_case() {
	local id=$1 side init i exit=null
	jf create -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "create $id: $(cat "$TEST_DIR/err")"
	jf start "$id"
	[ ! -e "$ROOT/$id/shim.pid" ] || fail "$id: create left a shim"
	side=$(cut -d' ' -f1 "$ROOT/$id/sidecar.pid")
	init=$(init_pid "$id")
	assert_eq "$(cat "/proc/$side/comm")" jfrun-sidecar "$id: the sidecar"
	case $2 in
	exit) wait_signal_caught "$init" 10 ;;
	*) wait_comm "$init" sleep ;;
	esac
	[ "$(ps -o ppid= -p "$init" | tr -d ' ')" != "$side" ] || fail "$id: the sidecar is the init's parent"
	case $2 in
	exit) kill -USR1 "$init" ;;
	jfrun-kill) jf kill "$id" KILL ;;
	kill) kill -KILL "$init" ;;
	esac
	# `wait` waits for the sidecar's record too.
	if [ "$2" = exit ]; then
		set +e
		jf wait "$id"
		i=$?
		set -e
		assert_eq "$i" 3 "$id: wait's exit code"
		assert_eq "$(jf state "$id" | jq -c .exit.code)" 3 "$id: state's exit code once wait returned"
	fi
	for i in $(seq 1 200); do
		exit=$(jf state "$id" | jq -c .exit)
		[ "$exit" != null ] && [ ! -d "/proc/$side" ] && break
		sleep 0.05
	done
	[ ! -d "/proc/$side" ] || fail "$id: the sidecar outlived its container"
	assert_eq "$(status_of "$id")" stopped "$id: status"
	jq -e '.started and .finished' "$ROOT/$id/exit.json" >/dev/null || fail "$id: exit.json: $(cat "$ROOT/$id/exit.json")"
	SIDECAR_EXIT=$exit
}

test_shim_sidecar_records_the_exit() {
	cfg '.annotations["org.jfrun.rss.soft"] = "1G"'
	set_args sh -c 'trap "exit 3" USR1; sleep 100000 & wait'
	sidecar_case "$ID-ex" exit
	assert_eq "$SIDECAR_EXIT" '{"code":3,"signal":0,"reason":"exited"}' "exit through a signal it traps"
	set_args sleep 100000
	sidecar_case "$ID-st" jfrun-kill
	assert_eq "$SIDECAR_EXIT" '{"code":137,"signal":9,"reason":"stopped"}' "jfrun kill"
	sidecar_case "$ID-sg" kill
	assert_eq "$SIDECAR_EXIT" '{"code":137,"signal":9,"reason":"signaled"}' "killed from outside"
	jf delete "$ID-ex"
	jf delete "$ID-st"
	jf delete "$ID-sg"
	# No annotation: no sidecar, no shim, the init's exit as runc leaves it.
	cfg 'del(.annotations["org.jfrun.rss.soft"])'
	jf create -b "$BUNDLE" "$ID-no" </dev/null >/dev/null 2>&1
	[ ! -e "$ROOT/$ID-no/sidecar.pid" ] && [ ! -e "$ROOT/$ID-no/shim.pid" ] ||
		fail "a sidecar or a shim for a container that asked for none"
	jf delete --force "$ID-no"
}

# A paused container: stop's signal waits in the freezer, the KILL after
# the timeout thaws it (as runc, `kill` of a paused container with KILL
# thaws it; other signals wait until resume).
test_shim_stop_paused() {
	local t0
	set_args sh -c 'trap "" TERM; echo ready; sleep 100000 & wait'
	run_d "$ID-1"
	run_d "$ID-2"
	run_d "$ID-3"
	wait_lines "$ROOT/$ID-3/container.log" 1
	jf pause "$ID-1"
	jf pause "$ID-2"
	jf pause "$ID-3"
	t0=$SECONDS
	timeout 60 "$JFRUN" --root "$ROOT" stop -t 1 "$ID-1" || fail "stop of a paused container: $?"
	[ $((SECONDS - t0)) -lt 30 ] || fail "stop -t 1 of a paused container took $((SECONDS - t0)) s"
	assert_eq "$(status_of "$ID-1")" stopped "status once stop returned"
	assert_eq "$(jf state "$ID-1" | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "exit of a stopped paused container"
	# kill TERM: held while paused; KILL (and --all KILL): thawed, dead.
	jf kill "$ID-2" TERM
	jf kill "$ID-2" KILL
	jf kill --all "$ID-3" KILL
	timeout 60 "$JFRUN" --root "$ROOT" wait "$ID-2" || [ $? -eq 137 ] || fail "wait $ID-2"
	timeout 60 "$JFRUN" --root "$ROOT" wait "$ID-3" || [ $? -eq 137 ] || fail "wait $ID-3"
	assert_eq "$(jf state "$ID-2" | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "exit after kill KILL"
	assert_eq "$(jf state "$ID-3" | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "exit after kill --all KILL"
	jf delete "$ID-1"
	jf delete "$ID-2"
	jf delete "$ID-3"
	no_stray_shims
}
