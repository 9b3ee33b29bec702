# Who the container's processes are: uids and gids in range, exec --user
# names looked up inside the container (never in a host file), HOME, unknown
# capabilities as warnings, the environment of hooks, and container ids.

start_sleeper() {
	set_args sleep 300
	jf_quiet run -d -b "$BUNDLE" "${1:-u1}"
}

# --- user ids in range (0 to 2^31-1) ---

# 4294967296 was cut to 0 and ran as root, -1 was (uid_t)-1: "no change",
# root again.  Each is refused before anything runs.
test_exec_user_out_of_range_refused() {
	start_sleeper
	local spec
	for spec in 4294967296 -1 4294967295 2147483648 0:4294967296 1000:-1 +1; do
		expect_fail "exec --user $spec" jf exec --user "$spec" u1 touch /ran
		assert_contains "$ERR" "--user: "
		assert_contains "$ERR" "is out of range (0 to 2147483647)"
	done
	jf exec u1 test ! -e /ran || fail "a refused exec ran"
	# The top of the range is fine.
	assert_eq "$(jf exec --user 2147483647:2147483647 u1 sh -c 'echo $(id -u):$(id -g)')" \
		"2147483647:2147483647"
	jf delete --force u1
}

test_config_user_ids_out_of_range_refused() {
	set_args touch /ran
	local field value
	for field in uid gid; do
		for value in 4294967295 4294967296 2147483648; do
			cfg ".process.user.uid = 0 | .process.user.gid = 0 | .process.user.$field = $value"
			expect_fail "create with $field $value" jf create -b "$BUNDLE" u2
			assert_contains "$ERR" "process.user.$field: $value is out of range (0 to 2147483647)"
			nothing_left
		done
	done
	cfg '.process.user.gid = 0 | .process.user.additionalGids = [10, 4294967295]'
	expect_fail "create with additionalGids" jf create -b "$BUNDLE" u2
	assert_contains "$ERR" "process.user.additionalGids[1]: 4294967295 is out of range"
	[ ! -e "$BUNDLE/rootfs/ran" ] || fail "the process ran"
}

test_exec_process_file_user_out_of_range_refused() {
	start_sleeper
	jq -n '{args: ["touch", "/ran"], cwd: "/", user: {uid: 4294967295, gid: 0}}' >"$TEST_DIR/p.json"
	expect_fail "exec --process" jf exec --process "$TEST_DIR/p.json" u1
	assert_contains "$ERR" "process.json: user.uid: 4294967295 is out of range (0 to 2147483647)"
	jq -n '{args: ["touch", "/ran"], cwd: "/", user: {uid: 0, gid: 0, additionalGids: [-1]}}' >"$TEST_DIR/p.json"
	expect_fail "exec --process" jf exec --process "$TEST_DIR/p.json" u1
	assert_contains "$ERR" "user.additionalGids[0]: -1 is out of range"
	jf exec u1 test ! -e /ran || fail "a refused exec ran"
	jf delete --force u1
}

# --- exec --user NAME[:GROUP], from the container's own files ---

# The busybox image: user 1000 (group 1000, also in wheel 10 and users
# 100), nobody 65534; groups tty 5, wheel 10.
test_exec_user_names_resolve_in_the_container() {
	start_sleeper
	local ids='echo $(id -u) $(id -g) $(id -G)'
	assert_eq "$(jf exec --user user u1 sh -c "$ids")" "1000 1000 1000 10 100" "--user user"
	assert_eq "$(jf exec --user user:tty u1 sh -c "$ids")" "1000 5 5" "--user user:tty"
	assert_eq "$(jf exec --user user:7 u1 sh -c "$ids")" "1000 7 7" "--user user:7"
	assert_eq "$(jf exec --user 1000:wheel u1 sh -c "$ids")" "1000 10 10" "--user 1000:wheel"
	assert_eq "$(jf exec --user nobody u1 sh -c "$ids")" "65534 65534 65534" "--user nobody"
	# Numeric, as runc exec: gid 0 unless given.
	assert_eq "$(jf exec --user 1000 u1 sh -c "$ids")" "1000 0 0" "--user 1000"
	expect_fail "--user bob" jf exec --user bob u1 true
	assert_contains "$ERR" "--user: no user \"bob\" in the container's /etc/passwd"
	expect_fail "--user 1000:bob" jf exec --user 1000:bob u1 true
	assert_contains "$ERR" "--user: no group \"bob\" in the container's /etc/group"
	jf delete --force u1
}

