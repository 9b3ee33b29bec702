# Entering the rootfs (--no-pivot, no mount namespace); socket activation.

test_no_pivot_runs_in_rootfs() {
	set_args sh -c 'cat /etc/passwd | head -1; test -d /proc/1 && echo proc-mounted'
	OUT=$(jf run --no-pivot -b "$BUNDLE" c1)
	assert_contains "$OUT" "root:x:0:0"
	assert_contains "$OUT" "proc-mounted"
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
