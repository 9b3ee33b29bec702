# runtime-spec 1.3 (issue 24): linux.memoryPolicy, linux.netDevices,
# linux.intelRdt schemata/enableMonitoring, a failing poststart hook, what
# `features` says; and the process attributes of `exec` (scheduler,
# ioPriority, execCPUAffinity) and CPU affinity not inherited from jfrun.
# shellcheck disable=SC2016

# --- features ---

test_spec13_features_report_1_3() {
	local f
	f=$(jf features)
	echo "$f" | jq -e '.ociVersionMax == "1.3.0"' >/dev/null || fail "ociVersionMax: $f"
	echo "$f" | jq -e '.linux.memoryPolicy.modes | sort == ["MPOL_BIND","MPOL_DEFAULT",
		"MPOL_INTERLEAVE","MPOL_LOCAL","MPOL_PREFERRED","MPOL_PREFERRED_MANY",
		"MPOL_WEIGHTED_INTERLEAVE"]' >/dev/null || fail "memoryPolicy.modes: $f"
	echo "$f" | jq -e '.linux.memoryPolicy.flags | sort == ["MPOL_F_NUMA_BALANCING",
		"MPOL_F_RELATIVE_NODES","MPOL_F_STATIC_NODES"]' >/dev/null || fail "memoryPolicy.flags: $f"
	echo "$f" | jq -e '.linux.netDevices.enabled == true' >/dev/null || fail "netDevices: $f"
	echo "$f" | jq -e '.linux.intelRdt == {"enabled": true, "schemata": true, "monitoring": true}' \
		>/dev/null || fail "intelRdt: $f"
}

# --- linux.memoryPolicy ---

# numa_maps shows the task's policy for mappings without one of their own.
mempolicy_seen() {
	cfg ".linux.memoryPolicy = $1"
	set_args sh -c 'head -1 /proc/self/numa_maps'
	run_ok s13mp
	echo "$OUT" | awk '{print $2}'
}

test_spec13_memory_policy_is_applied() {
	[ -r /proc/self/numa_maps ] || skip "no NUMA support (/proc/self/numa_maps)"
	assert_eq "$(mempolicy_seen '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES"]}')" \
		"bind=static:0" "MPOL_BIND static"
	assert_eq "$(mempolicy_seen '{"mode": "MPOL_INTERLEAVE", "nodes": "0"}')" "interleave:0" "MPOL_INTERLEAVE"
	assert_eq "$(mempolicy_seen '{"mode": "MPOL_LOCAL"}')" "local" "MPOL_LOCAL"
	# MPOL_PREFERRED with no node means the local node.
	assert_eq "$(mempolicy_seen '{"mode": "MPOL_PREFERRED", "nodes": ""}')" "local" "MPOL_PREFERRED, no nodes"
}

test_spec13_memory_policy_applies_to_exec() {
	[ -r /proc/self/numa_maps ] || skip "no NUMA support (/proc/self/numa_maps)"
	cfg '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0"}'
	set_args sleep 300
	jf run -d -b "$BUNDLE" s13mpx </dev/null >/dev/null 2>&1
	OUT=$(jf exec s13mpx head -1 /proc/self/numa_maps)
	jf delete --force s13mpx
	assert_eq "$(echo "$OUT" | awk '{print $2}')" "bind:0" "exec's policy"
}

# refused_policy POLICY NEEDLE...: run is refused, the error has each needle.
refused_policy() {
	local policy=$1
	shift
	cfg ".linux.memoryPolicy = $policy"
	set_args true
	expect_fail "memoryPolicy $policy" jf run -b "$BUNDLE" s13mpe
	for n in "$@"; do assert_contains "$ERR" "$n"; done
}

