#!/bin/bash
# Runs inside the test VM (as /jfvm/run): jfrun's cgroup tests on pure
# cgroup v2.  The repository's test pieces are in /jf (see initramfs.sh).
#   conformance        conformance/run.sh on the cases matching
#                      VM_CONFORMANCE (default: cgroup device)
#   integration        tests/run.sh on the integration files in the image
#                      (VM_INTEGRATION; default: those named *cgroup*)
#   integration-named  tests/run.sh VM_INTEGRATION_NAMED (default: cgroup)
#                      on the other files that have tests of that name
# The conformance suite runs beside the integration suites (two vCPUs, and
# TCG is slow) unless VM_PARALLEL=0; their lines carry the suite's name.
# Ends with "JFVM-RESULT: N passed, N failed, N skipped"; exits non-zero
# when a test failed.
set -u
cd /jf || exit 1
results=/tmp/jfvm-results
mkdir -p "$results"
# A test's timeout in tests/run.sh: TCG on a busy host is several times slower.
export TEST_TIMEOUT=${TEST_TIMEOUT:-600}

if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "JFVM-RESULT: 0 passed, 1 failed, 0 skipped (/sys/fs/cgroup is not cgroup2)"
	exit 1
fi
echo "cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"

# suite NAME CMD...: run it, its lines prefixed with NAME; its result line
# is kept in $results/NAME (a suite without one counts as one failure).
suite() {
	local name=$1 line
	shift
	"$@" 2>&1 | tee "$results/$name.log" | sed -u "s/^/[$name] /"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$results/$name.log" | tail -n 1)
	echo "${line:-0 passed, 1 failed, 0 skipped}" >"$results/$name"
}

conformance() {
	# shellcheck disable=SC2086 # one pattern per word
	# RT_TIMEOUT: a runtime command under TCG on a busy host takes seconds.
	suite conformance env RUNTIME=/jf/jfrun TIMES="${VM_TIMES:-0}" RT_TIMEOUT=60 \
		bash conformance/run.sh ${VM_CONFORMANCE:-cgroup device}
}

integration() {
	if ls tests/integration/*.sh >/dev/null 2>&1; then
		suite integration env JFRUN=/jf/jfrun bash tests/run.sh
	fi
	if ls /jfvm/integration-named/*.sh >/dev/null 2>&1; then
		# tests/run.sh runs the files in tests/integration: swap them.
		mv tests/integration tests/integration.files
		mv /jfvm/integration-named tests/integration
		suite integration-named env JFRUN=/jf/jfrun bash tests/run.sh \
			"${VM_INTEGRATION_NAMED-cgroup}"
	fi
}

# VM_SUITES: which of them (default both).
suites=${VM_SUITES:-conformance integration}
if [ "$suites" = "conformance integration" ] && [ "${VM_PARALLEL:-1}" = 1 ]; then
	conformance &
	integration
	wait
else
	for s in $suites; do "$s"; done
fi

pass=0 failed=0 skipped=0
for f in "$results"/*; do
	case $f in *.log) continue ;; esac
	# "N passed, N failed, N skipped"
	read -r p _ f_ _ s _ <"$f"
	pass=$((pass + p)) failed=$((failed + f_)) skipped=$((skipped + ${s:-0}))
done

# A cgroup left in the tree means a cleanup failed (the parent of the
# default paths, /jfrun, stays, as runc's parents do).
if [ "${VM_SYSTEMD:-0}" = 1 ]; then
	# systemd has its own slices and units: only jfrun's count.
	leftover=$(find /sys/fs/cgroup -mindepth 1 -type d \( -name 'jfrun*.scope' -o \
		-path '/sys/fs/cgroup/jfrun/*' \) 2>/dev/null)
else
	leftover=$(find /sys/fs/cgroup -mindepth 1 -type d ! -path /sys/fs/cgroup/jfrun 2>/dev/null)
fi
if [ -n "$leftover" ]; then
	echo "FAIL cgroups left behind: $(echo "$leftover" | tr '\n' ' ')"
	failed=$((failed + 1))
fi

echo "JFVM-RESULT: $pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
