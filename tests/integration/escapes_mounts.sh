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
