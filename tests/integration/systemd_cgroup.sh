# --systemd-cgroup where systemd runs: the container's init goes into a
# transient scope systemd knows about, "<prefix>-<name>.scope" in the slice
# of "slice:prefix:name".  systemd is not pid 1 on the hosts these tests
# usually run on: make check runs them again in its VM with systemd as pid
# 1 (contrib/vm, VM_SYSTEMD=1).  Without systemd, --systemd-cgroup is
# covered by the cgroup tests (the same path through cgroupfs).

need_systemd() {
	[ -d /run/systemd/system ] && [ -S /run/systemd/private ] ||
		skip "systemd is not pid 1 here (make check runs these in its VM under systemd)"
	command -v systemctl >/dev/null || skip "systemctl missing"
}

# unit_prop UNIT PROPERTY: what systemd says of it ("" when unknown).
unit_prop() {
	systemctl show -p "$2" --value "$1" 2>/dev/null
}

SCOPE_DIR=/sys/fs/cgroup/system.slice

test_systemd_cgroup_starts_a_scope_systemd_knows() {
	need_systemd
	cfg '.linux.cgroupsPath = "system.slice:jfrun:sd1" | .linux.resources.pids = {"limit": 42}'
	set_args sleep 300
	jf --systemd-cgroup create -b "$BUNDLE" sd1
	local pid
	pid=$(jf state sd1 | jq -r .pid)
	assert_eq "$(cat "/proc/$pid/cgroup")" "0::/system.slice/jfrun-sd1.scope" "the init's cgroup"
	assert_eq "$(unit_prop jfrun-sd1.scope ActiveState)" active "scope state"
	assert_eq "$(unit_prop jfrun-sd1.scope ControlGroup)" /system.slice/jfrun-sd1.scope
	assert_eq "$(unit_prop jfrun-sd1.scope Delegate)" yes "delegation"
	# The values are the config's, whatever systemd set on the way.
	assert_eq "$(cat "$SCOPE_DIR/jfrun-sd1.scope/pids.max")" 42 "pids.max"
	jf --systemd-cgroup start sd1
	assert_eq "$(status_of sd1)" running
	jf --systemd-cgroup delete --force sd1
	[ "$(unit_prop jfrun-sd1.scope ActiveState)" != active ] || fail "the scope is still active"
	[ ! -d "$SCOPE_DIR/jfrun-sd1.scope" ] || fail "the scope's cgroup is left"
}

test_systemd_cgroup_run_in_a_slice_of_its_own() {
	need_systemd
	cfg '.linux.cgroupsPath = "jftest.slice:jfrun:sd2"'
	set_args sh -c 'cat /proc/self/cgroup'
	OUT=$(jf --systemd-cgroup run -b "$BUNDLE" sd2)
	assert_eq "$OUT" "0::/jftest.slice/jfrun-sd2.scope"
	[ "$(unit_prop jfrun-sd2.scope ActiveState)" != active ] || fail "the scope is still active"
	[ ! -d /sys/fs/cgroup/jftest.slice/jfrun-sd2.scope ] || fail "the scope's cgroup is left"
	systemctl stop jftest.slice 2>/dev/null || true
}

test_systemd_cgroup_bad_path_names_the_field() {
	need_systemd
	cfg '.linux.cgroupsPath = "/not/slice/form"'
	expect_fail "create" jf --systemd-cgroup create -b "$BUNDLE" sd3
	assert_contains "$ERR" "linux.cgroupsPath"
	assert_contains "$ERR" "slice:prefix:name"
}
