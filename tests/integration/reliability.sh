# Reliability of the core: many jfruns on one --root, races on one
# container, jfrun killed at every step of create, stale state after the
# init (or the host) went away, hostile config.json.  README "Reliability"
# lists the guarantees these tests hold jfrun to.

# Ids unique to this run: a container's cgroup (/jfrun/<id>) is shared by
# every jfrun on the host, whatever its --root.
cgroup_parent_default
rid() {
	echo "rel${TEST_DIR##*.}-$1"
}

# The container's processes carry this in their environment, so that
# leftovers can be found after they exec'd.
mark_bundle() {
	cfg ".process.env += [\"JF_RELIABILITY_MARK=$TEST_DIR\"]"
}

# Processes of this test: exec'd container processes (the mark), jfruns
# and not yet exec'd inits (their command line names our --root).
leftover_processes() {
	local p cmd
	for p in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
		case $cmd in
		*"--root $ROOT "*) echo "${p#/proc/}: $cmd"; continue ;;
		esac
		if tr '\0' '\n' <"$p/environ" 2>/dev/null |
			grep -qxF "JF_RELIABILITY_MARK=$TEST_DIR"; then
			echo "${p#/proc/}: $cmd"
		fi
	done
}

# assert_gone ID...: nothing of these containers is left: no entry at all
# in the state root (not even a hidden one but spares), no cgroup in any hierarchy,
# no mount, no process.
assert_gone() {
	local left id d i
	left=$(state_root_left "$ROOT")
	[ -z "$left" ] || fail "left in the state root: $left"
	for id in "$@"; do
		for d in /sys/fs/cgroup/*/jfrun/"$id" /sys/fs/cgroup/jfrun/"$id"; do
			[ ! -e "$d" ] || fail "cgroup left: $d"
		done
	done
	! grep -qF "$TEST_DIR" /proc/self/mountinfo || fail "mounts left under $TEST_DIR"
	# An init killed with its runtime (PDEATHSIG) may take a moment to
	# be gone: poll (5 s) before calling it left.
	for i in $(seq 100); do
		left=$(leftover_processes)
		[ -n "$left" ] || break
		sleep 0.05
	done
	[ -z "$left" ] || fail "processes left: $left"
}

# wait_file PATH: poll until PATH exists (10 s; a hang guard, not a timing
# assertion).
wait_file() {
	local i
	for i in $(seq 1 200); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 never appeared"
}

# A hook: "sh -c SCRIPT" run by the runtime.
hook() {
	jq -n --arg s "$1" '{path: "/bin/sh", args: ["sh", "-c", $s]}'
}

# create_killed_after SECONDS ID: a create SIGKILLed after SECONDS (or
# done by then).  Not timeout(1): with -s KILL it kills itself too, and the
# jfrun it leaves unreaped stays a zombie for a while.
create_killed_after() {
	"$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$2" >/dev/null 2>&1 &
	local pid=$!
	sleep "$1"
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# The phases of create that JFRUN_TEST_KILL_AT can stop it at
# (src/fault.h).
KILL_PHASES="claimed published cgroup-created fifo-made cloned pid-saved setup-done created"

# fault_points_listed: the points src/fault.h lists, one a line, sorted.
fault_points_listed() {
	awk '/The points, by who reaches them:/ { on = 1; next }
		on && /^ \*$/ { exit }
		on { sub(/^ \* +/, ""); sub(/^[^:]*: +/, ""); print }' "$REPO/src/fault.h" |
		tr ' ' '\n' | grep . | sort
}

# src/fault.h's list is the code's: every jf_fault_point() names a listed
# point, every listed point is reached somewhere, and the points the tests
# kill or pause at are listed.
test_fault_points_listed_are_the_code_s() {
	local listed code used
	listed=$(fault_points_listed)
	[ "$(echo "$listed" | wc -l)" -ge 20 ] || fail "src/fault.h lists too few points: $listed"
	code=$(grep -rhoE 'jf_fault_point\("[^"]*"\)' "$REPO/src" | sed -E 's/.*\("(.*)"\)/\1/' | sort -u)
	! grep -rnE 'jf_fault_point\([^")]' "$REPO/src" | grep -v 'void jf_fault_point(const char' >"$TEST_DIR/calls" ||
		fail "jf_fault_point() calls without a literal name: $(cat "$TEST_DIR/calls")"
	diff <(echo "$listed") <(echo "$code") >"$TEST_DIR/diff" ||
		fail "src/fault.h (<) and the code (>) differ: $(tr '\n' ' ' <"$TEST_DIR/diff")"
	used=$( (echo $KILL_PHASES | tr ' ' '\n'
		grep -rhoE 'JFRUN_TEST_(KILL|PAUSE)_AT=[a-z][a-z-]*' "$REPO/tests" | sed 's/.*=//') | sort -u)
	[ -n "$used" ] || fail "no point found in the tests"
	[ -z "$(comm -23 <(echo "$used") <(echo "$listed"))" ] ||
		fail "tests use points that are not listed: $(comm -23 <(echo "$used") <(echo "$listed") | tr '\n' ' ')"
}

test_parallel_lifecycles_leave_nothing() {
	set_args sleep 600
	mark_bundle
	local ids=() i
	for i in $(seq 1 100); do ids+=("$(rid p$i)"); done
	# 8 at a time; each: create, start, check it runs, delete --force.
	printf '%s\n' "${ids[@]}" | xargs -P 8 -n 1 bash -c '
		jfrun=$0 root=$1 bundle=$2 id=$3
		"$jfrun" --root "$root" create -b "$bundle" "$id" &&
		"$jfrun" --root "$root" start "$id" &&
		[ "$("$jfrun" --root "$root" state "$id" | jq -r .status)" = running ] &&
		"$jfrun" --root "$root" delete --force "$id" ||
		{ echo "lifecycle of $id failed" >&2; exit 1; }
	' "$JFRUN" "$ROOT" "$BUNDLE" 2>"$TEST_DIR/parallel.err" ||
		fail "parallel lifecycles: $(head -c 2000 "$TEST_DIR/parallel.err")"
	assert_gone "${ids[@]}"
}

test_racing_creates_one_winner() {
	set_args sleep 600
	mark_bundle
	local id i wins=0 winner=
	id=$(rid race)
	for i in $(seq 1 8); do
		(
			while [ ! -e "$TEST_DIR/go" ]; do sleep 0.005; done
			set +e
			"$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$id" \
				>"$TEST_DIR/out.$i" 2>"$TEST_DIR/err.$i"
			echo $? >"$TEST_DIR/rc.$i"
		) &
	done
	touch "$TEST_DIR/go"
	wait
	for i in $(seq 1 8); do
		if [ "$(cat "$TEST_DIR/rc.$i")" = 0 ]; then
			wins=$((wins + 1))
			winner=$i
		else
			assert_contains "$(cat "$TEST_DIR/err.$i")" \
				"container \"$id\" already exists" "loser $i"
		fi
	done
	assert_eq "$wins" 1 "number of winners"
	# The losers did not disturb the winner: its init is alive, its
	# cgroup is there, it starts.
	assert_eq "$(status_of "$id")" created "winner's status"
	kill -0 "$(jf state "$id" | jq -r .pid)" || fail "winner's init is gone"
	[ -d /sys/fs/cgroup/jfrun/"$id" ] || ls -d /sys/fs/cgroup/*/jfrun/"$id" >/dev/null 2>&1 ||
		fail "winner's cgroup is gone"
	jf start "$id"
	assert_eq "$(status_of "$id")" running "winner after start"
	jf delete --force "$id"
	assert_gone "$id"
}

