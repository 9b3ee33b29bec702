#!/bin/bash
# Runs inside the test VM (as /jfvm/run) for `make check-kmod`: loads
# jfrun_monitor.ko (built on the host against this kernel's headers), runs
# tests/kmod/*.sh through tests/run.sh, unloads the module, and fails if
# the kernel's log has a warning, a BUG, an oops or a lockup.
# Ends with "JFVM-RESULT: N passed, N failed, N skipped".
set -u
cd /jf || exit 1
export KMOD_KO=/jfvm/jfrun_monitor.ko
failed=0

result() { # PASSED FAILED SKIPPED
	echo "JFVM-RESULT: $1 passed, $2 failed, $3 skipped"
	[ "$2" -eq 0 ]
	exit
}

if ! insmod "$KMOD_KO" 2>/tmp/insmod.err; then
	echo "FAIL insmod $KMOD_KO: $(cat /tmp/insmod.err)"
	dmesg | tail -n 20
	result 0 1 0
fi
dmesg | grep -E 'jfrun_monitor' | sed 's/^/kernel: /'
for _ in $(seq 1 50); do
	[ -c /dev/jfrun_monitor ] && break
	sleep 0.1
done

# tests/run.sh runs the files of tests/integration: give it ours.
rm -rf tests/integration
mkdir -p tests/integration
cp tests/kmod/*.sh tests/integration/
# VM_KMOD_FILTER: only the tests whose name has it.
JFRUN=/jf/jfrun bash tests/run.sh "${VM_KMOD_FILTER:-}" 2>&1 | tee /tmp/kmod-tests.log
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' /tmp/kmod-tests.log | tail -n 1)
read -r pass _ failed _ skipped _ <<<"${line:-0 passed, 1 failed, 0 skipped}"

# The unload with nothing registered: the exit path's own checks (the
# leak WARN, the slab cache's "objects remaining") land in the log.
if [ -e /sys/module/jfrun_monitor ] && ! rmmod jfrun_monitor; then
	echo "FAIL rmmod jfrun_monitor at the end"
	failed=$((failed + 1))
fi

bad='WARNING:|BUG:|BUG |Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t|list_(add|del) corruption'
bad+='|scheduling while atomic|sleeping function called|blocked for more than|rcu.*stall|soft lockup|hard LOCKUP'
bad+='|possible recursive locking|circular locking|Objects remaining'
if dmesg | grep -qE "$bad"; then
	echo "FAIL the kernel log has a warning or worse:"
	dmesg | grep -E -B 2 -A 30 "$bad" | head -n 120 | sed 's/^/kernel: /'
	failed=$((failed + 1))
else
	echo "kernel log: no warning, BUG, oops or lockup"
fi
result "$pass" "$failed" "$skipped"
