# spec, features, --version, --help.

test_spec_writes_a_config_that_runs() {
	rm "$BUNDLE/config.json"
	(cd "$BUNDLE" && jf spec)
	jq -e '.ociVersion and .process.args == ["sh"] and .root.path == "rootfs"' \
		"$BUNDLE/config.json" >/dev/null || fail "spec: $(cat "$BUNDLE/config.json")"
	cfg '.process.terminal = false | .process.args = ["true"]'
	run_ok c1
}

test_spec_refuses_to_overwrite() {
	expect_fail "spec" jf spec --bundle "$BUNDLE"
	assert_contains "$ERR" "exists"
}

test_features_is_valid_json() {
	local f
	f=$(jf features)
	echo "$f" | jq -e '.ociVersionMax == "1.3.0"' >/dev/null || fail "ociVersionMax: $f"
	echo "$f" | jq -e '.linux.namespaces | index("pid")' >/dev/null || fail "namespaces: $f"
	echo "$f" | jq -e '.linux.capabilities | index("CAP_SYS_ADMIN")' >/dev/null || fail "caps: $f"
	echo "$f" | jq -e '.linux.seccomp.enabled == true' >/dev/null || fail "seccomp: $f"
	echo "$f" | jq -e '.hooks | index("createRuntime")' >/dev/null || fail "hooks: $f"
}

test_version_prints_version() {
	assert_contains "$("$JFRUN" --version)" "jfrun version"
}
