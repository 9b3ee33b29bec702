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
VM_NAME=kmod-vm

. contrib/vm/common.sh
vm_preflight
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

vm_boot "$kdir" "$initramfs"
