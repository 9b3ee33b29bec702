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

# suite NAME CMD...: run one suite (at most SUITE_TIMEOUT s, 3 hours by
# default), then count it.  Its result is its last line, "[NAME: ]N passed,
# N failed, N skipped"; a suite whose last line is not that (it crashed, or
# was killed) counts as one failure, and so does one that exits non-zero
# while reporting no failure (or zero while reporting some).
suite() { # NAME CMD...
	local name=$1 log rc line p f s why= tpid
	shift
	log=$(mktemp)
	echo "== $name"
	# In a process group of its own (timeout's), killed whole at the
	# timeout, or at ^C (the trap interrupts the wait).
	timeout -k 30 "${SUITE_TIMEOUT:-10800}" \
		bash -c 'set -o pipefail; "$@" 2>&1 | tee "$0"' "$log" "$@" </dev/null &
	tpid=$!
	trap 'kill -TERM -- -"$tpid" 2>/dev/null; exit 130' INT TERM
	wait "$tpid"
	rc=$?
	trap - INT TERM
	line=$(grep -v '^[[:space:]]*$' "$log" | tail -1)
	if [[ $line =~ ^([a-z0-9-]+:\ )?([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
		p=${BASH_REMATCH[2]} f=${BASH_REMATCH[3]} s=${BASH_REMATCH[5]:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			why="exited $rc though it reported no failure"
		elif [ "$rc" -eq 0 ] && [ "$f" -ne 0 ]; then
			why="exited 0 though it reported $f failures"
		fi
	else
		p=0 f=0 s=0
		case $rc in
		124 | 137) why="timed out after ${SUITE_TIMEOUT:-10800} s" ;;
		*) why="ended (exit $rc) without a result line; its last line: ${line:0:200}" ;;
		esac
	fi
	while IFS= read -r line; do failures+=("$name: $line"); done \
		< <(grep -E '(^|[] :|])FAIL ' "$log" | cut -c1-300)
	if [ -n "$why" ]; then
		echo "check: FAIL suite $name: $why"
		failures+=("$name: FAIL suite $name: $why")
		f=$((f + 1))
	fi
	[ "$rc" -eq 0 ] || status=1
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
	echo "== $name: $p passed, $f failed, $s skipped"
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
# TCG on a host shared with other work: the VM gets 30 minutes.
suite cgroup-v2-vm env VM_TIMEOUT="${VM_TIMEOUT:-1800}" bash contrib/vm/check.sh
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
