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

# `make install DESTDIR=...`: the binary, the man page and the completion,
# nothing else; `man` reads the page; `make uninstall` removes all three.
test_make_install_installs_binary_man_page_and_completion() {
	command -v make >/dev/null || skip "no make"
	local dest=$TEST_DIR/dest files
	make -s -C "$REPO" install DESTDIR="$dest" >"$TEST_DIR/make.log" 2>&1 ||
		fail "make install: $(tail -3 "$TEST_DIR/make.log")"
	files=$(cd "$dest" && find . -type f | sort | tr '\n' ' ')
	assert_eq "$files" "./usr/local/bin/jfrun ./usr/local/share/bash-completion/completions/jfrun ./usr/local/share/man/man8/jfrun.8 " "installed files"
	"$dest/usr/local/bin/jfrun" --version | grep -q "^jfrun version" || fail "the installed binary does not run"
	if command -v man >/dev/null; then
		assert_eq "$(MANPATH=$dest/usr/local/share/man man -w jfrun)" "$dest/usr/local/share/man/man8/jfrun.8" "man -w jfrun"
		OUT=$(MANPATH=$dest/usr/local/share/man MANWIDTH=80 man jfrun 2>&1 | col -b)
		assert_contains "$OUT" "jfrun - an OCI container runtime" "man jfrun"
		local cmd
		for cmd in $(commands); do
			echo "$OUT" | grep -qE "^   $cmd( |,|$)|, $cmd( |$)" || fail "man jfrun has no section for $cmd"
		done
	fi
	make -s -C "$REPO" uninstall DESTDIR="$dest" >>"$TEST_DIR/make.log" 2>&1 || fail "make uninstall"
	assert_eq "$(cd "$dest" && find . -type f)" "" "files left by make uninstall"
}

# complete_jfrun WORD...: what the completion offers for the last word.
complete_jfrun() {
	bash -c '
		source "$1/contrib/completion/jfrun.bash"
		shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_jfrun
		printf "%s\n" "${COMPREPLY[@]}"' _ "$REPO" "$@"
}

test_completion_offers_commands_flags_and_ids_of_the_root() {
	assert_contains "$(complete_jfrun "$JFRUN" up)" "update" "commands"
	assert_contains "$(complete_jfrun "$JFRUN" --ro)" "--root" "global flags"
	assert_contains "$(complete_jfrun "$JFRUN" run --bu)" "--bundle" "run's flags"
	assert_contains "$(complete_jfrun "$JFRUN" update --pids)" "--pids-limit" "update's flags"
	set_args sleep 300
	jf create -b "$BUNDLE" comp-a
	jf create -b "$BUNDLE" comp-b
	OUT=$(complete_jfrun "$JFRUN" --root "$ROOT" kill comp-)
	assert_eq "$(echo "$OUT" | sort | tr '\n' ' ')" "comp-a comp-b " "ids in --root $ROOT"
	assert_eq "$(complete_jfrun "$JFRUN" --root "$ROOT" kill comp-a T)" "TERM" "kill's signal"
	assert_eq "$(complete_jfrun "$JFRUN" --root "$TEST_DIR/empty" state comp-)" "" "ids of another root"
	jf delete --force comp-a
	jf delete --force comp-b
}
