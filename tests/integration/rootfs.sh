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
	local before after
	before=$(wc -l </proc/self/mountinfo)
	OUT=$(jf run -b "$BUNDLE" c1)
	after=$(wc -l </proc/self/mountinfo)
	assert_eq "$OUT" "in-rootfs"
	assert_eq "$after" "$before" "host mount count"
}

test_listen_fds_are_passed() {
	set_args sh -c 'echo LISTEN_FDS=$LISTEN_FDS; cat <&3'
	echo socket-activated >"$TEST_DIR/f3"
	OUT=$(LISTEN_FDS=1 jf run -b "$BUNDLE" c1 3<"$TEST_DIR/f3")
	assert_contains "$OUT" "LISTEN_FDS=1"
	assert_contains "$OUT" "socket-activated"
}
