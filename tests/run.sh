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

run_test() {
	local file=$1 name=$2 dir rc why
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
	for name in $(grep -oE '^test_[a-z0-9_]+' "$file"); do
		[ -z "$filter" ] || [[ $name == *$filter* ]] || continue
		run_test "$file" "$name"
	done
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