# decoy_files: a passwd and a group on the host, in the test's directory,
# with a user and a group the image lacks.
decoy_files() {
	mkdir -p "$TEST_DIR/decoy"
	echo "decoy:x:4242:4242::/decoy-home:/bin/sh" >"$TEST_DIR/decoy/passwd"
	echo "decoygroup:x:4343:decoy" >"$TEST_DIR/decoy/group"
}

# The image's /etc/passwd and /etc/group are symlinks to the absolute host
# paths of the decoys: inside the container those paths hold other files,
# and those are what count.
test_exec_user_never_reads_a_host_passwd() {
	decoy_files
	local rootfs=$BUNDLE/rootfs
	mkdir -p "$rootfs$TEST_DIR/decoy"
	echo "inside:x:2000:2001::/inside-home:/bin/sh" >"$rootfs$TEST_DIR/decoy/passwd"
	echo "insidegroup:x:2002:" >"$rootfs$TEST_DIR/decoy/group"
	ln -sf "$TEST_DIR/decoy/passwd" "$rootfs/etc/passwd"
	ln -sf "$TEST_DIR/decoy/group" "$rootfs/etc/group"
	start_sleeper
	expect_fail "--user decoy" jf exec --user decoy u1 true
	assert_contains "$ERR" "no user \"decoy\""
	expect_fail "--user 0:decoygroup" jf exec --user 0:decoygroup u1 true
	assert_contains "$ERR" "no group \"decoygroup\""
	assert_eq "$(jf exec --user inside:insidegroup u1 sh -c 'echo $(id -u) $(id -g) $HOME')" \
		"2000 2002 /inside-home"
	# HOME of a uid only the decoy knows: "/", not /decoy-home.
	assert_eq "$(jf exec --user 4242 u1 sh -c 'echo $HOME')" "/"
	jf delete --force u1
	# The init's HOME too.
	cfg '.process.user.uid = 4242'
	set_args sh -c 'echo $HOME'
	run_ok u3
	assert_eq "$OUT" "/" "the init's HOME"
}

# A container without a mount namespace of its own is only chroot'ed: an
# exec'd process is chroot'ed too (it ran in the host's root before), and
# the decoy is out of its reach the same way.
test_exec_without_a_mount_namespace_stays_in_the_rootfs() {
	decoy_files
	local rootfs=$BUNDLE/rootfs
	cfg 'del(.linux.namespaces[] | select(.type == "mount")) | .mounts = [] |
	     .linux.maskedPaths = [] | .linux.readonlyPaths = []'
	echo inside >"$rootfs/marker"
	mkdir -p "$rootfs$TEST_DIR/decoy"
	echo "inside:x:2000:2001::/inside-home:/bin/sh" >"$rootfs$TEST_DIR/decoy/passwd"
	ln -sf "$TEST_DIR/decoy/passwd" "$rootfs/etc/passwd"
	start_sleeper
	assert_eq "$(jf exec u1 cat /marker)" "inside" "exec's root"
	expect_fail "--user decoy" jf exec --user decoy u1 true
	assert_contains "$ERR" "no user \"decoy\""
	assert_eq "$(jf exec --user inside u1 sh -c 'echo $(id -u) $HOME')" "2000 /inside-home"
	jf delete --force u1
}

# Without a pid namespace, /proc/<host pid>/root is the host's root: the
# image's /etc/passwd -> /proc/<pid>/root/<decoy> must not reach it (no
# magic links).  (The host's pid 1 may be out of reach: a host process of
# the test's own stands for it.)
test_exec_user_passwd_through_proc_magic_link_refused() {
	decoy_files
	sleep 300 &
	local host_pid=$!
	cfg 'del(.linux.namespaces[] | select(.type == "pid"))'
	ln -sf "/proc/$host_pid/root$TEST_DIR/decoy/passwd" "$BUNDLE/rootfs/etc/passwd"
	start_sleeper
	# The link does lead to the decoy, for a process as privileged as the
	# exec'd one is while it looks the user up.
	if ! jf exec --cap CAP_SYS_PTRACE u1 grep -q decoy /etc/passwd; then
		kill "$host_pid"
		skip "/proc/$host_pid/root does not lead to the host here"
	fi
	expect_fail "--user decoy" jf exec --user decoy u1 true
	assert_contains "$ERR" "/etc/passwd: Too many levels of symbolic links"
	assert_eq "$(jf exec --user 4242 u1 sh -c 'echo $HOME')" "/"
	jf delete --force u1
	kill "$host_pid"
}

