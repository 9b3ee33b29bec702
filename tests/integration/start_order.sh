# What the init does before `start` is awaited, and what `start` waits for
# (container_init.c): the user, capabilities, no_new_privs, a seccomp filter
# without it and the executable are set up before `create` returns, so
# `create` reports their failures; a filter under no_new_privs comes just
# before execve; `start` returns (and poststart hooks run) once execve went
# through, and reports an execve that failed.  Ids start with "so-" so that
# their cgroups are nobody else's.

# userns_bundle: the container in a user namespace of its own, ids 0-999
# mapped to the host's 100000-100999.
userns_bundle() {
	unshare -U true 2>/dev/null || skip "this host cannot make user namespaces"
	chmod 0755 "$TEST_DIR" # (mktemp's 0700: the bundle out of reach)
	cfg '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}]'
}

# A profile that refuses ~40 syscalls nothing here uses: longer than the
# 20 instructions seccomp_budget leaves.
SECCOMP_NAMES='["acct", "add_key", "bpf", "clock_adjtime", "clock_settime",
	"delete_module", "finit_module", "get_mempolicy", "init_module",
	"ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load",
	"lookup_dcookie", "mbind", "move_pages", "name_to_handle_at",
	"nfsservctl", "open_by_handle_at", "perf_event_open",
	"process_vm_readv", "process_vm_writev", "ptrace", "quotactl", "reboot",
	"request_key", "set_mempolicy", "settimeofday", "swapoff", "swapon",
	"sysfs", "uselib", "userfaultfd", "ustat", "vhangup", "fanotify_init",
	"open_tree", "move_mount", "fsopen"]'
