# stdio, terminals and file descriptors crossing into the container.

test_console_socket_gets_the_pty() {
	"$REPO/build/tests/recvtty" "$TEST_DIR/tty.sock" >"$TEST_DIR/tty.out" 2>&1 &
	local rpid=$!
	for i in $(seq 250); do [ -S "$TEST_DIR/tty.sock" ] && break; sleep 0.02; done
	[ -S "$TEST_DIR/tty.sock" ] || fail "recvtty is not listening"
	cfg '.process.terminal = true'
	set_args sh -c 'tty; test -t 0 && echo stdin-is-a-tty'
	jf create -b "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" c1
	jf start c1
	wait_status c1 stopped
	jf delete c1
	wait $rpid || true
	local out
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	assert_contains "$out" "recvtty: got a terminal"
	assert_contains "$out" "/dev/pts/0"
	assert_contains "$out" "stdin-is-a-tty"
}

test_no_jfrun_fd_leaks_into_container() {
	set_args sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "'
	run_ok c1
	# 0 1 2, plus the fd ls itself opens for /proc/self/fd.
	assert_eq "$OUT" "0 1 2 3 "
}

test_preserve_fds_passes_extra_fds() {
	set_args sh -c 'cat <&3; cat <&4'
	echo three >"$TEST_DIR/f3"
	echo four >"$TEST_DIR/f4"
	OUT=$(jf run -b "$BUNDLE" --preserve-fds 2 c1 3<"$TEST_DIR/f3" 4<"$TEST_DIR/f4")
	assert_eq "$(echo $OUT)" "three four"
}

test_fds_beyond_preserve_are_closed() {
	set_args sh -c 'test -e /proc/self/fd/5 && echo leaked || echo closed'
	OUT=$(jf run -b "$BUNDLE" --preserve-fds 1 c1 3</dev/null 5</dev/null)
	assert_eq "$OUT" "closed"
}

# A gap among the preserved fds (here 4) is no way in for jfrun's own fds:
# its --log file, opened first, gets that number in jfrun and must not
# reach the container (linux/process.c: only what the caller passed).
test_runtime_fd_in_a_gap_of_preserved_fds_is_closed() {
	set_args sh -c 'if [ -e /proc/self/fd/4 ]; then echo "open: $(readlink /proc/self/fd/4)"; else echo closed; fi; cat <&3; cat <&5'
	echo three >"$TEST_DIR/f3"
	echo five >"$TEST_DIR/f5"
	OUT=$("$JFRUN" --root "$ROOT" --log "$TEST_DIR/jfrun.log" run -b "$BUNDLE" --preserve-fds 3 \
		"gap${TEST_DIR##*.}" 3<"$TEST_DIR/f3" 5<"$TEST_DIR/f5")
	assert_eq "$(echo $OUT)" "closed three five"
}

test_init_exe_is_not_the_runtime_binary() {
	set_args sh -c 'readlink /proc/1/exe'
	run_ok c1
	assert_eq "$OUT" "/bin/busybox"
}

test_run_with_terminal_proxies_the_pty() {
	command -v script >/dev/null || skip "script (bsdutils) not installed"
	cfg '.process.terminal = true'
	set_args sh -c 'test -t 0 && test -t 1 && echo "tty=$(tty)"; read line; echo "got=$line"'
	OUT=$( (sleep 0.5; echo typed-in) | script -qec "$JFRUN --root $ROOT run -b $BUNDLE c1" /dev/null | tr -d '\r')
	assert_contains "$OUT" "tty=/dev/pts/0"
	assert_contains "$OUT" "got=typed-in"
}
