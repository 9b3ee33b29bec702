#!/bin/bash
# Sourced by contrib/vm/check.sh and contrib/vm/kmod-check.sh, from the
# repository's top: the one-test verdicts, the checks of the host, and the
# boot that ends with the guest's "N passed, N failed, N skipped".
# VM_NAME names the run in its lines; VM_DIR keeps console.log.

skip() {
	echo "SKIP $VM_NAME: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}

fail() {
	echo "FAIL $VM_NAME: $*"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

# What every VM suite needs on the host: a skip or a failure with the reason.
vm_preflight() {
	[ "${VM_CHECK:-1}" != 0 ] || skip "VM_CHECK=0"
	command -v "${QEMU:-qemu-system-x86_64}" >/dev/null ||
		skip "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
	[ -x jfrun ] || fail "./jfrun missing (make jfrun)"
	[ -f bundles/busybox/config.json ] || fail "bundles/busybox missing (make bundle)"
}

# vm_boot KDIR INITRAMFS: boot it (contrib/vm/boot.sh), print the guest's
# result line; a VM without one (crashed, timed out) fails.  The status is
# boot.sh's.
vm_boot() {
	local started=$SECONDS rc result

	bash contrib/vm/boot.sh "$1" "$2" "$VM_DIR/console.log"
	rc=$?
	echo "VM ran $((SECONDS - started)) s"
	result=$(tr -d '\r' <"$VM_DIR/console.log" |
		grep -a -oE 'JFVM-RESULT: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' | tail -n 1)
	if [ -z "$result" ]; then
		case $rc in
		124) fail "the VM timed out (VM_TIMEOUT=${VM_TIMEOUT:-900} s); console in $VM_DIR/console.log" ;;
		*) fail "the VM gave no result (exit $rc); console in $VM_DIR/console.log" ;;
		esac
	fi
	echo "${result#JFVM-RESULT: }"
	return "$rc"
}