test_kill_during_delete_is_consistent() {
	set_args sleep 600
	mark_bundle
	# delete holds the container's lock while its poststop hook runs.
	cfg ".hooks.poststop = [$(hook "touch $TEST_DIR/in-poststop; sleep 1")]"
	local id dpid
	id=$(rid kd)
	jf create -b "$BUNDLE" "$id"
	jf start "$id"
	jf delete --force "$id" 2>"$TEST_DIR/delete.err" &
	dpid=$!
	wait_file "$TEST_DIR/in-poststop"
	# kill waits for delete's lock, then finds nothing.
	expect_fail "kill during delete" jf kill "$id" KILL
	assert_contains "$ERR" "container \"$id\" does not exist"
	wait "$dpid" || fail "delete --force: $(cat "$TEST_DIR/delete.err")"
	assert_gone "$id"
}

test_two_starts_one_wins() {
	set_args sleep 600
	mark_bundle
	# start holds the lock while its poststart hook runs.
	cfg ".hooks.poststart = [$(hook "sleep 0.5")]"
	local id i wins=0
	id=$(rid ts)
	jf create -b "$BUNDLE" "$id"
	for i in 1 2; do
		(
			while [ ! -e "$TEST_DIR/go" ]; do sleep 0.005; done
			set +e
			"$JFRUN" --root "$ROOT" start "$id" 2>"$TEST_DIR/err.$i"
			echo $? >"$TEST_DIR/rc.$i"
		) &
	done
	touch "$TEST_DIR/go"
	wait
	for i in 1 2; do
		if [ "$(cat "$TEST_DIR/rc.$i")" = 0 ]; then
			wins=$((wins + 1))
		else
			assert_contains "$(cat "$TEST_DIR/err.$i")" \
				"container \"$id\" is running: only a created container can be started"
		fi
	done
	assert_eq "$wins" 1 "number of successful starts"
	assert_eq "$(status_of "$id")" running
	jf delete --force "$id"
	assert_gone "$id"
}

