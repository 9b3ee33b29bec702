# linux.sysctl, process.oomScoreAdj and mounts inside /proc: nothing of a
# config or an image may change the host (issue 17, items 1 and 3).
# Every refusal is checked against the host's own value, read before and
# after: the value the container asked for is never the host's.
# shellcheck disable=SC2016

# no_ns TYPE: drop a namespace type from linux.namespaces.
no_ns() {
	cfg "del(.linux.namespaces[] | select(.type == \"$1\"))"
}

# host_sysctl KEY: the host's value, read through /proc/sys.
host_sysctl() {
	cat "/proc/sys/${1//.//}"
}

# refused_unchanged KEY WANT VALUE: create with sysctl KEY=VALUE is refused,
# the error names KEY and contains WANT, the host's value is unchanged (a
# jfrun that lets it through fails here, and the host's value is put back)
# and nothing is left.
refused_unchanged() {
	local key=$1 want=$2 value=$3 before after rc
	before=$(host_sysctl "$key")
	[ "$before" != "$value" ] || fail "pick another value than the host's for $key"
	cfg ".linux.sysctl = {\"$key\": \"$value\"}"
	set_args true
	set +e
	jf create -b "$BUNDLE" sc1 >"$TEST_DIR/out" 2>"$TEST_DIR/err"
	rc=$?
	set -e
	ERR=$(cat "$TEST_DIR/err")
	after=$(host_sysctl "$key")
	if [ "$after" != "$before" ]; then
		printf '%s' "$before" >"/proc/sys/${key//.//}" # put the host back
		fail "the host's $key changed from $before to $after"
	fi
	[ "$rc" -ne 0 ] || fail "create with $key: expected a failure, got exit 0"
	assert_contains "$ERR" "linux.sysctl[\"$key\"]"
	assert_contains "$ERR" "$want"
	[ -z "$(state_root_left "$ROOT")" ] || fail "state left: $(state_root_left "$ROOT")"
}

test_ipc_sysctl_without_ipc_namespace_is_refused() {
	local v
	no_ns ipc
	v=$(($(host_sysctl fs.mqueue.queues_max) + 1))
	refused_unchanged fs.mqueue.queues_max "no ipc namespace" "$v"
	refused_unchanged kernel.shm_rmid_forced "no ipc namespace" \
		"$((1 - $(host_sysctl kernel.shm_rmid_forced)))"
	refused_unchanged kernel.msgmax "no ipc namespace" \
		"$(($(host_sysctl kernel.msgmax) + 1))"
}

test_net_sysctl_without_network_namespace_is_refused() {
	no_ns network
	refused_unchanged net.ipv4.ip_unprivileged_port_start "no network namespace" \
		"$(($(host_sysctl net.ipv4.ip_unprivileged_port_start) + 1))"
}

# A namespace joined by path that is the host's own is no namespace of the
# container's.
test_net_sysctl_in_the_hosts_network_namespace_is_refused() {
	cfg "(.linux.namespaces[] | select(.type == \"network\")) .path = \"/proc/$$/ns/net\""
	refused_unchanged net.ipv4.ip_unprivileged_port_start "no network namespace" \
		"$(($(host_sysctl net.ipv4.ip_unprivileged_port_start) + 1))"
}

# Keys of no namespace change the host whatever the container has.
test_unnamespaced_sysctls_are_refused() {
	refused_unchanged vm.overcommit_memory "belongs to no namespace" \
		"$(((($(host_sysctl vm.overcommit_memory)) + 1) % 3))"
	refused_unchanged kernel.core_pattern "belongs to no namespace" \
		jfrun-decoy-core
	refused_unchanged kernel.pid_max "belongs to no namespace" \
		"$(($(host_sysctl kernel.pid_max) - 1))"
}

test_hostname_sysctls_are_refused_for_their_fields() {
	refused_unchanged kernel.hostname "set hostname in the config" jfrun-decoy-host
	refused_unchanged kernel.domainname "set domainname in the config" jfrun-decoy-domain
}

test_malformed_sysctl_keys_are_refused() {
	local key
	for key in 'net/ipv4/ip_forward' 'net..ipv4' '.net.ipv4' 'net.ipv4.' 'net.ipv4.conf.all.x y'; do
		cfg ".linux.sysctl = {\"$key\": \"1\"}"
		expect_fail "create with sysctl \"$key\"" jf create -b "$BUNDLE" sc1
		assert_contains "$ERR" "not a sysctl name"
	done
}

# With namespaces of its own the values reach the container, not the host.
test_namespaced_sysctls_reach_the_container_only() {
	local q p
	q=$(($(host_sysctl fs.mqueue.queues_max) + 7))
	p=$(($(host_sysctl net.ipv4.ip_unprivileged_port_start) + 3))
	cfg ".linux.sysctl = {\"fs.mqueue.queues_max\": \"$q\",
			      \"net.ipv4.ip_unprivileged_port_start\": \"$p\"}"
	set_args sh -c 'cat /proc/sys/fs/mqueue/queues_max /proc/sys/net/ipv4/ip_unprivileged_port_start'
	run_ok sc1
	assert_eq "$OUT" "$q
$p" "the container's values"
	[ "$(host_sysctl fs.mqueue.queues_max)" != "$q" ] || fail "the host's queues_max changed"
	[ "$(host_sysctl net.ipv4.ip_unprivileged_port_start)" != "$p" ] ||
		fail "the host's ip_unprivileged_port_start changed"
}

