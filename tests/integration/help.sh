# --help of jfrun and of every command, --version, and what `make install`
# installs.

# The command names `jfrun --help` lists.
commands() {
	"$JFRUN" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'
}

test_global_help_lists_every_command_on_stdout() {
	local out
	out=$("$JFRUN" --help 2>"$TEST_DIR/err") || fail "jfrun --help exited $?"
	assert_eq "$(cat "$TEST_DIR/err")" "" "stderr of jfrun --help"
	assert_contains "$out" "usage: jfrun"
	assert_contains "$("$JFRUN" -h)" "--root DIR"
	[ "$(commands | wc -l)" -ge 15 ] || fail "commands listed: $(commands | tr '\n' ' ')"
}

test_every_command_prints_its_usage_with_help_and_h() {
	local cmd flag out
	for cmd in $(commands); do
		for flag in --help -h; do
			out=$(jf "$cmd" "$flag" 2>"$TEST_DIR/err") ||
				fail "jfrun $cmd $flag exited $?: $(cat "$TEST_DIR/err")"
			assert_eq "$(cat "$TEST_DIR/err")" "" "stderr of jfrun $cmd $flag"
			assert_contains "$out" "usage: jfrun $cmd" "jfrun $cmd $flag"
		done
	done
}

# --help among the command's options, after options that take a value.
test_help_after_options_with_values() {
	assert_contains "$(jf run --bundle "$BUNDLE" --pid-file p --help)" "usage: jfrun run"
	assert_contains "$(jf exec -t --cwd /x -e A=B -h)" "usage: jfrun exec"
	assert_contains "$(jf update --memory 64m -r - --help)" "usage: jfrun update"
	assert_contains "$(jf list -q -h)" "usage: jfrun list"
}

# After the id, -h belongs to the container's process.
test_help_after_the_id_goes_to_the_process() {
	set_args sleep 300
	jf run -d -b "$BUNDLE" hp </dev/null >/dev/null 2>"$TEST_DIR/err" || fail "run -d: $(cat "$TEST_DIR/err")"
	assert_eq "$(jf exec hp echo -h)" "-h" "exec hp echo -h"
	jf delete --force hp
}

test_version_names_commit_spec_and_libraries() {
	local out
	out=$("$JFRUN" --version) || fail "--version exited $?"
	assert_contains "$out" "jfrun version"
	assert_contains "$out" "spec: 1."
	echo "$out" | grep -qE '^commit: [0-9a-zA-Z.-]+$' || fail "no commit line: $out"
	echo "$out" | grep -qE '^libseccomp: [0-9]+\.[0-9]+\.[0-9]+ \(running [0-9]+\.[0-9]+\.[0-9]+\)$' || fail "libseccomp: $out"
	echo "$out" | grep -qE '^libcap: [0-9]+\.[0-9]+' || fail "libcap: $out"
	echo "$out" | grep -qE '^libyajl: [0-9]+\.[0-9]+\.[0-9]+ \(running' || fail "libyajl: $out"
	echo "$out" | grep -qE '^libcgroup: [0-9]+\.[0-9]+' || fail "libcgroup: $out"
	# Built in a git checkout: a commit git knows.
	if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
		local commit
		commit=$(echo "$out" | sed -n 's/^commit: //p' | sed -E 's/-dirty$//; s/.*-g([0-9a-f]+)$/\1/')
		git -C "$REPO" cat-file -e "$commit^{commit}" 2>/dev/null || fail "commit \"$commit\" unknown to git"
	fi
}
