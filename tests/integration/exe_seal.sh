# The runtime binary out of a container's reach (src/linux/exe_seal.h): the
# CVE-2019-5736 attack, for real, against a copy of jfrun.

# A copy of jfrun to attack (so that a failure cannot damage $JFRUN), the
# attacker as the container's init and a `#!/proc/self/exe` script.
attack_setup() {
	[ -x "$REPO/build/tests/exe_attack" ] || skip "build/tests/exe_attack is not built (make check builds it)"
	# The attack starts the binary inside the busybox rootfs.
	! file -L "$JFRUN" | grep -q 'dynamically linked' ||
		skip "a dynamically linked jfrun cannot start in the busybox rootfs (no ld.so there)"
	cp "$JFRUN" "$TEST_DIR/jfrun"
	JFRUN=$TEST_DIR/jfrun
	cp "$REPO/build/tests/exe_attack" "$BUNDLE/rootfs/exe_attack"
	printf '#!/proc/self/exe\n' >"$BUNDLE/rootfs/evil"
	chmod 755 "$BUNDLE/rootfs/evil"
	set_args /exe_attack "$(stat -c %i "$JFRUN")" 20
	BEFORE=$(sha256sum <"$JFRUN")
}

test_exec_of_proc_self_exe_cannot_write_runtime_binary() {
	attack_setup
	# create + start, its output straight to a file: under `run -d` the
	# shim runs the same binary for the container's whole life, so a
	# reopen for writing gets ETXTBSY (busy) instead of the seal's EROFS.
	jf create -b "$BUNDLE" c1 </dev/null >"$TEST_DIR/attack.out" 2>&1 ||
		fail "create: $(cat "$TEST_DIR/attack.out")"
	jf start c1
	wait_status c1 running
	# The script's interpreter is /proc/self/exe: the host's jfrun runs
	# inside the container (and says it knows no command "/evil").
	# Each exec is a window of a few milliseconds in which the attacker must
	# see the process: on a loaded machine its /proc scan can miss one, so
	# the exec is repeated until it has seen one (or 40 tries).
	local i rc
	for ((i = 0; i < 40; i++)); do
		set +e
		jf exec c1 /evil >"$TEST_DIR/exec.out" 2>&1
		rc=$?
		set -e
		grep -q 'unknown command "/evil"' "$TEST_DIR/exec.out" ||
			fail "exec of /evil did not run jfrun (rc $rc): $(cat "$TEST_DIR/exec.out")"
		grep -q '^opened /proc/[0-9]*/exe$' "$TEST_DIR/attack.out" && break
	done
	# The attacker's verdict: its second line.
	for ((i = 0; i < 250; i++)); do
		[ "$(wc -l <"$TEST_DIR/attack.out")" -ge 2 ] && break
		sleep 0.1
	done
	assert_eq "$(sha256sum <"$JFRUN")" "$BEFORE" "the runtime binary after the attack"
	grep -q '^opened /proc/[0-9]*/exe$' "$TEST_DIR/attack.out" ||
		fail "the attacker never reached the binary: $(cat "$TEST_DIR/attack.out")"
	assert_eq "$(grep -v '^opened' "$TEST_DIR/attack.out")" \
		"reopen for writing: Read-only file system" "the attacker's result"
	wait_status c1 stopped
	jf delete c1
}

# The init seals itself before it tells the runtime it is ready, so before
# `create` returns: what reaches its exe then is read-only, even when
# nothing runs the binary.
test_created_init_runs_binary_read_only() {
	local pid
	cp "$JFRUN" "$TEST_DIR/jfrun"
	JFRUN=$TEST_DIR/jfrun
	BEFORE=$(sha256sum <"$JFRUN")
	jf_quiet create -b "$BUNDLE" c1
	pid=$(jf state c1 | jq -r .pid)
	assert_eq "$(stat -L -c %d:%i "/proc/$pid/exe")" "$(stat -L -c %d:%i "$JFRUN")" \
		"the init's exe"
	# Sealed, its exe is the root of a bind mount of the file: "/".
	assert_eq "$(readlink "/proc/$pid/exe")" / "the init's exe link"
	exec 3<"/proc/$pid/exe"
	jf delete --force c1
	local why
	why=$( (exec 4>>/proc/self/fd/3) 2>&1) && fail "the runtime binary opened for writing"
	exec 3<&-
	assert_contains "$why" "Read-only file system"
	assert_eq "$(sha256sum <"$JFRUN")" "$BEFORE" "the runtime binary"
}

# `create` returns only once the init has sealed the binary: with the init
# held just before its seal, a process exec'd right after create (which
# may ptrace) still finds the init's exe read-only.
test_exec_right_after_create_finds_the_init_sealed() {
	local out
	JFRUN_TEST_PAUSE_AT=init-sealing:700 jf_quiet create -b "$BUNDLE" c1
	out=$(jf exec --cap CAP_SYS_PTRACE c1 readlink /proc/1/exe)
	assert_eq "$out" / "the init's exe, seen by a process exec'd right after create"
	jf delete --force c1
}