# A FIFO as /etc/passwd: never opened for reading (it would block), not by
# the init looking up HOME (which is then "/"), not by exec --user.
test_exec_user_fifo_passwd_does_not_hang() {
	rm -f "$BUNDLE/rootfs/etc/passwd"
	mkfifo "$BUNDLE/rootfs/etc/passwd"
	set_args sh -c 'echo "$HOME" >/home.txt; exec sleep 300'
	timeout 20 "$JFRUN" --root "$ROOT" run -d -b "$BUNDLE" u1 </dev/null >/dev/null 2>&1 ||
		fail "run -d failed or hung (124) with a FIFO /etc/passwd: $?"
	set +e
	timeout 20 "$JFRUN" --root "$ROOT" exec --user user u1 true >/dev/null 2>"$TEST_DIR/err"
	local rc=$?
	set -e
	[ "$rc" -ne 124 ] || fail "exec --user hung on a FIFO /etc/passwd"
	[ "$rc" -ne 0 ] || fail "exec --user user succeeded without a passwd"
	assert_contains "$(cat "$TEST_DIR/err")" "/etc/passwd: not a regular file"
	assert_eq "$(jf exec u1 cat /home.txt)" "/" "the init's HOME"
	jf delete --force u1
}

# --- HOME ---

test_init_home_from_passwd() {
	set_args sh -c 'echo $HOME'
	run_ok u4
	assert_eq "$OUT" "/root" "root's HOME"
	cfg '.process.user.uid = 1000'
	run_ok u4
	assert_eq "$OUT" "/home/user" "user's HOME"
	cfg '.process.user.uid = 4242'
	run_ok u4
	assert_eq "$OUT" "/" "HOME without a passwd entry"
	cfg '.process.user.uid = 1000 | .process.env += ["HOME=/mine"]'
	run_ok u4
	assert_eq "$OUT" "/mine" "HOME from process.env"
}

test_exec_home_from_passwd() {
	start_sleeper
	local home='echo $HOME'
	assert_eq "$(jf exec u1 sh -c "$home")" "/root" "exec"
	assert_eq "$(jf exec --user user u1 sh -c "$home")" "/home/user" "exec --user user"
	assert_eq "$(jf exec --user 1000 u1 sh -c "$home")" "/home/user" "exec --user 1000"
	assert_eq "$(jf exec --user 4242 u1 sh -c "$home")" "/" "exec --user 4242"
	assert_eq "$(jf exec -e HOME=/x --user user u1 sh -c "$home")" "/x" "exec -e HOME"
	jq -n '{args: ["sh", "-c", "echo $HOME"], cwd: "/", env: ["PATH=/bin"], user: {uid: 65534, gid: 0}}' \
		>"$TEST_DIR/p.json"
	assert_eq "$(jf exec --process "$TEST_DIR/p.json" u1)" "/nonexistent" "exec --process"
	jf delete --force u1
}

# --- unknown capabilities: a warning (runtime-spec 1.2), not an error ---

test_unknown_capability_is_a_warning() {
	cfg '.process.capabilities.bounding += ["CAP_UNKNOWN"] |
	     .process.capabilities.permitted += ["CAP_JFRUN_TEST_MADE_UP"] |
	     .process.capabilities.effective += ["CAP_UNKNOWN"]'
	set_args sh -c 'grep CapBnd /proc/self/status'
	jf --log "$TEST_DIR/log" --log-format json run -b "$BUNDLE" u5 >"$TEST_DIR/out" 2>"$TEST_DIR/err" ||
		fail "run with unknown capabilities: $(cat "$TEST_DIR/err")"
	local err
	err=$(cat "$TEST_DIR/err")
	assert_contains "$err" "warning: process.capabilities.bounding[3]: unknown capability CAP_UNKNOWN: ignored"
	assert_contains "$err" "process.capabilities.permitted[3]: unknown capability CAP_JFRUN_TEST_MADE_UP: ignored"
	assert_contains "$err" "process.capabilities.effective[3]: unknown capability CAP_UNKNOWN"
	jq -e 'select(.level == "warning" and (.msg | contains("CAP_JFRUN_TEST_MADE_UP")))' \
		"$TEST_DIR/log" >/dev/null || fail "no warning in --log: $(cat "$TEST_DIR/log")"
	# The known ones are granted: CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE.
	assert_contains "$(cat "$TEST_DIR/out")" "CapBnd:	0000000020000420"
}