test_spec13_memory_policy_errors_name_the_field() {
	refused_policy '{"mode": "MPOL_NOPE"}' "linux.memoryPolicy.mode" "MPOL_NOPE"
	refused_policy '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_NOPE"]}' \
		"linux.memoryPolicy.flags[0]" "MPOL_F_NOPE"
	refused_policy '{"mode": "MPOL_BIND"}' "linux.memoryPolicy.nodes" "at least one node"
	refused_policy '{"mode": "MPOL_LOCAL", "nodes": "0"}' "linux.memoryPolicy.nodes" "takes no nodes"
	refused_policy '{"mode": "MPOL_BIND", "nodes": "0-x"}' "linux.memoryPolicy.nodes" "0-x"
	refused_policy '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"]}' \
		"linux.memoryPolicy.flags" "exclude each other"
	# A node that is not online: only the kernel can tell.
	refused_policy '{"mode": "MPOL_BIND", "nodes": "1000"}' "linux.memoryPolicy" 'nodes "1000"'
}

# --- linux.netDevices ---

# new_veth NAME: a veth pair NAME / NAMEp on the host, NAME with an IPv4
# and an IPv6 address; removed when the test ends, if still there.
new_veth() {
	ip link add "$1" type veth peer name "${1}p" 2>/dev/null ||
		skip "cannot make a veth pair on this host"
	echo "ip link del $1 2>/dev/null; ip link del ${1}p 2>/dev/null; true" >>"$TEST_DIR/.cleanup"
	ip addr add "$2/24" dev "$1"
	ip addr add "fd00:13::${2##*.}/64" dev "$1"
}

cleanup_links() {
	[ -f "$TEST_DIR/.cleanup" ] && sh "$TEST_DIR/.cleanup"
	return 0
}

# gone_from_host NAME: poll until the host has no device NAME (10 s; the
# kernel frees a network namespace from a work queue).
gone_from_host() {
	for _ in $(seq 1 200); do
		[ -e "/sys/class/net/$1" ] || return 0
		sleep 0.05
	done
	fail "$1 still on the host"
}

test_spec13_net_device_moved_renamed_up_with_addresses() {
	trap cleanup_links EXIT
	local dev=s13a$$
	new_veth "$dev" 10.213.7.5
	cfg ".linux.netDevices = {\"$dev\": {\"name\": \"ctr0\"}}"
	set_args sh -c 'ip -o addr show ctr0; cat /sys/class/net/ctr0/flags; ls /sys/class/net'
	run_ok s13nd
	assert_contains "$OUT" "inet 10.213.7.5/24" "IPv4 address inside"
	assert_contains "$OUT" "inet6 fd00:13::5/64" "IPv6 address inside"
	# IFF_UP is bit 0 of the flags.
	local flags
	flags=$(echo "$OUT" | grep '^0x')
	[ $((flags & 1)) -eq 1 ] || fail "ctr0 not up inside: flags $flags"
	case $OUT in *"$dev"*) fail "the host name is seen inside: $OUT" ;; esac
	# The spec: not moved back; a virtual device goes with the namespace
	# (a veth takes its peer along).
	[ ! -e "/sys/class/net/$dev" ] || fail "$dev is on the host again"
	gone_from_host "${dev}p"
}

# A name ending in %d is a template the kernel completes inside.
test_spec13_net_device_name_template() {
	trap cleanup_links EXIT
	local dev=s13t$$
	new_veth "$dev" 10.213.11.5
	cfg ".linux.netDevices = {\"$dev\": {\"name\": \"ctr%d\"}}"
	set_args sh -c 'ip -o addr show ctr0'
	run_ok s13nd
	assert_contains "$OUT" "inet 10.213.11.5/24" "ctr0's address inside"
}

test_spec13_net_device_missing_is_an_error_nothing_moved() {
	trap cleanup_links EXIT
	local dev=s13b$$
	new_veth "$dev" 10.213.8.5
	ip link set "$dev" up
	cfg ".linux.netDevices = {\"$dev\": {\"name\": \"ctr0\"}, \"s13none$$\": {}}"
	set_args true
	expect_fail "a missing device" jf run -b "$BUNDLE" s13nd
	assert_contains "$ERR" "linux.netDevices"
	assert_contains "$ERR" "\"s13none$$\": no such network device"
	[ -e "/sys/class/net/$dev" ] || fail "$dev left the host"
	assert_contains "$(ip -o addr show "$dev")" "10.213.8.5/24" "its address"
}

