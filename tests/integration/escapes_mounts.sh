# Escapes through mounts and device nodes (issue 17, items 3, 8, 9, 11): a
# hostile image or config tries to make jfrun mount, mask or create
# something outside the container's root.  Each test tries the attack for
# real against a decoy file of its own and shows the decoy untouched.

# The config without any mount on /dev or below: the image's own /dev.
no_dev_mounts() {
	cfg '.mounts |= map(select(.destination | startswith("/dev") | not))'
}

test_masked_file_ignores_image_dev_null_symlink() {
	# The image's /dev/null points at a file the container may write
	# (here a host file bound in); masking with it by path would make the
	# masked file a writable view of that file.
	echo original >"$TEST_DIR/decoy"
	no_dev_mounts
	ln -s /decoy "$BUNDLE/rootfs/dev/null"
	echo secret >"$BUNDLE/rootfs/etc/masked"
	cfg ".mounts += [{destination: \"/decoy\", type: \"bind\", source: \"$TEST_DIR/decoy\", options: [\"bind\"]}] |
		.linux.maskedPaths = [\"/etc/masked\"]"
	set_args sh -c 'echo pwned >/etc/masked; cat /etc/masked; stat -c "%F %t:%T" /etc/masked'
	run_ok masknull
	assert_eq "$(cat "$TEST_DIR/decoy")" original "the decoy behind the image's /dev/null"
	assert_contains "$OUT" "character special file 1:3" "the masked file"
	case $OUT in *secret* | *pwned*) fail "the masked file was readable: $OUT" ;; esac
	nothing_left
}

test_image_dev_gets_default_nodes() {
	# No /dev mount and an empty /dev in the image: as runc and crun,
	# jfrun makes the default nodes there (and masking works).
	no_dev_mounts
	[ -z "$(ls -A "$BUNDLE/rootfs/dev")" ] || fail "the test image's /dev is not empty"
	echo secret >"$BUNDLE/rootfs/etc/masked"
	cfg '.linux.maskedPaths = ["/etc/masked", "/proc/acpi"]'
	set_args sh -c 'for n in null zero full random urandom tty; do stat -c "%n %F %t:%T" /dev/$n; done; readlink /dev/ptmx; stat -c "%n %F %t:%T" /etc/masked'
	run_ok defnodes
	local want
	for want in "/dev/null character special file 1:3" "/dev/zero character special file 1:5" \
		"/dev/full character special file 1:7" "/dev/random character special file 1:8" \
		"/dev/urandom character special file 1:9" "/dev/tty character special file 5:0" \
		"pts/ptmx" "/etc/masked character special file 1:3"; do
		assert_contains "$OUT" "$want" "the image's /dev"
	done
	nothing_left
}

test_image_dev_symlinked_null_is_replaced() {
	# An image whose /dev/null is a symlink to a file the container can
	# write: the container's /dev/null must be the null device.
	echo original >"$TEST_DIR/decoy"
	no_dev_mounts
	ln -s /decoy "$BUNDLE/rootfs/dev/null"
	cfg ".mounts += [{destination: \"/decoy\", type: \"bind\", source: \"$TEST_DIR/decoy\", options: [\"bind\"]}]"
	set_args sh -c 'echo pwned >/dev/null; stat -c "%F %t:%T" /dev/null'
	run_ok nullsym
	assert_eq "$(cat "$TEST_DIR/decoy")" original "the decoy behind the image's /dev/null"
	assert_contains "$OUT" "character special file 1:3" "/dev/null"
	nothing_left
}

# start_recvtty: a console socket at $TEST_DIR/tty.sock.
start_recvtty() {
	[ -x "$REPO/build/tests/recvtty" ] || skip "build/tests/recvtty is not built (make check builds it)"
	"$REPO/build/tests/recvtty" "$TEST_DIR/tty.sock" >"$TEST_DIR/tty.out" 2>&1 &
	RECVTTY=$!
	for i in $(seq 250); do [ -S "$TEST_DIR/tty.sock" ] && break; sleep 0.02; done
	[ -S "$TEST_DIR/tty.sock" ] || fail "recvtty is not listening"
}

