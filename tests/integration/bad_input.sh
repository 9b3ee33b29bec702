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

# has_cap NUMBER [FIELD]: this shell (root, as jfrun runs) has the capability
# in /proc/self/status's FIELD (CapEff by default).  The host decides
# whether jfrun must refuse, never jfrun's own answer.
has_cap() {
	local set
	set=$(awk -v f="${2:-CapEff}:" '$1 == f { print $2 }' /proc/self/status)
	[ -n "$set" ] || fail "no ${2:-CapEff} in /proc/self/status"
	[ $(((16#$set >> $1) & 1)) -eq 1 ]
}
CAP_SYS_RESOURCE=24

test_rlimit_above_host_limit_names_it() {
	local hard
	hard=$(ulimit -Hn)
	[ "$hard" != unlimited ] || skip "the hard nofile limit is unlimited here"
	! has_cap $CAP_SYS_RESOURCE || skip "this host has CAP_SYS_RESOURCE: root may raise RLIMIT_NOFILE"
	cfg ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"hard\": $((hard + 10000)), \"soft\": $((hard + 10000))}]"
	set_args true
	expect_fail "run with RLIMIT_NOFILE above the hard limit $hard" jf run -b "$BUNDLE" c1
	assert_contains "$ERR" "RLIMIT_NOFILE"
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
	! has_cap $CAP_SYS_RESOURCE || skip "this host has CAP_SYS_RESOURCE: oom_score_adj may go negative"
	expect_fail "run with oomScoreAdj -500" jf run -b "$BUNDLE" c1
	assert_contains "$ERR" "oomScoreAdj"
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
	! has_cap $CAP_SYS_RESOURCE CapBnd || skip "this host has CAP_SYS_RESOURCE in its bounding set"
	cfg '.process.capabilities.permitted += ["CAP_SYS_RESOURCE"] | .process.capabilities.effective += ["CAP_SYS_RESOURCE"]'
	expect_fail "create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "CAP_SYS_RESOURCE"
}
