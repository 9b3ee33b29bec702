#!/bin/bash
# `make check-kmod` (and make check's suite kmod-vm): the jfrun_monitor
# module in a qemu VM booting Debian's kernel.
#
#   bash contrib/vm/kmod-check.sh
#
# Builds the module against linux-headers-<ver> of the VM's kernel
# (kmod/build.sh; the versions must match exactly), puts it with jfrun,
# build/tests/monitor_test and tests/kmod/ into the initramfs, boots it with
# contrib/vm/guest-kmod.sh as the test, and ends with "N passed, N failed,
# N skipped".  What this machine cannot do (no qemu, no kernel package, no
# matching headers, VM_CHECK=0) is one skipped test with the reason; a VM
# that crashes or times out is a failure.  The console is kept in
# $KMOD_VM_DIR/console.log (default build/vm-kmod).
set -u
cd "$(dirname "$0")/../.." || exit 2
# Its own directory: make exports VM_DIR (build/vm) for the cgroup suite.
VM_DIR=${KMOD_VM_DIR:-build/vm-kmod}
VM_KERNEL_DIR=${VM_KERNEL_DIR:-build/vm/kernel}
export VM_TIMEOUT=${VM_TIMEOUT:-600}
NAME=kmod-vm

skip() {
	echo "SKIP $NAME: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}

fail() {
	echo "FAIL $NAME: $*"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

[ "${VM_CHECK:-1}" != 0 ] || skip "VM_CHECK=0"
command -v "${QEMU:-qemu-system-x86_64}" >/dev/null ||
	skip "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
[ -x jfrun ] || fail "./jfrun missing (make jfrun)"
[ -f bundles/busybox/config.json ] || fail "bundles/busybox missing (make bundle)"
make -s build/jfcheck build/tests/monitor_test >/dev/null ||
	fail "cannot build build/jfcheck or build/tests/monitor_test"

mkdir -p "$VM_DIR"
err=$VM_DIR/kernel.err
kver=$(bash contrib/vm/kernel.sh --version 2>"$err") ||
	skip "no kernel for the VM: $(tail -n 1 "$err")"
headers=${KDIR:-/usr/src/linux-headers-$kver}
[ -f "$headers/Makefile" ] ||
	skip "no headers for the VM's kernel $kver in $headers (apt-get install linux-headers-amd64, or linux-headers-$kver)"
ko=$(bash kmod/build.sh "$headers" 2>"$err")
case $? in
0) ;;
3) skip "$(tail -n 1 "$err")" ;;
*) fail "the module does not build: $(tr '\n' ' ' <"$err")" ;;
esac
# (modinfo may be missing where modules cannot load: read .modinfo.)
vermagic=$(objcopy -O binary --only-section=.modinfo "$ko" /dev/stdout 2>/dev/null |
	tr '\0' '\n' | sed -n 's/^vermagic=//p')
[ "${vermagic%% *}" = "$kver" ] || fail "$ko is for '${vermagic%% *}', the VM boots $kver"
echo "module: $ko ($kver)"

kdir=$(VM_KVER=$kver bash contrib/vm/kernel.sh "$VM_KERNEL_DIR" 2>"$err")
case $? in
0) ;;
3) skip "no kernel for the VM: $(tail -n 1 "$err")" ;;
*) fail "contrib/vm/kernel.sh: $(tail -n 1 "$err")" ;;
esac

initramfs=$VM_DIR/initramfs.cpio.gz
VM_INTEGRATION='' VM_INTEGRATION_NAMED='' bash contrib/vm/initramfs.sh "$initramfs" \
	contrib/vm/guest-kmod.sh "$ko=/jfvm/jfrun_monitor.ko" tests/kmod=/jf/tests/kmod ||
	fail "cannot build the initramfs"

started=$SECONDS
bash contrib/vm/boot.sh "$kdir" "$initramfs" "$VM_DIR/console.log"
rc=$?
echo "VM ran $((SECONDS - started)) s"
result=$(tr -d '\r' <"$VM_DIR/console.log" |
	grep -a -oE 'JFVM-RESULT: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' | tail -n 1)
if [ -z "$result" ]; then
	case $rc in
	124) fail "the VM timed out (VM_TIMEOUT=$VM_TIMEOUT s); console in $VM_DIR/console.log" ;;
	*) fail "the VM gave no result (exit $rc); console in $VM_DIR/console.log" ;;
	esac
fi
echo "${result#JFVM-RESULT: }"
[ "$rc" -eq 0 ]