test_terminal_refuses_ptmx_not_of_devpts() {
	# A /dev bound from a directory holding a ptmx node of its own, and
	# the host's devpts beside it: opening that node gives a pty of the
	# host's devpts instance, not of a devpts of the container's.
	[ "$(stat -f -c %T /dev/pts)" = devpts ] || skip "the host has no devpts on /dev/pts"
	mkdir -p "$TEST_DIR/devdir/pts"
	mknod -m 666 "$TEST_DIR/devdir/ptmx" c 5 2
	mknod -m 666 "$TEST_DIR/devdir/null" c 1 3
	cfg ".mounts |= map(select(.destination | startswith(\"/dev\") | not)) |
		.mounts += [{destination: \"/dev\", type: \"bind\", source: \"$TEST_DIR/devdir\", options: [\"rbind\"]},
			{destination: \"/dev/pts\", type: \"bind\", source: \"/dev/pts\", options: [\"bind\"]}] |
		.process.terminal = true"
	set_args true
	start_recvtty
	expect_fail "a terminal from a ptmx that is not devpts's" \
		jf create -b "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" ptmx
	kill "$RECVTTY" 2>/dev/null || true
	wait "$RECVTTY" 2>/dev/null || true
	assert_contains "$ERR" "process.terminal: /dev/ptmx is not the ptmx of a devpts"
	nothing_left
}

test_mount_on_dangling_symlink_creates_its_target() {
	# As crun: a destination that is a dangling symlink of the image is
	# followed, inside the root, and its target made (parents too).
	mkdir "$TEST_DIR/src"
	echo hello >"$TEST_DIR/src/file"
	ln -s /srv/data "$BUNDLE/rootfs/data"
	ln -s ../var/cfg.txt "$BUNDLE/rootfs/etc/cfg"
	cfg ".mounts += [{destination: \"/data\", type: \"bind\", source: \"$TEST_DIR/src\", options: [\"bind\"]},
		{destination: \"/etc/cfg\", type: \"bind\", source: \"$TEST_DIR/src/file\", options: [\"bind\"]}]"
	set_args sh -c 'cat /srv/data/file /var/cfg.txt'
	run_ok dangling
	assert_eq "$OUT" "hello
hello" "the mounts through the image's dangling symlinks"
	[ -d "$BUNDLE/rootfs/srv/data" ] || fail "the symlink's target directory was not made in the rootfs"
	[ -f "$BUNDLE/rootfs/var/cfg.txt" ] || fail "the symlink's target file was not made in the rootfs"
	nothing_left
}

test_mount_on_symlink_out_of_root_stays_inside() {
	# Dangling symlinks that name host paths (absolute, or by ../..):
	# followed inside the root; nothing appears on the host.
	local decoy=$TEST_DIR/host-decoy
	mkdir "$TEST_DIR/src"
	echo hello >"$TEST_DIR/src/file"
	ln -s "$decoy/abs" "$BUNDLE/rootfs/abs"
	ln -s "../../../../../../../../..$decoy/rel" "$BUNDLE/rootfs/etc/rel"
	cfg ".mounts += [{destination: \"/abs\", type: \"bind\", source: \"$TEST_DIR/src\", options: [\"bind\"]},
		{destination: \"/etc/rel/sub\", type: \"tmpfs\", source: \"tmpfs\"}]"
	set_args sh -c "cat $decoy/abs/file; grep -c ' $decoy/rel/sub tmpfs ' /proc/self/mounts"
	run_ok outside
	[ ! -e "$decoy" ] || fail "a mount destination's symlink made $decoy on the host"
	assert_eq "$OUT" "hello
1" "the mounts, inside the container's root"
	[ -d "$BUNDLE/rootfs$decoy/abs" ] || fail "the absolute symlink's target was not made in the rootfs"
	[ -d "$BUNDLE/rootfs$decoy/rel/sub" ] || fail "the relative symlink's target was not made in the rootfs"
	nothing_left
}

test_device_outside_dev_is_made_inside_root() {
	# runtime-spec: linux.devices[].path is any path in the container.  A
	# symlink of the image naming a host directory does not take it out.
	local decoy=$TEST_DIR/host-devdir
	mkdir "$decoy"
	ln -s "$decoy" "$BUNDLE/rootfs/hostdir"
	cfg '.linux.devices = [
		{path: "/opt/dev/mynull", type: "c", major: 1, minor: 3, fileMode: 438},
		{path: "/hostdir/myzero", type: "c", major: 1, minor: 5, fileMode: 438}]'
	set_args sh -c 'stat -c "%n %F %t:%T %a" /opt/dev/mynull /hostdir/myzero; echo x >/opt/dev/mynull'
	run_ok outdev
	assert_contains "$OUT" "/opt/dev/mynull character special file 1:3 666"
	assert_contains "$OUT" "/hostdir/myzero character special file 1:5 666"
	[ -z "$(ls -A "$decoy")" ] || fail "a device went into the host's $decoy: $(ls -A "$decoy")"
	[ -c "$BUNDLE/rootfs$decoy/myzero" ] || fail "the device is not in the rootfs at $decoy"
	nothing_left
}

test_device_path_must_name_a_file() {
	cfg '.linux.devices = [{path: "/opt/..", type: "c", major: 1, minor: 3}]'
	set_args true
	expect_fail "a device path ending in .." jf run -b "$BUNDLE" badpath
	assert_contains "$ERR" 'linux.devices[0].path: "/opt/.."'
	nothing_left
}

# userns_config: a user namespace mapping the container's 0..65535 to the
# host's 100000..165535 (the image owned by the container's root, as podman
# makes it).
userns_config() {
	chown -R 100000:100000 "$BUNDLE/rootfs"
	cfg '.linux.namespaces += [{type: "user"}] |
		.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}] |
		.linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
}

test_userns_bind_source_under_root_only_dir() {
	# The source is reachable by the runtime (root), not by the
	# container's root (host uid 100000): jfrun opens it with its own
	# privileges, as runc and crun do.
	# (The bundle itself must be reachable: its directory only, 0711.)
	chmod 0711 "$TEST_DIR"
	mkdir -m 0700 "$TEST_DIR/private"
	mkdir "$TEST_DIR/private/src"
	echo hello >"$TEST_DIR/private/src/file"
	# (Writable by the container's root but for "ro".)
	chown 100000:100000 "$TEST_DIR/private/src"
	echo filehello >"$TEST_DIR/private/afile"
	userns_config
	cfg ".mounts += [{destination: \"/data\", type: \"bind\", source: \"$TEST_DIR/private/src\", options: [\"bind\", \"ro\"]},
		{destination: \"/afile\", type: \"bind\", source: \"$TEST_DIR/private/afile\", options: [\"rbind\"]}]"
	set_args sh -c 'cat /data/file /afile; touch /data/x 2>/dev/null && echo writable; grep " /data " /proc/self/mountinfo'
	run_ok usernsbind
	assert_contains "$OUT" "hello
filehello" "the bind mounts"
	case $OUT in *writable*) fail "the \"ro\" bind mount was writable" ;; esac
	nothing_left
}

test_userns_devices_are_the_host_nodes_bound() {
	# In a user namespace nodes are bind mounts of the host's: found by
	# their numbers (the path of the config names no host file here), and
	# an image's symlink in their place is replaced, not followed.
	echo original >"$TEST_DIR/decoy"
	chmod 0711 "$TEST_DIR"
	chmod 0666 "$TEST_DIR/decoy"
	no_dev_mounts
	userns_config
	ln -s /decoy "$BUNDLE/rootfs/dev/null"
	cfg ".mounts += [{destination: \"/decoy\", type: \"bind\", source: \"$TEST_DIR/decoy\", options: [\"bind\"]}] |
		.linux.devices = [{path: \"/opt/myzero\", type: \"c\", major: 1, minor: 5},
			{path: \"$TEST_DIR/secret\", type: \"c\", major: 1, minor: 3},
			{path: \"/opt/myfifo\", type: \"p\"}]"
	# A host file at a device's path is not bound for the device.
	echo host-secret >"$TEST_DIR/secret"
	chmod 0644 "$TEST_DIR/secret"
	set_args sh -c "echo pwned >/dev/null; stat -c '%n %F %t:%T' /dev/null /opt/myzero $TEST_DIR/secret /opt/myfifo; cat $TEST_DIR/secret"
	run_ok usernsdev
	assert_contains "$OUT" "$TEST_DIR/secret character special file 1:3"
	case $OUT in *host-secret*) fail "the host's file at a device's path was bound in: $OUT" ;; esac
	assert_eq "$(cat "$TEST_DIR/decoy")" original "the decoy behind the image's /dev/null"
	assert_contains "$OUT" "/dev/null character special file 1:3"
	assert_contains "$OUT" "/opt/myzero character special file 1:5"
	assert_contains "$OUT" "/opt/myfifo fifo"
	nothing_left
}

test_image_dev_on_read_only_fs_keeps_right_nodes() {
	# The image's /dev on a read-only filesystem, already holding the
	# right nodes (with another mode): used as they are.
	local n
	no_dev_mounts
	for n in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
		set -- $n
		mknod -m 0640 "$BUNDLE/rootfs/dev/$1" c "$2" "$3"
	done
	for n in fd stdin stdout stderr core; do ln -s /proc/self/fd "$BUNDLE/rootfs/dev/$n"; done
	ln -s pts/ptmx "$BUNDLE/rootfs/dev/ptmx"
	mount --bind "$BUNDLE/rootfs" "$BUNDLE/rootfs"
	mount -o remount,bind,ro "$BUNDLE/rootfs"
	set_args sh -c 'stat -c "%n %t:%T %a" /dev/null /dev/tty'
	run_rc rodev
	umount "$BUNDLE/rootfs"
	[ "$RC" -eq 0 ] || fail "run on a read-only image /dev exited $RC: $ERR"
	assert_contains "$OUT" "/dev/null 1:3 640"
	assert_contains "$OUT" "/dev/tty 5:0 640"
	nothing_left
}

test_dev_console_is_the_terminal_not_a_config_device() {
	# /dev/console is the container's pty, mounted on by fd: what the
	# config puts there is covered, never opened by jfrun (opening this
	# fifo for writing would block the create for good).
	cfg '.process.terminal = true |
		.linux.devices = [{path: "/dev/console", type: "p"}]'
	set_args sh -c 'stat -c "console %t" /dev/console; tty'
	start_recvtty
	jf create -b "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" cons >"$TEST_DIR/create.out" 2>&1 &
	local cpid=$! i
	for i in $(seq 200); do kill -0 $cpid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $cpid 2>/dev/null; then
		# jfrun itself (the init dies with it: PDEATHSIG), then recvtty.
		kill -9 $(pgrep -P $cpid) $cpid 2>/dev/null
		kill "$RECVTTY" 2>/dev/null
		fail "create blocked on the config's /dev/console"
	fi
	wait $cpid || fail "create: $(cat "$TEST_DIR/create.out")"
	jf start cons
	wait_status cons stopped
	jf delete cons
	wait "$RECVTTY" || true
	local out
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	# 0x88 = 136, the major of the devpts' slaves.
	assert_contains "$out" "console 88" "/dev/console in the container"
	assert_contains "$out" "/dev/pts/0"
	nothing_left
}

# Without a /proc in the container, masks and read-only paths are mounted by
# fds alone (no /proc/self/fd path): two masked directories, a masked file
# and a read-only directory.
test_masks_and_readonly_paths_without_proc() {
	mkdir -p "$BUNDLE/rootfs/m1" "$BUNDLE/rootfs/m2" "$BUNDLE/rootfs/ro"
	echo secret >"$BUNDLE/rootfs/m1/s"
	echo secret >"$BUNDLE/rootfs/m2/s"
	echo secret >"$BUNDLE/rootfs/mf"
	cfg '.mounts |= map(select(.destination != "/proc"))
	     | .linux.maskedPaths = ["/m1", "/m2", "/mf", "/proc/kcore"]
	     | .linux.readonlyPaths = ["/ro"]'
	set_args sh -c 'ls -A /m1 /m2; cat /mf; touch /ro/x 2>/dev/null || echo ro-refused'
	run_ok np1
	assert_eq "$OUT" "/m1:

/m2:
ro-refused" "what the container sees"
}
