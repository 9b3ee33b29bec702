#!/bin/bash
# Run each unit-test binary given on the command line and add up its
# PASS/FAIL/SKIP lines.  Exit non-zero when a test failed or a binary crashed.
set -u
pass=0 fail=0 skip=0
for bin in "$@"; do
	out=$("$bin" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP) ' | sed "s|^|  $(basename "$bin"): |"
	p=$(printf '%s\n' "$out" | grep -c '^PASS ')
	f=$(printf '%s\n' "$out" | grep -c '^FAIL ')
	s=$(printf '%s\n' "$out" | grep -c '^SKIP ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "  $(basename "$bin"): FAIL exited $rc"; printf '%s\n' "$out" | tail -20
		f=1
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
done
echo "unit: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