test_spec13_net_device_failed_move_brings_back_the_others() {
	trap cleanup_links EXIT
	local dev=s13c$$
	new_veth "$dev" 10.213.9.5
	ip link set "$dev" up
	# The peer cannot be named "lo" inside: the first device has moved by then.
	cfg ".linux.netDevices = {\"$dev\": {\"name\": \"ctr0\"}, \"${dev}p\": {\"name\": \"lo\"}}"
	set_args true
	expect_fail "a name taken inside" jf run -b "$BUNDLE" s13nd
	assert_contains "$ERR" "\"${dev}p\": moving it into the container's network namespace as \"lo\""
	# Both back at once (one left inside would be seen missing, then go
	# with the namespace, and its veth peer with it).
	[ -e "/sys/class/net/$dev" ] || fail "$dev not back on the host"
	[ -e "/sys/class/net/${dev}p" ] || fail "${dev}p not back on the host"
	assert_contains "$(ip -o addr show "$dev")" "10.213.9.5/24" "its address"
	assert_contains "$(ip -o link show "$dev")" ",UP" "its state"
}

# A create that fails after the move (here: no such program) gives the
# devices back before the namespace goes.
test_spec13_net_device_back_after_a_failed_create() {
	trap cleanup_links EXIT
	local dev=s13d$$
	new_veth "$dev" 10.213.10.5
	cfg ".linux.netDevices = {\"$dev\": {\"name\": \"ctr0\"}}"
	set_args /no/such/program
	expect_fail "create of a missing program" jf create -b "$BUNDLE" s13nd
	assert_contains "$ERR" "/no/such/program"
	[ -e "/sys/class/net/$dev" ] || fail "$dev not back on the host"
	[ -e "/sys/class/net/${dev}p" ] || fail "${dev}p gone: $dev was left inside"
	assert_contains "$(ip -o addr show "$dev")" "10.213.10.5/24" "its address"
}

test_spec13_net_devices_need_a_network_namespace() {
	cfg '.linux.netDevices = {"lo": {}} | del(.linux.namespaces[] | select(.type == "network"))'
	set_args true
	expect_fail "netDevices without a network namespace" jf run -b "$BUNDLE" s13nd
	assert_contains "$ERR" "linux.netDevices: needs a network namespace"
}

# --- linux.intelRdt ---

test_spec13_intel_rdt_refused_without_resctrl() {
	if grep -q ' /sys/fs/resctrl resctrl ' /proc/mounts; then
		skip "resctrl is mounted here: the refusal is not what happens"
	fi
	cfg '.linux.intelRdt = {"schemata": ["L3:0=f"], "enableMonitoring": true}'
	set_args true
	expect_fail "intelRdt.schemata" jf run -b "$BUNDLE" s13rdt
	assert_contains "$ERR" "linux.intelRdt.schemata: needs Intel RDT (resctrl)"
	cfg '.linux.intelRdt = {"enableMonitoring": true}'
	expect_fail "intelRdt.enableMonitoring" jf create -b "$BUNDLE" s13rdt
	assert_contains "$ERR" "linux.intelRdt.enableMonitoring: needs Intel RDT (resctrl)"
}

# --- a failing poststart hook ---

poststart_fails() {
	cfg ".hooks.poststart = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"exit 3\"]}]
	     | .hooks.poststop = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"echo poststop >>$TEST_DIR/hooks\"]}]"
	set_args sleep 300
}

