#!/bin/bash
# Build jfrun_monitor.ko against one kernel's headers, in a copy of kmod/
# under build/kmod/<release>/ (Kbuild writes its objects beside the
# sources), warnings as errors.  Prints the .ko's path.
#
#   bash kmod/build.sh KDIR     e.g. /usr/src/linux-headers-6.1.0-57-amd64
#
# Exit status 3 when KDIR holds no kernel headers (the caller may skip).
set -euo pipefail
cd "$(dirname "$0")/.."
kdir=${1:?usage: build.sh KDIR}
uts=$kdir/include/generated/utsrelease.h
if [ ! -f "$kdir/Makefile" ] || [ ! -f "$uts" ]; then
	echo "kmod: no kernel headers in $kdir (apt-get install linux-headers-<version>, or KDIR=...)" >&2
	exit 3
fi
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$uts")
[ -n "$release" ] || { echo "kmod: no UTS_RELEASE in $uts" >&2; exit 3; }
out=build/kmod/$release
mkdir -p "$out"
# cp -p keeps the times: an unchanged source is not rebuilt.
cp -p kmod/Kbuild kmod/jfrun_monitor.c kmod/jfrun_monitor_uapi.h "$out/"
log=$out/build.log
if ! make -C "$kdir" M="$PWD/$out" KCFLAGS=-Werror modules >"$log" 2>&1; then
	grep -E 'error|warning' "$log" | head -n 20 >&2 || tail -n 20 "$log" >&2
	echo "kmod: build against $kdir failed; log in $log" >&2
	exit 1
fi
echo "$out/jfrun_monitor.ko"
