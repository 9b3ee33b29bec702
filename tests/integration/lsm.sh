# Linux security modules: process.apparmorProfile, process.selinuxLabel,
# linux.mountLabel, exec --apparmor / --process-label (src/linux/lsm.c).
#
# Where the host lacks the LSM, a config asking for it is refused at create,
# naming the field, leaving nothing behind.  Where the host has AppArmor and
# apparmor_parser (the VM suite apparmor-vm of `make check`), a profile is
# loaded and shown to confine the container and its exec'd processes.
# Whether the host has an LSM is read from the host here, never from jfrun.

# Container ids of our own: other runs on the machine use c1 (and so the
# cgroup /jfrun/c1) at the same time.
C0=lsm0-$$ C1=lsm1-$$

# Whether LSM $1 is active on this host: the kernel's list when securityfs
# is mounted, else what runc and libselinux look at.
host_has_lsm() {
	local list
	if list=$(cat /sys/kernel/security/lsm 2>/dev/null); then
		[[ ",$list," == *",$1,"* ]]
		return
	fi
	case $1 in
	apparmor)
		[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] || return 1
		[ -d /sys/kernel/security/apparmor ] ||
			cat /proc/self/attr/apparmor/current >/dev/null 2>&1
		;;
	selinux)
		[ "$(stat -fc %T /sys/fs/selinux 2>/dev/null)" = selinuxfs ] &&
			[ -e /sys/fs/selinux/enforce ]
		;;
	esac
}

