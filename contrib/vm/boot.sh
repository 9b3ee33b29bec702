#!/bin/bash
# Boot the test VM and wait for its marker line.
#
#   bash contrib/vm/boot.sh KERNEL-DIR INITRAMFS LOG
#
# KERNEL-DIR is what kernel.sh printed (vmlinux is booted when there, else
# vmlinuz).  The serial console goes raw to LOG and, cleaned and prefixed
# with "vm| ", to stdout (VM_QUIET=1: not to stdout).  Exit status: the code
# on the guest's "JFVM-EXIT <code>" line; 124 when the VM did not finish
# within VM_TIMEOUT seconds (default 900); 125 when it stopped without the
# marker (kernel panic, /init failed).
#
# VM_ACCEL=auto|kvm|tcg (auto: KVM when it works, else TCG), VM_MEM (1G),
# VM_CPUS (2), VM_APPEND: more kernel parameters.  VM_INTERACTIVE=1 keeps
# the console on the terminal with qemu's monitor (Ctrl-A X quits), without
# timeout or log.
set -uo pipefail

die() {
	echo "vm-boot: $*" >&2
	exit 125
}

[ $# -eq 3 ] || die "usage: boot.sh KERNEL-DIR INITRAMFS LOG"
kdir=$1 initrd=$2 log=$3
qemu=${QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || die "$qemu missing: apt-get install qemu-system-x86"
kernel=$kdir/vmlinux
[ -f "$kernel" ] || kernel=$kdir/vmlinuz
[ -f "$kernel" ] || die "no vmlinux or vmlinuz in $kdir"
[ -f "$initrd" ] || die "$initrd: no such file"

# Why KVM cannot be used, or nothing when it can.
kvm_unusable() {
	[ -e /dev/kvm ] || { echo "no /dev/kvm"; return; }
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "/dev/kvm not accessible"
		return
	fi
	# Without vmx/svm, /dev/kvm is another kind of KVM (kvm-pvm on these
	# machines) that only runs kernels built for it: Debian's hangs there.
	grep -qwE 'vmx|svm' /proc/cpuinfo || { echo "no vmx/svm in /proc/cpuinfo"; return; }
	# `-cpu host` can still fail on nested setups; a stopped VM that stays
	# up for a second is enough to tell.
	timeout 1 "$qemu" -enable-kvm -cpu host -nodefaults -display none -S >/dev/null 2>&1
	[ $? -eq 124 ] || echo "qemu -enable-kvm -cpu host fails"
}

case ${VM_ACCEL:-auto} in
kvm) accel=(-enable-kvm -cpu host) ;;
tcg) accel=(-accel tcg) ;;
auto)
	why=$(kvm_unusable)
	if [ -z "$why" ]; then
		accel=(-enable-kvm -cpu host)
	else
		accel=(-accel tcg)
		echo "vm-boot: TCG, no KVM ($why)" >&2
	fi
	;;
*) die "VM_ACCEL=${VM_ACCEL}: expected auto, kvm or tcg" ;;
esac

# A soft lockup (a CPU stuck in the kernel for 20 s) panics at once, with
# every CPU's backtrace on the console, instead of waiting for VM_TIMEOUT.
append="console=ttyS0 panic=-1 quiet loglevel=4 cgroup_no_v1=all mitigations=off"
append+=" softlockup_panic=1 softlockup_all_cpu_backtrace=1 ${VM_APPEND:-}"
args=("${accel[@]}" -m "${VM_MEM:-1G}" -smp "${VM_CPUS:-2}" -no-reboot
	-kernel "$kernel" -initrd "$initrd" -append "$append")

if [ "${VM_INTERACTIVE:-0}" = 1 ]; then
	exec "$qemu" "${args[@]}" -nodefaults -display none -serial mon:stdio
fi

mkdir -p "$(dirname "$log")"
: >"$log"
# -nodefaults: no NIC (its option ROM), no VGA; the serial port on stdio.
if [ "${VM_QUIET:-0}" = 1 ]; then
	timeout -k 5 "${VM_TIMEOUT:-900}" "$qemu" "${args[@]}" -nodefaults -display none \
		-serial stdio </dev/null >"$log" 2>&1
	qrc=$?
else
	timeout -k 5 "${VM_TIMEOUT:-900}" "$qemu" "${args[@]}" -nodefaults -display none \
		-serial stdio </dev/null 2>&1 | tee "$log" |
		sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' -e 's/^/vm| /'
	qrc=${PIPESTATUS[0]}
fi

code=$(tr -d '\r' <"$log" | grep -a -oE '^JFVM-EXIT [0-9]+' | tail -n 1 | cut -d' ' -f2)
if [ -n "$code" ]; then
	exit "$code"
fi
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "vm-boot: the VM did not finish within ${VM_TIMEOUT:-900} s (VM_TIMEOUT)" >&2
	exit 124
fi
reason=$(tr -d '\r' <"$log" | grep -a -m1 -E 'Kernel panic|not syncing|Oops|BUG:' || true)
echo "vm-boot: the VM stopped without its JFVM-EXIT line (qemu exit $qrc)${reason:+: $reason}; console in $log" >&2
exit 125