test_spec13_failing_poststart_fails_run() {
	poststart_fails
	expect_fail "run with a failing poststart hook" jf run -b "$BUNDLE" s13ps
	assert_contains "$ERR" "hooks.poststart[0]: /bin/sh exited with status 3"
	# Stopped and deleted (lifecycle step 12), poststop hooks run.
	assert_eq "$(cat "$TEST_DIR/hooks")" "poststop" "poststop hooks"
}

test_spec13_failing_poststart_fails_start_and_stops_the_container() {
	poststart_fails
	jf create -b "$BUNDLE" s13ps </dev/null >/dev/null 2>&1
	local pid
	pid=$(jf state s13ps | jq -r .pid)
	expect_fail "start with a failing poststart hook" jf start s13ps
	assert_contains "$ERR" "container \"s13ps\" stopped: hooks.poststart[0]"
	assert_eq "$(status_of s13ps)" "stopped" "status after start failed"
	[ ! -e "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat")" = Z ] ||
		fail "the container's process $pid still runs"
	jf delete s13ps
	assert_eq "$(cat "$TEST_DIR/hooks")" "poststop" "poststop hooks at delete"
}

# --- exec's process attributes, CPU affinity ---

test_spec13_exec_applies_scheduler_io_priority_and_affinity() {
	[ "$(nproc)" -ge 2 ] || skip "one CPU: no affinity to tell apart"
	set_args sleep 300
	jf run -d -b "$BUNDLE" s13ex </dev/null >/dev/null 2>&1
	jq -n '{cwd: "/", args: ["sh", "-c",
		"cut -d\" \" -f19,41 /proc/self/stat; ionice; grep Cpus_allowed_list /proc/self/status"],
		scheduler: {policy: "SCHED_BATCH", nice: 7},
		ioPriority: {class: "IOPRIO_CLASS_BE", priority: 6},
		execCPUAffinity: {initial: "0", final: "1"}}' >"$TEST_DIR/p.json"
	OUT=$(jf exec --process "$TEST_DIR/p.json" s13ex)
	jf delete --force s13ex
	# nice 7, policy 3 (SCHED_BATCH)
	assert_contains "$OUT" "7 3" "nice and policy"
	assert_contains "$OUT" "best-effort: prio 6" "ioPriority"
	assert_contains "$OUT" "Cpus_allowed_list:	1" "execCPUAffinity.final"
}

# Cpus_allowed_list of every CPU this host has.
all_cpus() {
	grep Cpus_allowed_list /proc/1/status | cut -f2
}

test_spec13_processes_do_not_inherit_the_runtime_affinity() {
	[ "$(nproc)" -ge 2 ] || skip "one CPU: no affinity to tell apart"
	set_args sh -c 'grep Cpus_allowed_list /proc/self/status | cut -f2'
	OUT=$(taskset -c 0 "$JFRUN" --root "$ROOT" run -b "$BUNDLE" s13af)
	assert_eq "$OUT" "$(all_cpus)" "the init's CPUs under taskset -c 0 jfrun"
	set_args sleep 300
	jf run -d -b "$BUNDLE" s13af </dev/null >/dev/null 2>&1
	OUT=$(taskset -c 0 "$JFRUN" --root "$ROOT" exec s13af sh -c 'grep Cpus_allowed_list /proc/self/status | cut -f2')
	jf delete --force s13af
	assert_eq "$OUT" "$(all_cpus)" "exec's CPUs under taskset -c 0 jfrun"
}

# --- the 1.3 JSON schemas ---

test_spec13_config_and_features_match_the_1_3_schema() {
	python3 -c 'import jsonschema, referencing' 2>/dev/null ||
		skip "python3-jsonschema (4.18+) is not installed"
	bash "$REPO/conformance/schema/check.sh" "$JFRUN" >"$TEST_DIR/out" 2>&1 ||
		fail "conformance/schema/check.sh: $(cat "$TEST_DIR/out")"
	assert_contains "$(cat "$TEST_DIR/out")" "13-net-devices                     valid    jfrun: created"
}