# Processes whose root is in this test's bundle (a container's init).
procs_in_bundle() {
	local p root
	for p in /proc/[0-9]*; do
		root=$(readlink "$p/root" 2>/dev/null) || continue
		case $root in "$BUNDLE"/*) echo "${p#/proc/}" ;; esac
	done
}

# expect_refused FIELD LSM-NAME: create fails naming both; nothing exists
# afterwards (state dir, cgroup, mount, process).
expect_refused() {
	set_args sleep 300
	expect_fail "create with $1" jf create -b "$BUNDLE" "$C1"
	assert_contains "$ERR" "$1"
	assert_contains "$ERR" "$2 is not enabled on this host"
	[ -z "$(state_root_left "$ROOT")" ] || fail "state left: $(state_root_left "$ROOT")"
	[ -z "$(procs_in_bundle)" ] || fail "processes left in the bundle: $(procs_in_bundle)"
	nothing_left
}

need_no() { # LSM NAME
	if host_has_lsm "$1"; then
		skip "this host has $2 enabled: no refusal expected (the apparmor-vm suite tests it applied)"
	fi
}

test_lsm_apparmor_profile_refused_without_apparmor() {
	need_no apparmor AppArmor
	cfg '.process.apparmorProfile = "jfrun-test"'
	expect_refused process.apparmorProfile AppArmor
}

test_lsm_selinux_label_refused_without_selinux() {
	need_no selinux SELinux
	cfg '.process.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2"'
	expect_refused process.selinuxLabel SELinux
}

test_lsm_mount_label_refused_without_selinux() {
	need_no selinux SELinux
	cfg '.linux.mountLabel = "system_u:object_r:container_file_t:s0:c1,c2"'
	expect_refused linux.mountLabel SELinux
}

test_lsm_empty_profile_and_labels_mean_none() {
	cfg '.process.apparmorProfile = "" | .process.selinuxLabel = "" | .linux.mountLabel = ""'
	set_args echo ran
	run_ok "$C1"
	assert_eq "$OUT" "ran"
	# exec's empty flags are no flags (runc), refused nowhere.
	set_args sleep 300
	jf_quiet run -d -b "$BUNDLE" "$C1"
	assert_eq "$(jf exec --apparmor "" --process-label "" "$C1" echo ran)" "ran" "exec with empty flags"
	jf delete --force "$C1"
}

# exec's own process.json and runc's flags: refused the same way, and the
# container is left as it was.
start_sleeper() {
	set_args sleep 300
	jf_quiet run -d -b "$BUNDLE" "$C1"
	PS_BEFORE=$(jf ps "$C1" --format json | jq -c 'sort')
}

container_untouched() {
	assert_eq "$(status_of "$C1")" running "status after the refused execs"
	assert_eq "$(jf ps "$C1" --format json | jq -c 'sort')" "$PS_BEFORE" \
		"processes after the refused execs"
	jf delete --force "$C1"
}

test_lsm_exec_apparmor_refused_without_apparmor() {
	need_no apparmor AppArmor
	start_sleeper
	expect_fail "exec --apparmor" jf exec --apparmor jfrun-test "$C1" true
	assert_contains "$ERR" "--apparmor \"jfrun-test\": AppArmor is not enabled"
	jq -n '{args: ["true"], cwd: "/", user: {uid: 0, gid: 0}, apparmorProfile: "jfrun-test"}' \
		>"$TEST_DIR/p.json"
	expect_fail "exec --process" jf exec --process "$TEST_DIR/p.json" "$C1"
	assert_contains "$ERR" "process.apparmorProfile \"jfrun-test\": AppArmor is not enabled"
	container_untouched
}

test_lsm_exec_selinux_refused_without_selinux() {
	need_no selinux SELinux
	start_sleeper
	expect_fail "exec --process-label" jf exec --process-label system_u:system_r:container_t:s0 "$C1" true
	assert_contains "$ERR" "--process-label \"system_u:system_r:container_t:s0\": SELinux is not enabled"
	jq -n '{args: ["true"], cwd: "/", user: {uid: 0, gid: 0},
		selinuxLabel: "system_u:system_r:container_t:s0"}' >"$TEST_DIR/p.json"
	expect_fail "exec --process" jf exec --process "$TEST_DIR/p.json" "$C1"
	assert_contains "$ERR" "process.selinuxLabel"
	assert_contains "$ERR" "SELinux is not enabled"
	container_untouched
}

test_lsm_features_reports_apparmor_and_selinux() {
	local f
	f=$(jf features)
	echo "$f" | jq -e ".linux.apparmor.enabled == true" >/dev/null || fail "apparmor: $(echo "$f" | jq -c .linux.apparmor)"
	echo "$f" | jq -e ".linux.selinux.enabled == true" >/dev/null || fail "selinux: $(echo "$f" | jq -c .linux.selinux)"
}

# ---- with AppArmor (the apparmor-vm suite) ----

# load_profile NAME: a profile that allows everything but writes under
# /lsm-denied, loaded until the test ends.
load_profile() {
	host_has_lsm apparmor || skip "AppArmor is not enabled on this host"
	command -v apparmor_parser >/dev/null || skip "apparmor_parser missing (apt-get install apparmor)"
	[ -w /sys/kernel/security/apparmor/.replace ] ||
		skip "/sys/kernel/security/apparmor/.replace not writable (securityfs not mounted?)"
	cat >"$TEST_DIR/profile" <<-EOF
		profile $1 flags=(attach_disconnected,mediate_deleted) {
		  file,
		  capability,
		  network,
		  signal,
		  ptrace,
		  unix,
		  mount,
		  umount,
		  pivot_root,
		  deny /lsm-denied/** w,
		}
	EOF
	apparmor_parser -r -K "$TEST_DIR/profile" 2>"$TEST_DIR/parser.err" ||
		fail "apparmor_parser: $(cat "$TEST_DIR/parser.err")"
	trap 'apparmor_parser -R "$TEST_DIR/profile" >/dev/null 2>&1 || true' EXIT
	grep -q "^$1 " /sys/kernel/security/apparmor/profiles || fail "profile $1 not loaded"
}

test_lsm_apparmor_profile_confines_the_container() {
	local name=jfrun-test-$$
	load_profile "$name"
	mkdir "$BUNDLE/rootfs/lsm-denied"
	set_args sh -c 'cat /proc/self/attr/current; echo; if echo x >/lsm-denied/f; then echo written; else echo refused; fi'
	# Without the profile the write goes through...
	run_ok "$C0"
	assert_contains "$OUT" "unconfined" "attr/current without a profile"
	assert_contains "$OUT" "written" "write without a profile"
	rm -f "$BUNDLE/rootfs/lsm-denied/f"
	# ... with it, the container runs under it and the write is denied.
	cfg ".process.apparmorProfile = \"$name\""
	run_ok "$C1"
	assert_contains "$OUT" "$name (enforce)" "attr/current with the profile"
	assert_contains "$OUT" "refused" "write with the profile"
	[ ! -e "$BUNDLE/rootfs/lsm-denied/f" ] || fail "the denied file exists"
}

test_lsm_apparmor_profile_applies_to_exec() {
	local name=jfrun-test-$$
	load_profile "$name"
	cfg ".process.apparmorProfile = \"$name\""
	set_args sleep 300
	jf_quiet run -d -b "$BUNDLE" "$C1"
	local pid
	pid=$(jf state "$C1" | jq -r .pid)
	wait_comm "$pid" sleep
	assert_contains "$(cat "/proc/$pid/attr/current")" "$name (enforce)" "the init"
	# exec takes the container's profile, --apparmor another one...
	assert_contains "$(jf exec "$C1" cat /proc/self/attr/current)" "$name (enforce)" "exec"
	assert_contains "$(jf exec --apparmor unconfined "$C1" cat /proc/self/attr/current)" \
		"unconfined" "exec --apparmor unconfined"
	assert_contains "$(jf exec --apparmor "" "$C1" cat /proc/self/attr/current)" \
		"$name (enforce)" "exec --apparmor \"\" (no flag)"
	# ... and --process its own.
	jq -n --arg n "$name" '{args: ["cat", "/proc/self/attr/current"], cwd: "/",
		user: {uid: 0, gid: 0}, apparmorProfile: $n}' >"$TEST_DIR/p.json"
	assert_contains "$(jf exec --process "$TEST_DIR/p.json" "$C1")" "$name (enforce)" "exec --process"
	jf delete --force "$C1"
}

test_lsm_apparmor_unknown_profile_fails_naming_it() {
	host_has_lsm apparmor || skip "AppArmor is not enabled on this host"
	cfg '.process.apparmorProfile = "jfrun-no-such-profile"'
	set_args echo ran
	run_rc "$C1"
	[ "$RC" -ne 0 ] || fail "ran under a profile that is not loaded: $OUT"
	[ "$OUT" != ran ] || fail "the process ran"
	assert_contains "$ERR" "process.apparmorProfile"
	jf delete --force "$C1" >/dev/null 2>&1 || true
}
