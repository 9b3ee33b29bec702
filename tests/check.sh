#!/bin/bash
# `make check`: every suite, then one total line.
#   1. unit tests (ASan+UBSan)            build/unit/*
#   2. integration tests                  tests/run.sh with ./jfrun
#   3. conformance suite                  conformance/run.sh with ./jfrun
#   4. integration tests under ASan+UBSan tests/run.sh with ./jfrun-san
#   5. cgroup tests on pure cgroup v2     contrib/vm/check.sh (a qemu VM; VM_CHECK=0 skips)
#   6. --systemd-cgroup under systemd     the same VM with systemd as pid 1
#   7. AppArmor profiles applied          the same VM booted with AppArmor (lsm.sh)
# Each suite prints its own lines; the last line here adds them up.
set -u
cd "$(dirname "$0")/.."
total_pass=0 total_fail=0 total_skip=0 status=0
failures=() # "suite: FAIL line", repeated at the end so a log's tail names them

count() { # SUITE-NAME LOG
	local line p f s
	line=$(grep -E '^([a-z]+: )?[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	if [ -z "$line" ]; then
		echo "check: $1 printed no result line" >&2
		total_fail=$((total_fail + 1)); status=1; return
	fi
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	s=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + ${s:-0}))
	echo "== $1: $p passed, $f failed, ${s:-0} skipped"
}

suite() { # NAME CMD...
	local name=$1 log
	shift
	log=$(mktemp)
	echo "== $name"
	"$@" 2>&1 | tee "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	count "$name" "$log"
	while IFS= read -r line; do failures+=("$name: $line"); done \
		< <(grep -E '(^|[] :|])FAIL ' "$log" | cut -c1-300)
	rm -f "$log"
}

suite unit bash tests/run-unit.sh build/unit/test_*
suite integration env JFRUN="$PWD/jfrun" bash tests/run.sh
suite conformance env RUNTIME="$PWD/jfrun" bash conformance/run.sh
if [ "${CHECK_SANITIZED:-1}" = 1 ]; then
	# ASan's leak checker would report the memory the init inherits and
	# never frees before execve; leaks are checked by the unit tests.
	suite integration-asan env JFRUN="$PWD/jfrun-san" \
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 bash tests/run.sh
fi
suite cgroup-v2-vm bash contrib/vm/check.sh
# --systemd-cgroup against a real systemd: the same VM with systemd as pid 1.
suite systemd-vm env VM_NAME=systemd-vm VM_SYSTEMD=1 VM_SUITES=integration \
	VM_INTEGRATION=systemd_cgroup.sh VM_INTEGRATION_NAMED= VM_DIR=build/vm-systemd \
	VM_KERNEL_DIR=build/vm/kernel bash contrib/vm/check.sh
# process.apparmorProfile for real: Debian's kernel with AppArmor as its
# LSM, profiles loaded by the host's apparmor_parser (package apparmor).
suite apparmor-vm env VM_NAME=apparmor-vm VM_RUN=contrib/vm/guest-apparmor.sh \
	VM_HOST_BINS=/usr/sbin/apparmor_parser VM_APPEND="apparmor=1 security=apparmor" \
	VM_INTEGRATION=lsm.sh VM_INTEGRATION_NAMED= VM_DIR=build/vm-apparmor \
	VM_KERNEL_DIR=build/vm/kernel bash contrib/vm/check.sh
suite kmod-vm bash contrib/vm/kmod-check.sh
if [ ${#failures[@]} -gt 0 ]; then
	echo "== what failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ $status -eq 0 ] && [ $total_fail -eq 0 ]
