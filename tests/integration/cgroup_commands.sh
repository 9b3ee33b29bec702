# The commands that work on a container's cgroup: pause, resume, update, ps,
# events, kill --all, and delete's cleanup of every hierarchy.

# A container id of this test's own (its cgroup is /jfrun/<id>), so that a
# container left by another run on this host cannot get in the way.
ID=cg-${TEST_DIR##*.}
cgroup_parent_default # (the ids are unique to the test)

# need_v1 CONTROLLER: these tests read the v1 files (this host is hybrid).
need_v1() {
	[ -d "/sys/fs/cgroup/$1" ] || skip "needs the cgroup v1 $1 controller"
}

# cg_expect V1-CONTROLLER V1-FILE V1-VALUE V2-FILE V2-VALUE: the container's
# cgroup holds the value, read where this host keeps it: the v1 hierarchy
# (this hybrid host) or the single v2 one (the VM of make check).
cg_expect() {
	if [ -d "/sys/fs/cgroup/$1" ]; then
		assert_eq "$(cat "/sys/fs/cgroup/$1/jfrun/$ID/$2")" "$3" "$1/$2"
	elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		assert_eq "$(cat "/sys/fs/cgroup/jfrun/$ID/$4")" "$5" "$4"
	else
		skip "no $1 controller on this host"
	fi
}

# run_detached: run $BUNDLE as $ID in the background (run -d).
run_detached() {
	jf run -d -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "run -d $ID: $(cat "$TEST_DIR/err")"
}

start_sleeper() {
	set_args sleep 300
	run_detached
}

# An init that counts, replacing /tmp/count atomically at every step.
start_counter() {
	set_args sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/c.new; mv /tmp/c.new /tmp/count; done'
	run_detached
	wait_count_above 0
}

count() {
	cat "/proc/$(jf state "$ID" | jq -r .pid)/root/tmp/count" 2>/dev/null || echo 0
}

# wait_count_above N: poll (5 s) until the counter passes N.
wait_count_above() {
	local i
	for i in $(seq 1 100); do
		[ "$(count)" -gt "$1" ] && return 0
		sleep 0.05
	done
	fail "the counter did not pass $1 (now: $(count))"
}

# alive PID: the process exists and is not a zombie.
alive() {
	local state
	state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

# wait_gone PID...: poll (5 s) until none of them is alive.
wait_gone() {
	local i pid left
	for i in $(seq 1 100); do
		left=
		for pid in "$@"; do
			alive "$pid" && left="$left $pid"
		done
		[ -z "$left" ] && return 0
		sleep 0.05
	done
	fail "processes still alive:$left"
}

# wait_events_line FILE PATTERN: poll (10 s) until FILE has a matching line.
wait_events_line() {
	local i
	for i in $(seq 1 200); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

test_pause_freezes_processes() {
	start_counter
	jf pause "$ID"
	assert_eq "$(status_of "$ID")" paused "status"
	local before
	before=$(count)
	sleep 0.3 # a running counter makes many steps in this time
	assert_eq "$(count)" "$before" "counter while paused"
	jf delete --force "$ID"
}

test_pause_uses_the_freezer_cgroup() {
	start_sleeper
	jf pause "$ID"
	cg_expect freezer freezer.state FROZEN cgroup.freeze 1
	jf resume "$ID"
	cg_expect freezer freezer.state THAWED cgroup.freeze 0
	jf delete --force "$ID"
}

test_resume_thaws() {
	start_counter
	jf pause "$ID"
	local before
	before=$(count)
	jf resume "$ID"
	assert_eq "$(status_of "$ID")" running "status"
	wait_count_above "$before"
	jf delete --force "$ID"
}

test_pause_of_stopped_fails() {
	set_args true
	jf create -b "$BUNDLE" "$ID"
	jf start "$ID"
	wait_status "$ID" stopped
	expect_fail "pause" jf pause "$ID"
	assert_contains "$ERR" "stopped"
	jf delete "$ID"
}

test_pause_of_paused_fails() {
	start_sleeper
	jf pause "$ID"
	expect_fail "pause" jf pause "$ID"
	assert_contains "$ERR" "paused"
	jf delete --force "$ID"
}

test_resume_of_running_fails() {
	start_sleeper
	expect_fail "resume" jf resume "$ID"
	assert_contains "$ERR" "not paused"
	jf delete --force "$ID"
}

test_delete_force_of_paused_container() {
	start_sleeper
	local pid
	pid=$(jf state "$ID" | jq -r .pid)
	jf pause "$ID"
	jf delete --force "$ID"
	wait_gone "$pid"
}

test_kill_of_paused_container_stops_it() {
	start_sleeper
	jf pause "$ID"
	jf kill "$ID" KILL
	wait_status "$ID" stopped
	jf delete "$ID"
}

test_update_memory_limit_changes_cgroup() {
	start_sleeper
	jf update --memory 64m "$ID"
	cg_expect memory memory.limit_in_bytes 67108864 memory.max 67108864
	jf update --memory 1g "$ID"
	cg_expect memory memory.limit_in_bytes 1073741824 memory.max 1073741824
	jf delete --force "$ID"
}

test_update_memory_unlimited() {
	cfg '.linux.resources.memory = {"limit": 67108864}'
	start_sleeper
	jf update --memory -1 "$ID"
	# v1 shows "unlimited" as the largest page-aligned value.
	cg_expect memory memory.limit_in_bytes 9223372036854771712 memory.max max
	jf delete --force "$ID"
}

test_update_resources_from_stdin() {
	start_sleeper
	echo '{"memory": {"limit": 33554432}, "cpu": {"shares": 512}}' | jf update --resources - "$ID"
	cg_expect memory memory.limit_in_bytes 33554432 memory.max 33554432
	# v2: shares 512 -> weight 1 + (512-2)*9999/262142 = 20 (as runc, crun)
	cg_expect cpu cpu.shares 512 cpu.weight 20
	jf delete --force "$ID"
}

test_update_resources_from_file() {
	start_sleeper
	echo '{"pids": {"limit": 42}}' >"$TEST_DIR/r.json"
	jf update -r "$TEST_DIR/r.json" "$ID"
	cg_expect pids pids.max 42 pids.max 42
	jf delete --force "$ID"
}

test_update_pids_limit() {
	start_sleeper
	jf update --pids-limit 20 "$ID"
	cg_expect pids pids.max 20 pids.max 20
	jf delete --force "$ID"
}

test_update_cpu_quota_and_period() {
	start_sleeper
	jf update --cpu-period 100000 --cpu-quota 50000 "$ID"
	cg_expect cpu cpu.cfs_period_us 100000 cpu.max "50000 100000"
	cg_expect cpu cpu.cfs_quota_us 50000 cpu.max "50000 100000"
	jf delete --force "$ID"
}

test_update_bad_value_names_flag() {
	start_sleeper
	expect_fail "update" jf update --memory lots "$ID"
	assert_contains "$ERR" "--memory"
	expect_fail "update" jf update --cpu-quota 1.5 "$ID"
	assert_contains "$ERR" "--cpu-quota"
	expect_fail "update" jf update --pids-limit x "$ID"
	assert_contains "$ERR" "--pids-limit"
	jf delete --force "$ID"
}

test_update_bad_resources_json_names_field() {
	start_sleeper
	echo '{"memory": {"limit": "lots"}}' >"$TEST_DIR/r.json"
	expect_fail "update" jf update -r "$TEST_DIR/r.json" "$ID"
	assert_contains "$ERR" "memory.limit"
	jf delete --force "$ID"
}

# cg_read V1-CONTROLLER V1-FILE V2-FILE: the container's value, wherever
# this host keeps it.
cg_read() {
	if [ -d "/sys/fs/cgroup/$1" ]; then
		cat "/sys/fs/cgroup/$1/jfrun/$ID/$2"
	else
		cat "/sys/fs/cgroup/jfrun/$ID/$3"
	fi
}

# A container in every usual hierarchy (a cgroupsPath, as podman and Docker
# give) with limits set, and the values update must leave alone.
start_limited() {
	cfg ".linux.cgroupsPath = \"/jfrun/$ID\" | .linux.resources.memory = {\"limit\": 67108864} | .linux.resources.pids = {\"limit\": 50} | .linux.resources.cpu = {\"period\": 200000, \"quota\": 100000}"
	start_sleeper
	BEFORE="$(cg_read memory memory.limit_in_bytes memory.max) $(cg_read pids pids.max pids.max)"
	BEFORE="$BEFORE $(cg_read cpu cpu.cfs_period_us cpu.max) $(cg_read cpu cpu.cfs_quota_us cpu.max)"
}

assert_unchanged() {
	local now
	now="$(cg_read memory memory.limit_in_bytes memory.max) $(cg_read pids pids.max pids.max)"
	now="$now $(cg_read cpu cpu.cfs_period_us cpu.max) $(cg_read cpu cpu.cfs_quota_us cpu.max)"
	assert_eq "$now" "$BEFORE" "memory, pids, cpu after the failed update"
}

# The issue's Docker case: a host without any blkio weight file.
test_update_unsupported_field_changes_nothing() {
	local f
	# v1: CFQ's or BFQ's weight file; v2: iocost (io.cost.qos at the root
	# gives every cgroup io.weight) or BFQ's io.bfq.weight.
	for f in /sys/fs/cgroup/blkio/blkio.weight /sys/fs/cgroup/blkio/blkio.bfq.weight \
		/sys/fs/cgroup/io.cost.qos /sys/fs/cgroup/io.bfq.weight /sys/fs/cgroup/jfrun/io.bfq.weight; do
		[ -e "$f" ] && skip "this host has $f (no field it cannot take)"
	done
	start_limited
	echo '{"memory": {"limit": 100663296}, "pids": {"limit": 77}, "blockIO": {"weight": 500}}' >"$TEST_DIR/r.json"
	expect_fail "update" jf update -r "$TEST_DIR/r.json" "$ID"
	assert_contains "$ERR" "linux.resources.blockIO.weight: not supported by this host"
	assert_unchanged
	jf delete --force "$ID"
}

# A value the kernel refuses after others were written: they are put back.
test_update_rejected_value_puts_old_values_back() {
	start_limited
	# The kernel's smallest CFS quota is 1000 us.
	echo '{"memory": {"limit": 100663296}, "pids": {"limit": 77}, "cpu": {"period": 100000, "quota": 500}}' >"$TEST_DIR/r.json"
	expect_fail "update" jf update -r "$TEST_DIR/r.json" "$ID"
	assert_contains "$ERR" "linux.resources.cpu.quota"
	assert_contains "$ERR" "the old values are back"
	assert_unchanged
	jf delete --force "$ID"
}

# What `docker update --memory 96m` sends: zeros mean unset, no warning.
test_update_docker_zero_values_are_unset() {
	start_limited
	echo '{"blockIO": {"weight": 0}, "cpu": {"shares": 0, "period": 0, "quota": 0}, "memory": {"limit": 100663296, "reservation": 0, "kernel": 0}}' |
		jf update --resources - "$ID" 2>"$TEST_DIR/err" || fail "update: $(cat "$TEST_DIR/err")"
	assert_eq "$(cat "$TEST_DIR/err")" "" "update's stderr"
	cg_expect memory memory.limit_in_bytes 100663296 memory.max 100663296
	jf delete --force "$ID"
}

test_update_of_stopped_fails() {
	set_args true
	jf create -b "$BUNDLE" "$ID"
	jf start "$ID"
	wait_status "$ID" stopped
	expect_fail "update" jf update --memory 64m "$ID"
	assert_contains "$ERR" "stopped"
	jf delete "$ID"
}

test_ps_lists_container_processes() {
	start_sleeper
	jf exec -d --pid-file "$TEST_DIR/pid" "$ID" sleep 200
	local init exec_pid out
	init=$(jf state "$ID" | jq -r .pid)
	exec_pid=$(cat "$TEST_DIR/pid")
	out=$(jf ps "$ID")
	assert_contains "$(echo "$out" | sed -n 1p)" "PID" "ps header"
	echo "$out" | awk 'NR > 1 {print $2}' | grep -qx "$init" || fail "init $init not in: $out"
	echo "$out" | awk 'NR > 1 {print $2}' | grep -qx "$exec_pid" || fail "exec'd $exec_pid not in: $out"
	assert_eq "$(echo "$out" | wc -l)" 3 "lines (header + 2)"
	jf delete --force "$ID"
}

test_ps_passes_options_to_ps() {
	start_sleeper
	local out
	wait_comm "$(jf state "$ID" | jq -r .pid)" sleep
	out=$(jf ps "$ID" -o pid,comm)
	assert_eq "$(echo "$out" | awk 'NR == 2 {print $2}')" sleep "command column"
	jf delete --force "$ID"
}

test_ps_json() {
	start_sleeper
	local init
	init=$(jf state "$ID" | jq -r .pid)
	jf ps --format json "$ID" | jq -e --argjson p "$init" '. == [$p]' >/dev/null ||
		fail "ps --format json: $(jf ps --format json "$ID")"
	jf delete --force "$ID"
}

test_events_stats_json_has_memory_and_pids() {
	cfg '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 100}'
	start_sleeper
	local ev
	ev=$(jf events --stats "$ID")
	echo "$ev" | jq -e --arg id "$ID" '.type == "stats" and .id == $id' >/dev/null || fail "event: $ev"
	echo "$ev" | jq -e '.data.memory.usage.limit == 67108864 and .data.memory.usage.usage > 0' >/dev/null ||
		fail "memory: $(echo "$ev" | jq -c .data.memory.usage)"
	echo "$ev" | jq -e '.data.pids.current == 1 and .data.pids.limit == 100' >/dev/null ||
		fail "pids: $(echo "$ev" | jq -c .data.pids)"
	if [ -d /sys/fs/cgroup/cpuacct ]; then
		# v1: not in the cpuacct cgroup (no cpu limit, no cgroupsPath):
		# not measured, so not reported.
		echo "$ev" | jq -e '.data | has("cpu") | not' >/dev/null || fail "cpu: $(echo "$ev" | jq -c .data.cpu)"
	else
		echo "$ev" | jq -e '.data.cpu.usage | has("total")' >/dev/null || fail "cpu: $(echo "$ev" | jq -c .data.cpu)"
	fi
	jf delete --force "$ID"
}

# Without cgroupsPath and limits a v1 container is only in the devices
# cgroup: nothing is measured, and zeros would say it uses nothing.
test_events_stats_leave_out_controllers_the_container_is_not_in() {
	[ -d /sys/fs/cgroup/devices ] || skip "cgroup v1 only (on v2 one cgroup holds every controller)"
	start_sleeper
	local ev
	ev=$(jf events --stats "$ID")
	echo "$ev" | jq -e '.type == "stats" and .data == {}' >/dev/null || fail "data: $(echo "$ev" | jq -c .data)"
	jf delete --force "$ID"
}

# With a cgroupsPath (podman, containerd, Docker) on v1 the container is in
# the usual hierarchies, and each is measured; on v2 the sections are those
# of the controllers enabled for its cgroup (cpu usage always).
test_events_stats_of_managed_container_has_its_sections() {
	cfg ".linux.cgroupsPath = \"/jfrun/$ID\""
	set_args sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 300'
	run_detached
	sleep 0.5
	local ev want c
	if [ -d /sys/fs/cgroup/cpuacct ]; then
		want="blkio cpu memory pids"
	else
		want=cpu
		for c in $(cat "/sys/fs/cgroup/jfrun/$ID/cgroup.controllers"); do
			case $c in
			memory | pids) want="$want $c" ;;
			io) want="$want blkio" ;;
			esac
		done
		want=$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
	fi
	ev=$(jf events --stats "$ID")
	assert_eq "$(echo "$ev" | jq -r '.data | keys - ["hugetlb"] | join(" ")')" "$want" "stats sections"
	echo "$ev" | jq -e '.data.cpu.usage.total > 0 and (.data.memory == null or .data.memory.usage.usage > 0) and
		(.data.pids == null or .data.pids.current >= 1)' >/dev/null ||
		fail "values: $(echo "$ev" | jq -c '[.data.cpu.usage.total, .data.memory.usage.usage, .data.pids]')"
	jf delete --force "$ID"
}

test_events_streams_until_container_stops() {
	start_sleeper
	jf events --interval 50ms "$ID" >"$TEST_DIR/events" 2>&1 &
	local ev=$! i
	wait_events_line "$TEST_DIR/events" '"stats"' || fail "no stats event: $(cat "$TEST_DIR/events")"
	head -1 "$TEST_DIR/events" | jq -e --arg id "$ID" '.type == "stats" and .id == $id' >/dev/null ||
		fail "first event: $(head -1 "$TEST_DIR/events")"
	jf kill "$ID" KILL
	for i in $(seq 1 100); do
		kill -0 $ev 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 $ev 2>/dev/null; then
		kill $ev
		fail "events still running after the container stopped"
	fi
	wait $ev || fail "events exited $?: $(tail -1 "$TEST_DIR/events")"
	jf delete "$ID"
}

test_events_reports_oom() {
	[ -d /sys/fs/cgroup/memory ] || grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null ||
		skip "needs a memory controller (v1 or v2)"
	cfg '.linux.resources.memory = {"limit": 16777216, "swap": 16777216}'
	# Waits for /tmp/go, then holds 64 MiB in a shell variable.
	set_args sh -c 'while [ ! -e /tmp/go ]; do sleep 0.05; done; a=$(head -c 67108864 /dev/zero | tr "\0" x); sleep 300'
	run_detached
	jf events --interval 50ms "$ID" >"$TEST_DIR/events" 2>&1 &
	local ev=$!
	# The OOM watch is set up before the first stats event.
	wait_events_line "$TEST_DIR/events" '"stats"' || fail "no stats event: $(cat "$TEST_DIR/events")"
	touch "$BUNDLE/rootfs/tmp/go"
	wait_events_line "$TEST_DIR/events" '"oom"' || true
	kill $ev 2>/dev/null || true
	wait $ev 2>/dev/null || true
	grep -qxF "{\"type\":\"oom\",\"id\":\"$ID\"}" "$TEST_DIR/events" ||
		fail "no oom event: $(grep -v stats "$TEST_DIR/events")"
	jf delete --force "$ID"
}

test_events_bad_interval_names_flag() {
	start_sleeper
	expect_fail "events" jf events --interval 5x "$ID"
	assert_contains "$ERR" "--interval"
	jf delete --force "$ID"
}

test_kill_all_reaches_every_process() {
	# Without a pid namespace the init's death does not take its children.
	cfg '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sh -c 'sleep 300 & sleep 301 & wait'
	run_detached
	local pids i
	for i in $(seq 1 100); do
		pids=$(jf ps --format json "$ID" | jq -r '.[]')
		[ "$(echo "$pids" | wc -w)" -eq 3 ] && break
		sleep 0.05
	done
	[ "$(echo "$pids" | wc -w)" -eq 3 ] || fail "expected 3 processes, got: $pids"
	jf kill --all "$ID" KILL
	wait_gone $pids
	jf delete "$ID"
}

# Every v1 hierarchy this host has (its list: the cgroup mounts of
# mountinfo), not a fixed few: the container is in each one with a
# controller (a cgroupsPath, limits, a pause for the freezer, an update for
# cpuset), and delete removes it from all, the cgroup2 mount too.
test_delete_removes_cgroup_in_every_hierarchy() {
	need_v1 freezer
	local mnt opts n=0 named=0
	cfg '.linux.cgroupsPath = "/jfrun/'"$ID"'" | .linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 100} | .linux.resources.cpu = {"shares": 512}'
	start_sleeper
	jf pause "$ID" # makes the freezer cgroup
	jf resume "$ID"
	jf update --cpuset-cpus 0 "$ID" # joins cpuset
	while read -r mnt opts; do
		n=$((n + 1))
		# A named hierarchy (name=systemd) has no controller: jfrun
		# leaves it to systemd.
		if [[ ,$opts, == *,name=* ]] && ! [[ ,$opts, =~ ,(cpu|cpuacct|cpuset|memory|devices|freezer|blkio|pids|net_cls|net_prio|perf_event|hugetlb|rdma|misc), ]]; then
			named=$((named + 1))
			continue
		fi
		[ -d "$mnt/jfrun/$ID" ] || fail "no cgroup in the $opts hierarchy ($mnt) before delete"
	done < <(awk '$(NF-2) == "cgroup" { print $5, $NF }' /proc/self/mountinfo)
	[ "$n" -eq "$(grep -c '^[1-9][0-9]*:' /proc/self/cgroup)" ] ||
		fail "$n v1 cgroup mounts, but /proc/self/cgroup lists $(grep -c '^[1-9][0-9]*:' /proc/self/cgroup) hierarchies"
	[ $((n - named)) -ge 1 ] || fail "no v1 controller hierarchy found"
	jf delete --force "$ID"
	for mnt in $(awk '$(NF-2) == "cgroup" || $(NF-2) == "cgroup2" { print $5 }' /proc/self/mountinfo); do
		[ ! -e "$mnt/jfrun/$ID" ] || fail "left behind: $mnt/jfrun/$ID"
	done
}

test_managed_cgroups_path_gets_the_usual_hierarchies() {
	# podman and containerd name a cgroupsPath and read memory/cpu/pids
	# stats themselves: those hierarchies exist even without limits.
	local path=/jfrun-managed-${TEST_DIR##*.}
	[ -d /sys/fs/cgroup/devices ] || skip "cgroup v1 only (on v2 one hierarchy holds everything)"
	cfg ".linux.cgroupsPath = \"$path\""
	set_args sleep 30
	jf create -b "$BUNDLE" "$ID"
	for h in memory cpu cpuacct pids blkio devices; do
		[ ! -d "/sys/fs/cgroup/$h" ] || [ -d "/sys/fs/cgroup/$h$path" ] ||
			fail "no $h cgroup for a managed cgroupsPath"
	done
	jf delete --force "$ID"
	rmdir /sys/fs/cgroup/*/"${path%/*}" 2>/dev/null || true
}

test_unmanaged_container_gets_only_what_it_uses() {
	[ -d /sys/fs/cgroup/devices ] || skip "cgroup v1 only (on v2 one hierarchy holds everything)"
	set_args sleep 30
	jf create -b "$BUNDLE" "$ID"
	[ -d "/sys/fs/cgroup/devices/jfrun/$ID" ] || fail "no devices cgroup"
	[ ! -d "/sys/fs/cgroup/memory/jfrun/$ID" ] || fail "memory cgroup made without a memory limit"
	jf delete --force "$ID"
}
