#!/bin/bash
# Run each unit-test binary given on the command line and add up its results.
#
# Results come from a structured channel, never from what the tests print:
# each binary writes one record per test ("PASS name", "FAIL name: why",
# "SKIP name: why") and a last "END p f s" to the descriptor UNIT_RESULT_FD
# (tests/unit/unit.h; each test runs in a forked child with a timeout, and
# only the harness writes records).  A binary that exits non-zero while no
# test failed, that writes no END record, or that outlives UNIT_BIN_TIMEOUT
# (600 s) counts as one more failure, named after the binary.
# The last line is "unit: N passed, N failed, N skipped".
set -u
pass=0 fail=0 skip=0
failures=()
results=$(mktemp /tmp/jfrun-unit-results.XXXXXX)
trap 'rm -f "$results"' EXIT
for bin in "$@"; do
	b=$(basename "$bin")
	: >"$results"
	UNIT_RESULT_FD=3 timeout --foreground -k 5 "${UNIT_BIN_TIMEOUT:-600}" "$bin" 3>"$results" |
		sed "s|^|  $b: |"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS ' "$results")
	f=$(grep -c '^FAIL ' "$results")
	s=$(grep -c '^SKIP ' "$results")
	while IFS= read -r line; do failures+=("$b: $line"); done < <(grep '^FAIL ' "$results")
	why=
	if ! grep -qE '^END [0-9]+ [0-9]+ [0-9]+$' "$results"; then
		case $rc in
		124 | 137) why="timed out after ${UNIT_BIN_TIMEOUT:-600} s" ;;
		*) why="ended without its END record (exit $rc): crashed outside a test?" ;;
		esac
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		why="exited $rc though no test failed"
	elif [ "$rc" -eq 0 ] && [ "$f" -ne 0 ]; then
		why="exited 0 though $f tests failed"
	fi
	if [ -n "$why" ]; then
		echo "  $b: FAIL $b: $why"
		failures+=("$b: FAIL $b: $why")
		f=$((f + 1))
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
done
if [ ${#failures[@]} -gt 0 ]; then
	echo "unit: what failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "unit: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
