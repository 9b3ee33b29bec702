# Bad input: a clear message naming the field, non-zero exit, nothing left.

test_bad_id_with_slash_refused() {
	expect_fail "create" jf create -b "$BUNDLE" "a/b"
	assert_contains "$ERR" "container id"
}

test_bad_id_dotdot_refused() {
	expect_fail "create" jf create -b "$BUNDLE" ".."
	assert_contains "$ERR" "container id"
}

test_empty_id_refused() {
	expect_fail "create" jf create -b "$BUNDLE" ""
	assert_contains "$ERR" "container id"
}

test_malformed_config_names_the_field() {
	cfg '.process.args = ["sh", 1]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "process.args[1]"
}

test_truncated_config_refused() {
	head -c 100 "$BUNDLE/config.json" >"$BUNDLE/c" && mv "$BUNDLE/c" "$BUNDLE/config.json"
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "config.json"
}

test_missing_rootfs_refused() {
	cfg '.root.path = "nope"'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "root.path"
}

test_unknown_namespace_refused() {
	cfg '.linux.namespaces += [{"type": "bogus"}]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "linux.namespaces"
}

# (An unknown capability is a warning: user_ids.sh.)

test_unknown_rlimit_refused() {
	cfg '.process.rlimits = [{"type": "RLIMIT_BOGUS", "hard": 1, "soft": 1}]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "RLIMIT_BOGUS"
}

test_rlimit_above_host_limit_names_it() {
	cfg '.process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": 1073741816, "soft": 1073741816}]'
	set_args true
	set +e; jf run -b "$BUNDLE" c1 >/dev/null 2>"$TEST_DIR/err"; local rc=$?; set -e
	if [ $rc -eq 0 ]; then skip "this host lets root raise RLIMIT_NOFILE that far"; fi
	assert_contains "$(cat "$TEST_DIR/err")" "RLIMIT_NOFILE"
}

test_unknown_seccomp_action_refused() {
	cfg '.linux.seccomp = {"defaultAction": "SCMP_ACT_BOGUS"}'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "SCMP_ACT_BOGUS"
}

test_failing_hook_refused() {
	cfg '.hooks.createRuntime = [{"path": "/bin/false"}]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "hooks.createRuntime[0]"
}

test_negative_oom_score_adj_names_field() {
	cfg '.process.oomScoreAdj = -500'
	set_args true
	set +e; jf run -b "$BUNDLE" c1 >/dev/null 2>"$TEST_DIR/err"; local rc=$?; set -e
	if [ $rc -eq 0 ]; then skip "this host allows a negative oom_score_adj"; fi
	assert_contains "$(cat "$TEST_DIR/err")" "oomScoreAdj"
}

test_terminal_without_console_socket_refused() {
	cfg '.process.terminal = true'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "console-socket"
}

test_bad_annotation_value_names_it() {
	cfg '.annotations["org.jfrun.rss.hard"] = "lots"'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "org.jfrun.rss.hard"
}

test_unknown_global_option_refused() {
	expect_fail "jfrun" "$JFRUN" --bogus list
}

test_log_format_json_writes_error_line() {
	expect_fail "state" "$JFRUN" --root "$ROOT" --log "$TEST_DIR/log.json" --log-format json state nope
	jq -e 'select(.level == "error") | .msg | test("does not exist")' "$TEST_DIR/log.json" >/dev/null ||
		fail "log: $(cat "$TEST_DIR/log.json")"
}

test_capability_the_runtime_lacks_is_refused_at_create() {
	grep -q '^CapBnd:.*' /proc/self/status
	if capsh --has-b=cap_sys_resource 2>/dev/null; then
		skip "this host has CAP_SYS_RESOURCE in its bounding set"
	fi
	cfg '.process.capabilities.permitted += ["CAP_SYS_RESOURCE"] | .process.capabilities.effective += ["CAP_SYS_RESOURCE"]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "CAP_SYS_RESOURCE"
}