# A key under net. that the kernel keeps global (one value for every
# network namespace) cannot be written from a new network namespace: the
# kernel hides it there or makes it read-only; the error names the key and
# the host keeps its value.
test_global_net_sysctl_fails_naming_the_key() {
	local before
	[ -e /proc/sys/net/core/rmem_max ] || skip "this host has no net.core.rmem_max"
	before=$(host_sysctl net.core.rmem_max)
	cfg ".linux.sysctl = {\"net.core.rmem_max\": \"$((before + 4096))\"}"
	set_args true
	expect_fail "run with net.core.rmem_max" jf run -b "$BUNDLE" sc1
	assert_contains "$ERR" 'linux.sysctl["net.core.rmem_max"]'
	assert_eq "$(host_sysctl net.core.rmem_max)" "$before" "the host's net.core.rmem_max"
}

# The image has no /proc mount but a /proc tree of its own whose sysctl
# and oom_score_adj files are symlinks to a decoy: the writes must go to
# the kernel, never into the decoy.
test_image_proc_tree_catches_no_write() {
	local r=$BUNDLE/rootfs pid q
	cfg 'del(.mounts[] | select(.destination == "/proc")) | .linux.maskedPaths = [] | .linux.readonlyPaths = []'
	mkdir -p "$r/proc/sys/fs/mqueue" "$r/proc/self"
	echo decoy >"$r/decoy"
	ln -s /decoy "$r/proc/sys/fs/mqueue/queues_max"
	ln -s /decoy "$r/proc/self/oom_score_adj"
	q=$(($(host_sysctl fs.mqueue.queues_max) + 5))
	cfg ".linux.sysctl = {\"fs.mqueue.queues_max\": \"$q\"} | .process.oomScoreAdj = 321"
	set_args sleep 30
	jf create -b "$BUNDLE" sc1 >/dev/null 2>"$TEST_DIR/err" || fail "create: $(cat "$TEST_DIR/err")"
	pid=$(jf state sc1 | jq -r .pid)
	assert_eq "$(cat "$r/decoy")" decoy "the image's decoy"
	assert_eq "$(cat "/proc/$pid/oom_score_adj")" 321 "the init's oom_score_adj"
	assert_eq "$(nsenter -t "$pid" -i cat /proc/sys/fs/mqueue/queues_max)" "$q" \
		"queues_max in the container's ipc namespace"
	[ "$(host_sysctl fs.mqueue.queues_max)" != "$q" ] || fail "the host's queues_max changed"
	jf delete --force sc1
}

# exec writes its oomScoreAdj through the host's procfs too: a container
# that replaced its /proc with a tree of its own catches nothing.
test_exec_oom_score_adj_ignores_the_containers_proc() {
	local pid
	cfg 'del(.mounts[] | select(.destination == "/proc")) | .linux.maskedPaths = [] | .linux.readonlyPaths = []'
	mkdir -p "$BUNDLE/rootfs/proc/self"
	echo decoy >"$BUNDLE/rootfs/decoy"
	ln -s /decoy "$BUNDLE/rootfs/proc/self/oom_score_adj"
	set_args sleep 30
	jf run -d -b "$BUNDLE" sc1 >/dev/null 2>"$TEST_DIR/err" || fail "run -d: $(cat "$TEST_DIR/err")"
	jq '.process | .args = ["sh", "-c", "sleep 0.3"] | .oomScoreAdj = 432' \
		"$BUNDLE/config.json" >"$TEST_DIR/p.json"
	jf exec -d --pid-file "$TEST_DIR/exec.pid" --process "$TEST_DIR/p.json" sc1 ||
		fail "exec failed"
	pid=$(cat "$TEST_DIR/exec.pid")
	assert_eq "$(cat "/proc/$pid/oom_score_adj")" 432 "the exec'd process's oom_score_adj"
	assert_eq "$(cat "$BUNDLE/rootfs/decoy")" decoy "the image's decoy"
	jf delete --force sc1
}

# runc's rule: no mount inside /proc but a procfs at /proc and binds over
# the files that /proc views replace.
test_mounts_inside_proc_are_refused() {
	local dest
	echo decoy >"$TEST_DIR/decoy"
	for dest in /proc/sys/kernel/core_pattern /proc/sys /proc/self/oom_score_adj \
		/proc/../proc/sys/fs//mqueue/queues_max /proc/pressure/x/y; do
		new_bundle
		cfg ".mounts += [{destination: \"$dest\", type: \"bind\",
				  source: \"$TEST_DIR/decoy\", options: [\"bind\"]}]"
		set_args true
		expect_fail "mount at $dest" jf create -b "$BUNDLE" sc1
		assert_contains "$ERR" "destination: $dest is inside /proc"
		rm -rf "$BUNDLE"
	done
	new_bundle
	cfg ".mounts += [{destination: \"/proc/meminfo\", type: \"bind\",
			  source: \"$TEST_DIR/decoy\", options: [\"bind\", \"ro\"]}]"
	set_args cat /proc/meminfo
	run_ok sc1
	assert_eq "$OUT" decoy "/proc/meminfo bound over"
}
