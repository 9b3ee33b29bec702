#!/bin/bash
# Runs inside the test VM (as /jfvm/run), booted with AppArmor as its LSM
# (apparmor=1 security=apparmor): tests/integration/lsm.sh, whose AppArmor
# tests load a profile with apparmor_parser, run containers under it and
# show that it names the process (/proc/self/attr/current) and denies what
# it denies.  Those tests must pass here: a skip would hide them.
# Ends with "JFVM-RESULT: N passed, N failed, N skipped".
set -u
cd /jf || exit 1
log=/tmp/jfvm-lsm.log

echo "active LSMs: $(cat /sys/kernel/security/lsm 2>&1)"
if ! grep -qw apparmor /sys/kernel/security/lsm 2>/dev/null; then
	echo "FAIL AppArmor is not active in the VM (kernel parameters: $(cat /proc/cmdline))"
	echo "JFVM-RESULT: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
echo "apparmor_parser: $(command -v apparmor_parser || echo missing)"

env JFRUN=/jf/jfrun bash tests/run.sh lsm 2>&1 | tee "$log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
read -r pass _ failed _ skipped _ <<<"${line:-0 passed, 1 failed, 0 skipped}"
for t in test_lsm_apparmor_profile_confines_the_container \
	test_lsm_apparmor_profile_applies_to_exec \
	test_lsm_apparmor_unknown_profile_fails_naming_it; do
	# (A FAIL is counted already; a SKIP or no line at all is not.)
	if ! grep -qE "^(PASS|FAIL) $t([: ]|\$)" "$log"; then
		echo "FAIL $t: did not run in the AppArmor VM"
		failed=$((failed + 1))
	fi
done
echo "JFVM-RESULT: $pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