test_delete_force_during_create_waits() {
	set_args sleep 600
	mark_bundle
	# create holds the lock while its createRuntime hook runs.
	cfg ".hooks.createRuntime = [$(hook "touch $TEST_DIR/in-create; sleep 1")]"
	local id cpid
	id=$(rid dc)
	jf create -b "$BUNDLE" "$id" 2>"$TEST_DIR/create.err" &
	cpid=$!
	wait_file "$TEST_DIR/in-create"
	# delete waits until create is done, then removes the container.
	jf delete --force "$id"
	wait "$cpid" || fail "create: $(cat "$TEST_DIR/create.err")"
	expect_fail "state after delete" jf state "$id"
	assert_contains "$ERR" "does not exist"
	assert_gone "$id"
}

test_sigkill_create_at_each_phase_then_delete_force_cleans() {
	set_args sleep 600
	mark_bundle
	local phase id rc st
	for phase in $KILL_PHASES; do
		id=$(rid "k-$phase")
		set +e
		JFRUN_TEST_KILL_AT=$phase "$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$id" \
			>/dev/null 2>"$TEST_DIR/err"
		rc=$?
		set -e
		[ "$rc" -eq 137 ] || fail "$phase: create exited $rc, not killed: $(cat "$TEST_DIR/err")"
		assert_contains "$(cat "$TEST_DIR/err")" "JFRUN_TEST_KILL_AT=$phase"
		# Where the state dir is published depends on the order (the
		# init is cloned first where the cgroup can be made late): a
		# container that was not published yet does not exist.
		if [ ! -e "$ROOT/$id" ]; then
			expect_fail "$phase: state" jf state "$id"
			assert_contains "$ERR" "does not exist"
		else
			# state and list show it honestly, they do not fail.
			st=$(jf state "$id") || fail "$phase: state failed"
			case $(echo "$st" | jq -r .status) in
			creating | created | stopped) ;;
			*) fail "$phase: state: $st" ;;
			esac
			jf list --format json | jq -e --arg id "$id" 'map(.id) | index($id)' \
				>/dev/null || fail "$phase: not in list: $(jf list --format json)"
		fi
		jf delete --force "$id" 2>"$TEST_DIR/err" ||
			fail "$phase: delete --force: $(cat "$TEST_DIR/err")"
		assert_gone "$id"
	done
}

# The init must not get ahead of what state.json records: killed after
# clone, before the pid is saved, jfrun leaves no init behind even when
# the init had all the time it wanted to go as far as it can alone.
test_sigkill_create_before_pid_saved_leaves_no_init() {
	set_args sleep 600
	mark_bundle
	local id
	id=$(rid kpid)
	set +e
	JFRUN_TEST_KILL_AT=cloned:500 "$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$id" 2>/dev/null
	set -e
	# The state dir comes before the clone or after it (see
	# test_sigkill_create_at_each_phase...): stopped, or not there.
	if [ -e "$ROOT/$id" ]; then
		# (Its init dies of PDEATHSIG: "creating" until it is gone.)
		wait_status "$id" stopped
		jf delete "$id"
	fi
	assert_gone "$id"
}