test_exec_cap_unknown_is_a_warning() {
	start_sleeper
	local out
	out=$(jf exec --cap CAP_UNKNOWN --cap CAP_SYS_ADMIN u1 sh -c 'grep CapEff /proc/self/status' 2>"$TEST_DIR/err") ||
		fail "exec --cap CAP_UNKNOWN: $(cat "$TEST_DIR/err")"
	assert_contains "$(cat "$TEST_DIR/err")" "unknown capability CAP_UNKNOWN: ignored"
	local eff=${out##*:}
	[ $((0x$(echo $eff) & (1 << 21))) -ne 0 ] || fail "CAP_SYS_ADMIN missing: $out"
	jf delete --force u1
}

test_capability_not_a_string_is_an_error() {
	cfg '.process.capabilities.bounding += [21]'
	expect_fail "create" jf create -b "$BUNDLE" u6
	assert_contains "$ERR" "process.capabilities.bounding[3]: expected a string"
}

# --- hooks: without "env", the runtime's environment (as runc and crun) ---

env_hook() { # FILE [ENV-JSON]
	jq -n --arg s "env >$1" --argjson e "${2:-null}" \
		'{path: "/bin/sh", args: ["sh", "-c", $s]} + (if $e == null then {} else {env: $e} end)'
}

test_hook_without_env_gets_the_runtime_environment() {
	cfg ".hooks.createRuntime = [$(env_hook "$TEST_DIR/runtime.env")] |
	     .hooks.createContainer = [$(env_hook "$TEST_DIR/container.env")] |
	     .hooks.poststop = [$(env_hook "$TEST_DIR/poststop.env")] |
	     .hooks.prestart = [$(env_hook "$TEST_DIR/given.env" '["ONLY=this"]')] |
	     .hooks.poststart = [$(env_hook "$TEST_DIR/empty.env" '[]')]"
	set_args true
	JFRUN_TEST_MARK=from-the-runtime jf run -b "$BUNDLE" u7 >/dev/null 2>"$TEST_DIR/err" ||
		fail "run: $(cat "$TEST_DIR/err")"
	local f
	for f in runtime container poststop; do
		grep -qx "JFRUN_TEST_MARK=from-the-runtime" "$TEST_DIR/$f.env" ||
			fail "$f hook without env: $(cat "$TEST_DIR/$f.env")"
	done
	grep -qx "ONLY=this" "$TEST_DIR/given.env" || fail "hook env: $(cat "$TEST_DIR/given.env")"
	! grep -q "JFRUN_TEST_MARK" "$TEST_DIR/given.env" || fail "a hook's env got the runtime's"
	! grep -q "JFRUN_TEST_MARK" "$TEST_DIR/empty.env" || fail "env [] got the runtime's"
}

# --- container ids: runc's rule ---

test_bad_container_ids_refused_nothing_left() {
	set_args touch /ran
	local id
	for id in 'a"b' 'a\b' 'a b' 'a,b' 'a:b' 'a/b' '.' '..' '.hidden' "$(printf 'a\nb')" 'caf€'; do
		expect_fail "create $id" jf create -b "$BUNDLE" "$id"
		assert_contains "$ERR" "ids match ^[A-Za-z0-9_+.-]+\$"
		expect_fail "run $id" jf run -b "$BUNDLE" "$id"
		assert_contains "$ERR" "container id"
		nothing_left
	done
	[ -z "$(ls -A "$ROOT" | grep -v '^\.spare-')" ] || fail "left in the root: $(ls -A "$ROOT")"
	[ ! -e "$BUNDLE/rootfs/ran" ] || fail "a container ran"
	# runc's ids are fine.
	set_args true
	run_ok 'A.b+c_d-1'
}

# A directory left by an older jfrun under an id the rule now refuses:
# `state` and `list` still print valid JSON for it, and delete removes it.
test_state_and_list_escape_old_ids() {
	local id='old"id\x'
	mkdir "$ROOT/$id"
	jf state "$id" >"$TEST_DIR/state.json" || fail "state of an old id"
	assert_eq "$(jq -r .id "$TEST_DIR/state.json")" "$id" "state id"
	jf list --format json >"$TEST_DIR/list.json" || fail "list"
	assert_eq "$(jq -r '.[0].id' "$TEST_DIR/list.json")" "$id" "list id"
	jf delete --force "$id"
	[ ! -e "$ROOT/$id" ] || fail "delete left $ROOT/$id"
}
