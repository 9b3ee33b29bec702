# Control groups (config-linux.md "Control groups", "cgroupsPath"),
# checked through the container's own /sys/fs/cgroup (v1 or v2 layout).
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

# cgroup_check V1-FILE=VALUE V2-FILE=VALUE: the checks for this host: the
# value, and that the process is in the cgroup holding it.
cgroup_check() {
	if cgroup_v2; then
		echo "cgroup=$2"
		echo "in-cgroup=."
	else
		echo "cgroup=$1"
		echo "in-cgroup=${1%%/*}"
	fi
}

case_cgroup_memory_limit() {
	new_bundle
	cfg '.linux.resources.memory = {limit: 67108864}'
	# shellcheck disable=SC2046 # one check per line
	expect_checks $(cgroup_check memory/memory.limit_in_bytes=67108864 memory.max=67108864)
}

case_cgroup_memory_kernel_tcp_v1() {
	new_bundle
	cgroup_v2 && skip "cgroup v2 has no separate TCP buffer limit"
	[ -e "$(host_cgroup_dir memory)/memory.kmem.tcp.limit_in_bytes" ] ||
		skip "this kernel has no memory.kmem.tcp.limit_in_bytes"
	cfg '.linux.resources.memory = {limit: 67108864, kernelTCP: 33554432}'
	expect_checks cgroup=memory/memory.kmem.tcp.limit_in_bytes=33554432
}

case_cgroup_pids_limit() {
	new_bundle
	cfg '.linux.resources.pids = {limit: 64}'
	# shellcheck disable=SC2046 # one check per line
	expect_checks $(cgroup_check pids/pids.max=64 pids.max=64)
}

case_cgroup_cpu_quota_and_period() {
	new_bundle
	cfg '.linux.resources.cpu = {quota: 50000, period: 200000}'
	if cgroup_v2; then
		expect_checks "cgroup=cpu.max=50000 200000" in-cgroup=.
	else
		expect_checks cgroup=cpu/cpu.cfs_quota_us=50000 \
			cgroup=cpu/cpu.cfs_period_us=200000 in-cgroup=cpu
	fi
}

case_cgroup_cpu_shares() {
	cgroup_v2 && skip "cgroup v2 has cpu.weight; the spec fixes no conversion"
	new_bundle
	cfg '.linux.resources.cpu = {shares: 512}'
	expect_checks cgroup=cpu/cpu.shares=512 in-cgroup=cpu
}

case_cgroup_cpuset() {
	new_bundle
	cfg '.linux.resources.cpu = {cpus: "0", mems: "0"}'
	# shellcheck disable=SC2046 # one check per line
	expect_checks $(cgroup_check cpuset/cpuset.cpus=0 cpuset.cpus=0) \
		"$(cgroup_check cpuset/cpuset.mems=0 cpuset.mems=0 | sed -n 1p)" cpus=0
}

case_cgroup_unified_applied() {
	cgroup_v2 || skip "linux.resources.unified needs a cgroup v2 host"
	new_bundle
	cfg '.linux.resources.unified = {"pids.max": "33"}'
	expect_checks cgroup=pids.max=33 in-cgroup=.
}

case_cgroups_path_is_used() {
	local path=/jfconf-$ID
	new_bundle
	drop_ns cgroup
	# jfrun makes the cgroup in the hierarchies the config uses (and
	# devices): give it a memory and a pids limit.
	cfg '.linux.cgroupsPath = $p | .linux.resources.memory.limit = 67108864 | .linux.resources.pids.limit = 100' --arg p "$path"
	if cgroup_v2; then
		expect_checks "cgroup-path=0=$path"
	else
		expect_checks "cgroup-path=memory=$path" "cgroup-path=pids=$path"
	fi
}

case_cgroup_removed_after_delete() {
	local path=/jfconf-$ID dir check=cgroup-path=memory=/jfconf-$ID
	dir=$(host_cgroup_dir memory)$path
	cgroup_v2 && check=cgroup-path=0=$path
	defer "rmdir /sys/fs/cgroup$path /sys/fs/cgroup/*$path"
	new_bundle
	drop_ns cgroup
	cfg '.linux.cgroupsPath = $p | .linux.resources.memory.limit = 67108864' --arg p "$path"
	# run = create, start, wait, delete.
	expect_checks "$check"
	[ ! -d "$dir" ] || fail "$dir left behind"
}
