#!/bin/bash
# `make check`'s suite cgroup-v2-vm (and `make vm-check`): jfrun's cgroup
# tests on pure cgroup v2, in a qemu VM booting Debian's kernel.
#
#   bash contrib/vm/check.sh
#
# Fetches the kernel once (contrib/vm/kernel.sh, cached in VM_KERNEL_DIR,
# default build/vm/kernel), builds the initramfs (contrib/vm/initramfs.sh),
# boots it (contrib/vm/boot.sh) with contrib/vm/guest-cgroup-tests.sh as the
# test, and ends with "N passed, N failed, N skipped".  What this machine
# cannot do (no qemu, no kernel package to be had, VM_CHECK=0) is one
# skipped test with the reason; a VM that crashes or times out is a failure.
# The serial console is kept in build/vm/console.log.  VM_NAME names the
# run in its lines; VM_SYSTEMD=1 boots systemd as pid 1 (initramfs.sh);
# VM_RUN is the guest's script (default contrib/vm/guest-cgroup-tests.sh);
# VM_HOST_BINS (initramfs.sh) missing on the host is a skip.
set -u
cd "$(dirname "$0")/../.." || exit 2
VM_DIR=${VM_DIR:-build/vm}
VM_KERNEL_DIR=${VM_KERNEL_DIR:-$VM_DIR/kernel}

VM_NAME=${VM_NAME:-cgroup-v2-vm}

. contrib/vm/common.sh
vm_preflight
for bin in ${VM_HOST_BINS:-}; do
	[ -x "$bin" ] || skip "$bin missing on the host (VM_HOST_BINS; see contrib/vm/README.md)"
done
if [ ! -x build/jfcheck ] || [ conformance/checker/jfcheck.c -nt build/jfcheck ]; then
	make -s build/jfcheck >/dev/null || fail "cannot build build/jfcheck"
fi

kernel_err=$VM_DIR/kernel.err
mkdir -p "$VM_DIR"
kdir=$(bash contrib/vm/kernel.sh "$VM_KERNEL_DIR" 2>"$kernel_err")
case $? in
0) ;;
3) skip "no kernel for the VM: $(tail -n 1 "$kernel_err")" ;;
*) fail "contrib/vm/kernel.sh: $(tail -n 1 "$kernel_err")" ;;
esac
echo "kernel: $(cat "$kdir/version")"

initramfs=$VM_DIR/initramfs.cpio.gz
bash contrib/vm/initramfs.sh "$initramfs" "${VM_RUN:-contrib/vm/guest-cgroup-tests.sh}" ||
	fail "cannot build the initramfs"

vm_boot "$kdir" "$initramfs"