test_sigkill_create_after_cgroup_then_delete_force_removes_cgroup() {
	set_args sleep 600
	local id
	id=$(rid kcg)
	set +e
	JFRUN_TEST_KILL_AT=cgroup-created "$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$id" 2>/dev/null
	set -e
	[ -d /sys/fs/cgroup/jfrun/"$id" ] || ls -d /sys/fs/cgroup/*/jfrun/"$id" >/dev/null 2>&1 ||
		fail "no cgroup was made"
	# (Its init dies of PDEATHSIG: "creating" until it is gone, which
	# takes an ASan build on a loaded machine a while.)
	wait_status "$id" stopped
	jf delete --force "$id"
	assert_gone "$id"
}

test_sigkill_create_at_random_times_then_delete_force_cleans() {
	set_args sleep 600
	mark_bundle
	local delay id n=0
	for delay in 0.001 0.002 0.003 0.005 0.008 0.012 0.017 0.025 0.035 0.05 0.07 0.1; do
		n=$((n + 1))
		id=$(rid "t$n")
		create_killed_after "$delay" "$id"
		if [ -d "$ROOT/$id" ]; then
			jf state "$id" >/dev/null 2>"$TEST_DIR/err" ||
				fail "after ${delay}s: state failed: $(cat "$TEST_DIR/err")"
		fi
		jf list >/dev/null 2>"$TEST_DIR/err" ||
			fail "after ${delay}s: list failed: $(cat "$TEST_DIR/err")"
		jf delete --force "$id" 2>"$TEST_DIR/err" ||
			fail "after ${delay}s: delete --force: $(cat "$TEST_DIR/err")"
		# A create killed before publishing leaves a private directory
		# that the next create of any id sweeps.
		jf create -b "$BUNDLE" "$id-next"
		jf delete --force "$id-next"
		assert_gone "$id" "$id-next"
	done
}

test_sigkill_delete_at_each_phase_then_delete_again_cleans() {
	set_args sleep 600
	mark_bundle
	local phase id rc
	for phase in delete-killed delete-cgroup-removed; do
		id=$(rid "kd-$phase")
		jf create -b "$BUNDLE" "$id"
		jf start "$id"
		set +e
		JFRUN_TEST_KILL_AT=$phase "$JFRUN" --root "$ROOT" delete --force "$id" 2>/dev/null
		rc=$?
		set -e
		[ "$rc" -eq 137 ] || fail "$phase: delete exited $rc, not killed"
		assert_eq "$(status_of "$id")" stopped "$phase: status"
		jf delete "$id"
		assert_gone "$id"
	done
}

test_init_dies_during_setup_cleans_up() {
	set_args sleep 600
	mark_bundle
	# The hook runs in the middle of the init's setup: it kills the init.
	cfg ".hooks.createRuntime = [$(hook 'kill -KILL "$(jq -r .pid)"')]"
	local id
	id=$(rid ids)
	expect_fail "create" jf create -b "$BUNDLE" "$id"
	assert_contains "$ERR" "init"
	assert_contains "$ERR" "SIGKILL"
	expect_fail "state" jf state "$id"
	assert_contains "$ERR" "does not exist"
	assert_gone "$id"
}

test_stale_state_after_pid_gone() {
	set_args sleep 600
	mark_bundle
	local id pid
	id=$(rid sg)
	jf create -b "$BUNDLE" "$id"
	jf start "$id"
	pid=$(jf state "$id" | jq -r .pid)
	# The init disappears behind jfrun's back (as after a reboot).
	kill -KILL "$pid"
	wait_status "$id" stopped
	expect_fail "kill" jf kill "$id" KILL
	assert_contains "$ERR" "stopped"
	jf list | grep -q "$id .*stopped" || fail "list: $(jf list)"
	jf delete "$id"
	assert_gone "$id"
}

test_stale_state_pid_reused_is_never_signalled() {
	set_args sleep 600
	mark_bundle
	local id pid other
	id=$(rid sr)
	jf create -b "$BUNDLE" "$id"
	jf start "$id"
	pid=$(jf state "$id" | jq -r .pid)
	kill -KILL "$pid"
	wait_status "$id" stopped
	# Its pid now belongs to an unrelated process (pid reuse, or a reboot
	# with a state dir that survived): same pid, another start time.
	sleep 600 &
	other=$!
	jq --argjson p "$other" '.pid = $p' "$ROOT/$id/state.json" >"$TEST_DIR/s.json"
	mv "$TEST_DIR/s.json" "$ROOT/$id/state.json"
	assert_eq "$(status_of "$id")" stopped
	expect_fail "kill" jf kill "$id" KILL
	expect_fail "kill --all" jf kill --all "$id" KILL
	expect_fail "exec" jf exec "$id" true
	jf delete --force "$id"
	kill -0 "$other" || fail "jfrun signalled pid $other, which is not its container"
	kill "$other"
	wait "$other" 2>/dev/null || true
	assert_gone "$id"
}

# What a power cut can do to a persistent --root (jfrun does not fsync).
test_unreadable_state_json_reported_then_force_deleted() {
	set_args sleep 600
	mark_bundle
	local id
	id=$(rid bad)
	jf create -b "$BUNDLE" "$id"
	jf start "$id"
	kill -KILL "$(jf state "$id" | jq -r .pid)"
	wait_status "$id" stopped
	head -c 40 "$ROOT/$id/state.json" >"$TEST_DIR/s.json"
	mv "$TEST_DIR/s.json" "$ROOT/$id/state.json"
	expect_fail "state" jf state "$id"
	assert_contains "$ERR" "state.json"
	assert_contains "$ERR" "jfrun delete --force $id removes it"
	jf list | grep -q "^$id .* unknown" || fail "list: $(jf list)"
	expect_fail "delete" jf delete "$id"
	assert_contains "$ERR" "delete --force"
	jf delete --force "$id" 2>"$TEST_DIR/err"
	assert_contains "$(cat "$TEST_DIR/err")" "not killed"
	assert_gone "$id"
}

# A save of state.json stopped dead (SIGKILL, src/fault.h) at each of its
# points leaves a whole file: the old state or the new one, never a cut one.
# Both ways of saving are stopped, in `start` (created -> running): in
# place (a state under a page) and through a temporary file (a state of
# more than a page: the config's annotations are copied into it).
test_state_json_never_truncated() {
	set_args sleep 600
	local n=0 size point want id rc
	for size in small big; do
		[ "$size" = small ] ||
			cfg ".annotations.\"org.jfrun.test.pad\" = \"$(printf '%06000d' 0)\""
		for point in state-writing state-written state-renaming; do
			# The status in state.json once stopped there ("" when a
			# save of this size never passes the point).
			case $size:$point in
			small:state-writing | big:state-renaming) want=created ;;
			small:state-written) want=running ;;
			*) want= ;;
			esac
			n=$((n + 1))
			id=$(rid "t$n")
			jf create -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
				fail "create $id: $(cat "$TEST_DIR/err")"
			set +e
			JFRUN_TEST_KILL_AT=$point jf start "$id" >/dev/null 2>"$TEST_DIR/err"
			rc=$?
			set -e
			if [ -z "$want" ]; then
				assert_eq "$rc" 0 "start of a $size state, $point never reached: exit code ($(cat "$TEST_DIR/err"))"
			else
				assert_contains "$(cat "$TEST_DIR/err")" "$point: killing myself" "start of a $size state stopped at $point"
				assert_eq "$rc" 137 "start of a $size state stopped at $point: exit code"
				[ "$(jq -r .id "$ROOT/$id/state.json" 2>/dev/null)" = "$id" ] ||
					fail "$size state stopped at $point: state.json is not whole: $(head -c 300 "$ROOT/$id/state.json")"
				assert_eq "$(jq -r .status "$ROOT/$id/state.json")" "$want" "$size state stopped at $point: the status in state.json"
			fi
			jf state "$id" >"$TEST_DIR/out" 2>"$TEST_DIR/err" ||
				fail "state of $id after start stopped at $point: $(cat "$TEST_DIR/err")"
			assert_eq "$(jq -r .id "$TEST_DIR/out")" "$id" "state of $id after start stopped at $point"
			jf delete --force "$id" 2>"$TEST_DIR/err" ||
				fail "delete --force $id: $(cat "$TEST_DIR/err")"
		done
	done
	assert_gone
}

# The memory ceiling of README "Reliability": peak RSS of a jfrun refusing
# or parsing the worst config.json it can be given.
MEMORY_CEILING_KB=81920

# create_measured: jf create -b $BUNDLE under /usr/bin/time (peak RSS in
# $RSS_KB) and a hang guard; stderr in $ERR.
create_measured() {
	[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (Debian package time)"
	set +e
	timeout -s KILL 60 /usr/bin/time -f %M -o "$TEST_DIR/rss" \
		"$JFRUN" --root "$ROOT" create -b "$BUNDLE" "$1" >/dev/null 2>"$TEST_DIR/err"
	RC=$?
	set -e
	ERR=$(cat "$TEST_DIR/err")
	[ "$RC" -ne 137 ] || fail "create hung (killed after 60 s)"
	RSS_KB=$(tail -1 "$TEST_DIR/rss")
}

# RSS is meaningless under ASan (shadow memory, quarantine).
need_plain_build() {
	if ldd "$JFRUN" 2>/dev/null | grep -q libasan; then
		skip "$JFRUN is built with ASan: its RSS says nothing about jfrun's"
	fi
}

assert_rss_below_ceiling() {
	[ "$RSS_KB" -lt "$MEMORY_CEILING_KB" ] ||
		fail "$1: peak RSS ${RSS_KB} KB, above the ${MEMORY_CEILING_KB} KB ceiling"
}

huge_config() {
	{
		printf '{"ociVersion": "1.2.0", "annotations": {"a": "'
		head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' a
		printf '"}}'
	} >"$BUNDLE/config.json"
}

test_huge_config_refused_quickly() {
	huge_config
	create_measured "$(rid huge)"
	[ "$RC" -ne 0 ] || fail "a 100 MB config.json was accepted"
	assert_contains "$ERR" "config.json"
	assert_contains "$ERR" "more than the 16777216"
	assert_gone "$(rid huge)"
}

test_huge_config_memory_below_ceiling() {
	need_plain_build
	huge_config
	create_measured "$(rid hugem)"
	[ "$RC" -ne 0 ] || fail "a 100 MB config.json was accepted"
	assert_rss_below_ceiling "100 MB config.json"
}

# Not a regular file: its size is known only by reading it.
endless_config() {
	rm "$BUNDLE/config.json"
	ln -s /dev/zero "$BUNDLE/config.json"
}

test_endless_config_stream_refused() {
	endless_config
	create_measured "$(rid zero)"
	[ "$RC" -ne 0 ] || fail "an endless config.json was accepted"
	assert_contains "$ERR" "more than the 16777216"
	assert_gone "$(rid zero)"
}

test_endless_config_memory_below_ceiling() {
	need_plain_build
	endless_config
	create_measured "$(rid zerom)"
	[ "$RC" -ne 0 ] || fail "an endless config.json was accepted"
	assert_rss_below_ceiling "config.json -> /dev/zero"
}

test_largest_config_memory_below_ceiling() {
	need_plain_build
	# The worst config.json jfrun accepts: just under the size bound, as
	# many values as the parser takes, every one a string copied into
	# jfrun's structs.
	jq -c '.process.args = ["true"] + [range(64999) | "a\(.)" + "a" * 50] |
		.process.env = [range(65000) | "E\(.)=" + "a" * 50] |
		.linux.maskedPaths = [range(65000) | "/m\(.)" + "a" * 50] |
		.linux.readonlyPaths = [range(65000) | "/r\(.)" + "a" * 50]' \
		"$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	[ "$(stat -c %s "$BUNDLE/config.json")" -gt 15000000 ] || fail "test config too small"
	create_measured "$(rid big)"
	[ "$RC" -eq 0 ] || fail "the largest config was refused: $ERR"
	assert_rss_below_ceiling "a 15 MB config.json"
	jf delete --force "$(rid big)"
}

test_deep_nesting_refused() {
	{
		printf '{"ociVersion": "1.2.0", "annotations": {"a": '
		head -c 100000 /dev/zero | tr '\0' '['
		head -c 100000 /dev/zero | tr '\0' ']'
		printf '}}'
	} >"$BUNDLE/config.json"
	create_measured "$(rid deep)"
	[ "$RC" -ne 0 ] || fail "a config nested 100000 deep was accepted"
	[ "$RC" -lt 128 ] || fail "create crashed (exit $RC): $ERR"
	assert_contains "$ERR" "config.json"
	assert_contains "$ERR" "nest"
	assert_gone "$(rid deep)"
}

test_many_mounts_refused() {
	jq '.mounts = [range(100000) | {destination: "/tmp/m\(.)"}]' \
		"$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	create_measured "$(rid mounts)"
	[ "$RC" -ne 0 ] || fail "100000 mounts were accepted"
	[ "$RC" -lt 128 ] || fail "create crashed (exit $RC): $ERR"
	assert_contains "$ERR" "mounts"
	assert_contains "$ERR" "more than"
	assert_gone "$(rid mounts)"
}
