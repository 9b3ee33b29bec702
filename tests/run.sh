#!/bin/bash
# Integration tests: real containers, as root, on the busybox bundle.
#
#   bash tests/run.sh [FILTER]        (JFRUN=/path/to/jfrun to pick a binary)
#
# Each tests/integration/*.sh defines functions named test_*; every one
# runs in its own subshell and temp dir.  Exit 77 from a test = skipped.
# The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
filter=${1:-}
export JFRUN=${JFRUN:-$PWD/jfrun}
pass=0 failed=0 skipped=0
failures=()

if [ "$(id -u)" != 0 ]; then
	echo "integration tests need root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

# Optional per-file hooks: a test file may define file_setup and
# file_teardown.  They run once, around the file's selected tests, with
# $FILE_DIR: a directory the file's tests share, removed after
# file_teardown (which also runs on ^C).  When file_setup skips (exit 77) or
# fails, every test of the file is reported as skipped or failed with its
# reason.
FILE_DIR= hook_file= setup_rc=0
file_hook() { # HOOK
	(
		set -e
		export TEST_DIR=$FILE_DIR
		source tests/lib.sh
		source "$hook_file"
		if declare -F "$1" >/dev/null; then "$1"; fi
	) >>"$FILE_DIR/.hooks.log" 2>&1
}
file_begin() { # FILE
	setup_rc=0
	grep -qE '^file_(setup|teardown)\(\)' "$1" || return 0
	FILE_DIR=$(mktemp -d /tmp/jfrun-file.XXXXXX)
	hook_file=$1
	file_hook file_setup
	setup_rc=$?
}
file_end() {
	[ -n "$FILE_DIR" ] || return 0
	file_hook file_teardown ||
		echo "WARN $hook_file: file_teardown: $(tail -3 "$FILE_DIR/.hooks.log" | tr '\n' ' ')"
	rm -rf "$FILE_DIR"
	FILE_DIR=
}
trap file_end EXIT
trap 'exit 130' INT TERM

run_test() {
	local file=$1 name=$2 dir rc why
	if [ "$setup_rc" -ne 0 ]; then
		why=$(cat "$FILE_DIR/.why" 2>/dev/null || tail -3 "$FILE_DIR/.hooks.log" | tr '\n' ' ')
		if [ "$setup_rc" -eq 77 ]; then
			echo "SKIP $name: $why"; skipped=$((skipped + 1))
		else
			echo "FAIL $name: file_setup: $why"; failed=$((failed + 1)); failures+=("$name")
		fi
		return
	fi
	dir=$(mktemp -d /tmp/jfrun-test.XXXXXX)
	(
		set -e
		export TEST_DIR=$dir ROOT=$dir/root BUNDLE=$dir/bundle
		source tests/lib.sh
		source "$file"
		mkdir -p "$ROOT"
		new_bundle
		"$name"
		nothing_left
	) >"$dir/.log" 2>&1
	rc=$?
	why=$(cat "$dir/.why" 2>/dev/null || tail -3 "$dir/.log" | tr '\n' ' ')
	# Whatever a failed test left running is cleaned up here.
	if [ -d "$dir/root" ]; then
		for id in $(ls "$dir/root" 2>/dev/null); do
			"$JFRUN" --root "$dir/root" delete --force "$id" >/dev/null 2>&1
		done
	fi
	grep "$dir" /proc/self/mountinfo | awk '{print $5}' | sort -r |
		xargs -r -n1 umount -l 2>/dev/null
	case $rc in
	0) echo "PASS $name"; pass=$((pass + 1)) ;;
	77) echo "SKIP $name: $why"; skipped=$((skipped + 1)) ;;
	*) echo "FAIL $name: $why"; failed=$((failed + 1)); failures+=("$name") ;;
	esac
	rm -rf "$dir"
}

for file in tests/integration/*.sh; do
	names=()
	for name in $(grep -oE '^test_[a-z0-9_]+' "$file"); do
		[ -z "$filter" ] || [[ $name == *$filter* ]] || continue
		names+=("$name")
	done
	[ ${#names[@]} -gt 0 ] || continue
	file_begin "$file"
	for name in "${names[@]}"; do
		run_test "$file" "$name"
	done
	file_end
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
