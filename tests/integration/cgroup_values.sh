# The unusual memory values clients really send (podman --memory-swap -1,
# docker's swap == limit, updates that move limit and swap together), read
# back from every file written: on cgroup v1 (this hybrid host) OCI's swap
# is memory+swap (memory.memsw.limit_in_bytes); on v2 (the VM of make
# check) memory.swap.max is swap alone, swap - limit, as runc writes it.

ID=cv-${TEST_DIR##*.}
cgroup_parent_default # (the ids are unique to the test)
M=1048576
V1_UNLIMITED=9223372036854771712 # v1 shows "unlimited" as this

# The memory hierarchy this host has: v1, v2, or skip.
memory_mode() {
	if [ -d /sys/fs/cgroup/memory ]; then
		[ -f /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ] ||
			skip "no swap accounting (memory.memsw.*) on this host"
		echo v1
	elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
		# (memory.swap.max exists in child cgroups only.)
		ls /sys/fs/cgroup/*/memory.swap.max >/dev/null 2>&1 ||
			skip "no memory.swap.max (swap accounting) on this host"
		echo v2
	else
		skip "no memory controller on this host"
	fi
}

# mem_expect WHAT LIMIT SWAP: the container's files hold what OCI's LIMIT
# and SWAP (memory+swap, -1 unlimited) mean, on this host's hierarchy.
mem_expect() {
	local what=$1 limit=$2 swap=$3 dir v2swap
	if [ "$MODE" = v1 ]; then
		dir=/sys/fs/cgroup/memory/jfrun/$ID
		[ "$limit" = -1 ] && limit=$V1_UNLIMITED
		[ "$swap" = -1 ] && swap=$V1_UNLIMITED
		assert_eq "$(cat "$dir/memory.limit_in_bytes")" "$limit" "$what: memory.limit_in_bytes"
		assert_eq "$(cat "$dir/memory.memsw.limit_in_bytes")" "$swap" "$what: memory.memsw.limit_in_bytes"
	else
		dir=/sys/fs/cgroup/jfrun/$ID
		if [ "$swap" = -1 ]; then v2swap=max; else v2swap=$((swap - limit)); fi
		[ "$limit" = -1 ] && limit=max
		assert_eq "$(cat "$dir/memory.max")" "$limit" "$what: memory.max"
		assert_eq "$(cat "$dir/memory.swap.max")" "$v2swap" "$what: memory.swap.max"
	fi
}

# start LIMIT SWAP: a sleeper with linux.resources.memory {limit, swap}
# (a value "unset" leaves the field out).
start() {
	local mem='{}'
	[ "$1" = unset ] || mem=$(jq -c --argjson v "$1" '. + {limit: $v}' <<<"$mem")
	[ "$2" = unset ] || mem=$(jq -c --argjson v "$2" '. + {swap: $v}' <<<"$mem")
	set_args sleep 300
	cfg ".linux.resources.memory = $mem"
	jf run -d -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "run -d with memory $mem: $(cat "$TEST_DIR/err")"
}

# update LIMIT SWAP: as docker and podman send it (resources JSON on stdin).
update() {
	jq -nc --argjson l "$1" --argjson s "$2" '{memory: {limit: $l, swap: $s}}' |
		jf update --resources - "$ID" 2>"$TEST_DIR/err" ||
		fail "update to limit $1 swap $2: $(cat "$TEST_DIR/err")"
}

# podman run -m 64m --memory-swap -1: a limit, unlimited swap.
test_cgroup_values_swap_unlimited_keeps_the_limit() {
	MODE=$(memory_mode)
	start $((64 * M)) -1
	mem_expect "swap -1" $((64 * M)) -1
	jf delete --force "$ID"
}

# swap 0 means unset: the limit alone, swap as the kernel's default.
test_cgroup_values_swap_zero_is_unset() {
	MODE=$(memory_mode)
	start $((64 * M)) 0
	mem_expect "swap 0" $((64 * M)) -1
	jf delete --force "$ID"
}

# docker run -m 64m (swap == limit: no swap at all).
test_cgroup_values_swap_equal_to_limit() {
	MODE=$(memory_mode)
	start $((64 * M)) $((64 * M))
	mem_expect "swap == limit" $((64 * M)) $((64 * M))
	jf delete --force "$ID"
}

test_cgroup_values_swap_above_limit() {
	MODE=$(memory_mode)
	start $((64 * M)) $((128 * M))
	mem_expect "swap > limit" $((64 * M)) $((128 * M))
	jf delete --force "$ID"
}

# Unlimited memory, swap unset: both unlimited (as runc).
test_cgroup_values_unlimited_memory_unlimits_swap() {
	MODE=$(memory_mode)
	start -1 unset
	mem_expect "limit -1" -1 -1
	jf delete --force "$ID"
}

# swap (memory+swap) below the limit: refused before anything is made, the
# error naming the field (runc fails too, with the kernel's EINVAL).
test_cgroup_values_swap_below_limit_is_refused() {
	MODE=$(memory_mode)
	set_args sleep 300
	cfg ".linux.resources.memory = {\"limit\": $((64 * M)), \"swap\": $((32 * M))}"
	expect_fail "swap below limit" jf run -d -b "$BUNDLE" "$ID"
	assert_contains "$ERR" "linux.resources.memory.swap"
	[ ! -e "/sys/fs/cgroup/memory/jfrun/$ID" ] && [ ! -e "/sys/fs/cgroup/jfrun/$ID" ] ||
		fail "a cgroup was left for the refused container"
}

# Raising both: on v1 memsw must go first (the kernel wants
# limit <= memory+swap at every step).
test_cgroup_values_update_raises_limit_and_swap() {
	MODE=$(memory_mode)
	start $((64 * M)) $((128 * M))
	update $((256 * M)) $((512 * M))
	mem_expect "raised" $((256 * M)) $((512 * M))
	jf delete --force "$ID"
}

# Lowering both: on v1 the limit must go first.
test_cgroup_values_update_lowers_limit_and_swap() {
	MODE=$(memory_mode)
	start $((256 * M)) $((512 * M))
	update $((32 * M)) $((48 * M))
	mem_expect "lowered" $((32 * M)) $((48 * M))
	jf delete --force "$ID"
}

# An update to swap -1 (podman update --memory-swap -1), then back.
test_cgroup_values_update_to_unlimited_swap_and_back() {
	MODE=$(memory_mode)
	start $((64 * M)) $((96 * M))
	update $((64 * M)) -1
	mem_expect "swap -1 by update" $((64 * M)) -1
	update $((32 * M)) $((32 * M))
	mem_expect "swap == limit by update" $((32 * M)) $((32 * M))
	jf delete --force "$ID"
}

# The flags of `jfrun update` (runc's) do the same.
test_cgroup_values_update_flags_memory_swap() {
	MODE=$(memory_mode)
	start $((64 * M)) $((64 * M))
	jf update --memory 128m --memory-swap 256m "$ID"
	mem_expect "update --memory --memory-swap" $((128 * M)) $((256 * M))
	jf update --memory 100m --memory-swap -1 "$ID"
	mem_expect "update --memory-swap -1" $((100 * M)) -1
	jf delete --force "$ID"
}

# The hybrid layout's cgroup2 mount (/sys/fs/cgroup/unified) with hugetlb
# its only controller: a container limiting hugepages gets a cgroup there
# too, holding the limit and the init, and delete removes it.
test_cgroup_values_hugetlb_on_the_hybrid_unified_mount() {
	local u=/sys/fs/cgroup/unified pid
	[ "$(stat -fc %T $u 2>/dev/null)" = cgroup2fs ] ||
		skip "no hybrid cgroup2 mount at $u on this host"
	grep -qw hugetlb $u/cgroup.controllers ||
		skip "hugetlb is not a controller of $u on this host"
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "no 2MB hugepages on this host"
	set_args sleep 300
	cfg ".linux.resources.hugepageLimits = [{\"pageSize\": \"2MB\", \"limit\": $((4 * M))}]"
	jf run -d -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "run -d: $(cat "$TEST_DIR/err")"
	pid=$(jf state "$ID" | jq -r .pid)
	assert_eq "$(cat "$u/jfrun/$ID/hugetlb.2MB.max")" $((4 * M)) "$u/jfrun/$ID/hugetlb.2MB.max"
	grep -qx "$pid" "$u/jfrun/$ID/cgroup.procs" || fail "the init $pid is not in $u/jfrun/$ID"
	grep -qx "0::/jfrun/$ID" "/proc/$pid/cgroup" || fail "init's cgroup2 path: $(grep '^0::' "/proc/$pid/cgroup")"
	jf delete --force "$ID"
	[ ! -e "$u/jfrun/$ID" ] || fail "delete left $u/jfrun/$ID"
}