seccomp_profile() { # NO_NEW_PRIVILEGES
	cfg ".process.noNewPrivileges = $1
		| .linux.seccomp = {defaultAction: \"SCMP_ACT_ALLOW\",
			syscalls: [{names: $SECCOMP_NAMES, action: \"SCMP_ACT_ERRNO\"}]}"
}

BUDGET=$REPO/build/tests/seccomp_budget
need_budget() {
	[ -x "$BUDGET" ] || skip "build/tests/seccomp_budget is not built (make check builds it)"
	"$BUDGET" 20 true || skip "seccomp_budget cannot load filters here"
}

# jf_budget ARGS...: jfrun with only 20 seccomp instructions left.
jf_budget() {
	printf '%s\n' "$@" >>"$TEST_DIR/.jf-args"
	"$BUDGET" 20 "$JFRUN" --root "$ROOT" "$@"
}

test_create_fails_for_a_uid_outside_the_user_namespace() {
	userns_bundle
	set_args id -u
	cfg '.process.user.uid = 5000'
	expect_fail "create with an unmapped uid" jf create -b "$BUNDLE" so-uid
	assert_contains "$ERR" "process.user.uid: setting 5000"
	# A mapped one starts.
	cfg '.process.user.uid = 500'
	run_ok so-uid
	assert_eq "$OUT" 500
}

test_create_fails_for_additional_gids_outside_the_user_namespace() {
	userns_bundle
	set_args true
	cfg '.process.user.additionalGids = [5000]'
	expect_fail "create with an unmapped additional gid" jf create -b "$BUNDLE" so-gids
	assert_contains "$ERR" "process.user.additionalGids"
}

# The exec fifo is reached by the process's user: no root, no capability,
# another uid on the host.
test_start_as_a_mapped_user_in_a_user_namespace() {
	local pid
	userns_bundle
	set_args sleep 30
	cfg '.process.user.uid = 999 | .process.user.gid = 999'
	jf create -b "$BUNDLE" so-user
	pid=$(jf state so-user | jq -r .pid)
	jf start so-user
	assert_eq "$(status_of so-user)" running
	wait_comm "$pid" sleep
	assert_eq "$(awk '$1 == "Uid:" {print $2}' "/proc/$pid/status")" 100999 "the process's host uid"
	jf delete --force so-user
}

test_create_fails_for_a_missing_executable() {
	set_args /bin/no-such-program
	expect_fail "create" jf create -b "$BUNDLE" so-missing
	assert_contains "$ERR" "process.args[0]: /bin/no-such-program: No such file or directory"
	set_args no-such-program
	expect_fail "create" jf create -b "$BUNDLE" so-missing
	assert_contains "$ERR" 'executable "no-such-program" not found in $PATH'
}

# Looked up as the process's user: root may run a program only root may
# run, uid 1000 may not.
test_create_fails_for_an_executable_the_user_may_not_run() {
	printf '#!/bin/sh\necho ran\n' >"$BUNDLE/rootfs/root-only"
	chmod 0700 "$BUNDLE/rootfs/root-only"
	set_args /root-only
	cfg '.process.user.uid = 1000'
	expect_fail "create" jf create -b "$BUNDLE" so-perm
	assert_contains "$ERR" "process.args[0]: /root-only: Permission denied"
	cfg '.process.user.uid = 0'
	run_ok so-perm
	assert_eq "$OUT" ran
}

test_create_fails_when_the_seccomp_filter_cannot_load() {
	need_budget
	set_args true
	seccomp_profile false
	run_ok so-sc # the same profile loads with the whole budget
	expect_fail "create with no seccomp budget left" jf_budget create -b "$BUNDLE" so-sc
	assert_contains "$ERR" "linux.seccomp: loading the filter: Cannot allocate memory"
}

# Under no_new_privs the filter comes last, after start: its failure goes to
# `start`.
test_start_fails_when_the_late_seccomp_filter_cannot_load() {
	need_budget
	set_args true
	seccomp_profile true
	jf_budget create -b "$BUNDLE" so-sc
	expect_fail "start" jf start so-sc
	assert_contains "$ERR" 'container "so-sc": linux.seccomp: loading the filter: Cannot allocate memory'
	assert_eq "$(status_of so-sc)" stopped
	jf delete so-sc
}

# A filter under no_new_privs that forbids what waiting for start takes
# (opening the exec fifo, writing to it) is loaded after it.
test_no_new_privs_filter_comes_after_start() {
	set_args true
	cfg '.process.noNewPrivileges = true
		| .linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
			syscalls: [{names: ["open", "openat", "openat2", "write"],
				action: "SCMP_ACT_ERRNO"}]}'
	jf create -b "$BUNDLE" so-nnp
	jf start so-nnp
	jf delete --force so-nnp
}

bad_interpreter() {
	printf '#!/no/such/interpreter\necho never\n' >"$BUNDLE/rootfs/script"
	chmod 0755 "$BUNDLE/rootfs/script"
	set_args /script
}

test_start_fails_when_execve_fails() {
	bad_interpreter
	jf create -b "$BUNDLE" so-exec
	expect_fail "start" jf start so-exec
	assert_contains "$ERR" 'container "so-exec": process.args[0]: exec /script: its interpreter'
	assert_eq "$(status_of so-exec)" stopped
	jf delete so-exec
	# Not a program at all.
	printf 'not a program\n' >"$BUNDLE/rootfs/script"
	jf create -b "$BUNDLE" so-exec
	expect_fail "start" jf start so-exec
	assert_contains "$ERR" "exec /script: Exec format error"
	jf delete so-exec
}

# A foreground run says it too (not only the container's stderr).
test_run_fails_when_execve_fails() {
	bad_interpreter
	run_rc so-exec
	[ "$RC" -ne 0 ] || fail "run succeeded"
	assert_contains "$ERR" 'jfrun: container "so-exec": process.args[0]: exec /script: its interpreter'
}

# poststart_recorder FILE: a poststart hook that writes the inode of the
# state's process's exe to FILE.
poststart_recorder() {
	cfg ".hooks.poststart = [{path: \"/bin/sh\", env: [\"PATH=/usr/bin:/bin\"],
		args: [\"sh\", \"-c\", \"pid=\$(jq .pid); stat -L -c %i /proc/\$pid/exe >$1\"]}]"
}

# With the init held 300 ms just before its execve, poststart still finds
# the process's own program, not jfrun.
test_poststart_runs_after_execve() {
	set_args sleep 30
	poststart_recorder "$TEST_DIR/exe"
	JFRUN_TEST_PAUSE_AT=init-exec:300 jf create -b "$BUNDLE" so-post
	jf start so-post
	assert_eq "$(cat "$TEST_DIR/exe")" "$(stat -c %i "$BUNDLE/rootfs/bin/busybox")" \
		"the inode of the process's exe, seen by poststart"
	jf delete --force so-post
}

test_poststart_runs_after_execve_in_a_foreground_run() {
	set_args sleep 2 # (not reaped before poststart, but gone: no exe)
	poststart_recorder "$TEST_DIR/exe"
	JFRUN_TEST_PAUSE_AT=init-exec:300 jf run -b "$BUNDLE" so-post
	assert_eq "$(cat "$TEST_DIR/exe")" "$(stat -c %i "$BUNDLE/rootfs/bin/busybox")" \
		"the inode of the process's exe, seen by poststart"
}

test_readonly_root_gets_a_missing_cwd() {
	set_args pwd
	cfg '.root.readonly = true | .process.cwd = "/made/for/the/process"'
	run_ok so-cwd
	assert_eq "$OUT" /made/for/the/process
	[ -d "$BUNDLE/rootfs/made/for/the/process" ] || fail "cwd not made in the rootfs"
}

# A symlink in the rootfs is followed inside it, never to the host: the
# same path exists in both.
test_cwd_through_a_symlink_is_made_inside_the_root() {
	mkdir -p "$TEST_DIR/outside" "$BUNDLE/rootfs$TEST_DIR/outside"
	ln -s "$TEST_DIR/outside" "$BUNDLE/rootfs/escape"
	set_args pwd
	cfg '.root.readonly = true | .process.cwd = "/escape/made"'
	run_ok so-cwd
	assert_eq "$OUT" "$TEST_DIR/outside/made" "pwd (the symlink resolved inside the root)"
	[ ! -e "$TEST_DIR/outside/made" ] || fail "process.cwd was made on the host"
	[ -d "$BUNDLE/rootfs$TEST_DIR/outside/made" ] || fail "process.cwd not made inside the rootfs"
}

# A foreground run that is the process's terminal copies the pty's output
# while it waits for execve: a startContainer hook that says more than a
# pty holds does not block (nor the run with it).
test_run_with_terminal_copies_hook_output_while_waiting_for_execve() {
	command -v script >/dev/null || skip "script (bsdutils) not installed"
	set_args echo done
	cfg '.process.terminal = true
		| .hooks.startContainer = [{path: "/bin/sh",
			args: ["sh", "-c", "head -c 300000 /dev/zero | tr \"\\\\0\" x"]}]'
	timeout 30 script -qec "$JFRUN --root $ROOT run -b $BUNDLE so-tty" /dev/null \
		>"$TEST_DIR/out" 2>&1 || fail "run exited $? (124: it hung)"
	assert_eq "$(tr -cd x <"$TEST_DIR/out" | wc -c)" 300000 "the hook's bytes through the pty"
	assert_contains "$(tail -c 20 "$TEST_DIR/out")" done
}
