# Entering the rootfs (--no-pivot, no mount namespace); socket activation.

test_no_pivot_runs_in_rootfs() {
	set_args sh -c 'cat /etc/passwd | head -1; test -d /proc/1 && echo proc-mounted'
	jf run --no-pivot -b "$BUNDLE" c1 >"$TEST_DIR/out" 2>"$TEST_DIR/err" ||
		fail "run --no-pivot: $(cat "$TEST_DIR/err")"
	OUT=$(cat "$TEST_DIR/out")
	assert_contains "$OUT" "root:x:0:0"
	assert_contains "$OUT" "proc-mounted"
}

# hidden_mounts ARGS...: create a sleeper with `create ARGS`, then the
# number of mounts its mount namespace holds beyond those its init can
# reach (/proc/PID/mountinfo lists only the mounts under its root), in
# $HIDDEN, and how many of the mounts it sees are at "/" in $ROOTS.  pivot_root detaches the old root: nothing of the host stays.
# --no-pivot moves the rootfs over the host's root and chroots: every
# host mount stays in the namespace, under the container's root.
hidden_mounts() {
	local count=$REPO/build/tests/mntns_mounts pid all seen rc=0
	[ -x "$count" ] || skip "build/tests/mntns_mounts is not built (make check builds it)"
	set_args sleep 300
	jf create "$@" -b "$BUNDLE" c1 </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "create $*: $(cat "$TEST_DIR/err")"
	pid=$(jf state c1 | jq -r .pid)
	all=$("$count" "/proc/$pid/ns/mnt" 2>"$TEST_DIR/err") || rc=$?
	seen=$(wc -l <"/proc/$pid/mountinfo")
	ROOTS=$(awk '$5 == "/"' "/proc/$pid/mountinfo" | wc -l)
	jf delete --force c1
	[ "$rc" -ne 77 ] || skip "this kernel cannot count a namespace's mounts: $(cat "$TEST_DIR/err")"
	[ "$rc" -eq 0 ] || fail "mntns_mounts: $(cat "$TEST_DIR/err")"
	HIDDEN=$((all - seen))
}

test_pivot_root_leaves_no_host_mount_in_the_container() {
	hidden_mounts
	assert_eq "$HIDDEN" 0 "mounts in the container's namespace beyond its root"
	# (An old root left attached is stacked on the new one, in sight.)
	assert_eq "$ROOTS" 1 "mounts at / in the container"
}

# The flag is not ignored: the host's mounts are still there, hidden.
test_no_pivot_keeps_the_host_mounts_under_the_root() {
	hidden_mounts --no-pivot
	[ "$HIDDEN" -gt 0 ] ||
		fail "--no-pivot: no host mount left under the container's root (pivot_root was used?)"
}

test_without_mount_namespace_nothing_is_mounted_on_host() {
	cfg '.linux.namespaces = [] | del(.hostname)'
	set_args sh -c 'test -e /bin/busybox && echo in-rootfs'
	local counts
	# Counted in a mount namespace of the test's own (where jfrun's
	# mounts would land), so that nothing else on the host counts.
	echo c1 >>"$TEST_DIR/.jf-args"
	counts=$(unshare -m --propagation private bash -c '
		before=$(wc -l </proc/self/mountinfo)
		"$@" >"$TEST_DIR/out"
		echo "$before $(wc -l </proc/self/mountinfo)"' \
		run "$JFRUN" --root "$ROOT" run -b "$BUNDLE" c1)
	assert_eq "$(cat "$TEST_DIR/out")" "in-rootfs"
	assert_eq "${counts#* }" "${counts% *}" "mount count"
}

test_listen_fds_are_passed() {
	set_args sh -c 'echo LISTEN_FDS=$LISTEN_FDS; cat <&3'
	echo socket-activated >"$TEST_DIR/f3"
	OUT=$(LISTEN_FDS=1 jf run -b "$BUNDLE" c1 3<"$TEST_DIR/f3")
	assert_contains "$OUT" "LISTEN_FDS=1"
	assert_contains "$OUT" "socket-activated"
}
