#!/bin/bash
# The test VM's initramfs, two gzipped cpio archives one after the other
# (the kernel unpacks both):
#   base  busybox and the host's bash, jq, coreutils, ... with their shared
#         libraries (found with ldd); cached beside OUT as base.cpio.gz and
#         rebuilt when the host's packages, busybox or this script change
#   run   /init (contrib/vm/init), jfrun and the libraries it needs beyond
#         the base, the test scripts, the busybox bundle, build/jfcheck
#
#   bash contrib/vm/initramfs.sh OUT.cpio.gz RUN-SCRIPT [SRC=DEST...]
#
# The repository's pieces go to /jf (the layout tests/run.sh and
# conformance/run.sh expect); RUN-SCRIPT becomes /jfvm/run, which /init runs
# on pure cgroup v2 once the system is up.  Each SRC=DEST adds a host file
# or directory at DEST (a kernel module, say).
# VM_INTEGRATION: the tests/integration files to include (names; default:
# every file with "cgroup" in its name, and sysctl.sh); VM_INTEGRATION_NAMED (default
# "cgroup"): the other files with tests of that name go to
# /jfvm/integration-named.  Variables named VM_* are passed on to
# RUN-SCRIPT through /jfvm/env.  VM_SYSTEMD=1 adds the host's systemd (and
# systemctl), which /init then runs as pid 1, with RUN-SCRIPT as its unit
# jfvm.service.  VM_HOST_BINS: more host executables (space-separated
# absolute paths, e.g. /usr/sbin/apparmor_parser), copied at their paths
# with the libraries they need beyond the base.
set -euo pipefail

die() {
	echo "vm-initramfs: $*" >&2
	exit 1
}

[ $# -ge 2 ] || die "usage: initramfs.sh OUT.cpio.gz RUN-SCRIPT [SRC=DEST...]"
out=$(realpath -m "$1")
run_script=$(realpath -e "$2") || die "$2: no such file"
shift 2
self=$(realpath "$0")
cd "$(dirname "$self")/../.."
REPO=$PWD
[ -x jfrun ] || die "./jfrun missing: make jfrun"
[ -f bundles/busybox/config.json ] || die "bundles/busybox missing: make bundle"
[ -x build/jfcheck ] || die "build/jfcheck missing: make build/jfcheck"
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "$busybox missing: apt-get install busybox-static"

# Host programs the tests call, taken as they are so that the scripts behave
# as on the host (busybox's stat, realpath, ps differ); busybox fills in the
# rest.  Missing packages are left out.
HOST_PACKAGES="bash jq coreutils grep sed findutils mawk util-linux mount procps psmisc diffutils"

stage=$(mktemp -d "${TMPDIR:-/tmp}/jfvm-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

# The shared libraries of these ELF files, one path a line, as /usr paths.
libs_of() {
	ldd "$@" 2>/dev/null | grep -v ':$' | grep -oE '/[^ ]+' |
		sed -E 's#^/(bin|sbin|lib|lib64)/#/usr/\1/#' | sort -u || true
}

# cpio DIR OUT: a gzipped newc archive of DIR's contents.
pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) |
		gzip -1 >"$2.$$.tmp"
	mv "$2.$$.tmp" "$2"
}

build_base() { # DIR
	local root=$1 pkg f a files=()
	mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc,proc,sys,dev,tmp,run,root}
	# merged /usr, like Debian 12: host paths in /bin or /lib land in /usr.
	ln -s usr/bin "$root/bin"
	ln -s usr/sbin "$root/sbin"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	chmod 1777 "$root/tmp"
	for pkg in $HOST_PACKAGES; do
		dpkg-query -W "$pkg" >/dev/null 2>&1 || continue
		while read -r f; do
			if [ -f "$f" ] && [ -x "$f" ]; then files+=("$f"); fi
		done < <(dpkg -L "$pkg" | grep -E '^/(usr/)?s?bin/[^/]+$')
	done
	mapfile -t libs < <(libs_of "${files[@]}")
	# Symlinks are followed: every name holds a plain copy.
	cp -L --parents "${files[@]}" "${libs[@]}" "$root/"
	[ -e "$root/usr/bin/awk" ] || ln -s mawk "$root/usr/bin/awk"
	# busybox for the rest; /bin/sh is busybox's (the host's is dash).
	cp "$busybox" "$root/usr/bin/busybox"
	ln -sf busybox "$root/usr/bin/sh"
	for a in $("$busybox" --list); do
		[ "$a" != busybox ] || continue
		[ -e "$root/usr/bin/$a" ] || [ -e "$root/usr/sbin/$a" ] || ln -s busybox "$root/usr/bin/$a"
	done
	printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$root/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
	ln -s /proc/self/mounts "$root/etc/mtab"
	echo jfvm >"$root/etc/hostname"
}

base=$(dirname "$out")/base.cpio.gz
mkdir -p "$(dirname "$out")"
if [ ! -s "$base" ] || [ ! -s "$base.list" ] || [ /var/lib/dpkg/status -nt "$base" ] ||
	[ "$self" -nt "$base" ] || [ "$busybox" -nt "$base" ]; then
	build_base "$stage/base"
	pack "$stage/base" "$stage/base.cpio.gz"
	(cd "$stage/base" && find . -mindepth 1 | sed 's#^\.##') >"$stage/base.list"
	mv "$stage/base.list" "$base.list"
	mv "$stage/base.cpio.gz" "$base"
fi

# ---- the run layer ----
run=$stage/run
jf=$run/jf
mkdir -p "$run/jfvm" "$jf/tests/integration" "$jf/build/tests" "$jf/bundles" "$jf/contrib/vm"
elf=("$REPO/jfrun")
for b in build/tests/*; do
	if [ -f "$b" ] && [ -x "$b" ]; then
		cp -p "$b" "$jf/build/tests/"
		elf+=("$REPO/$b")
	fi
done
mapfile -t extra < <(libs_of "${elf[@]}" | grep -vxFf "$base.list" || true)
if [ ${#extra[@]} -gt 0 ]; then
	cp -L --parents "${extra[@]}" "$run/"
fi
cp -p jfrun "$jf/jfrun"
cp -p tests/run.sh tests/lib.sh "$jf/tests/"
if [ -n "${VM_INTEGRATION+x}" ]; then
	itests=$VM_INTEGRATION
else
	# The cgroup files, sysctl.sh (its namespace rules on another kernel)
	# and procviews.sh (the /proc views on v2 and 6.1's mount propagation).
	itests=$(cd tests/integration && ls -- *cgroup*.sh sysctl.sh procviews.sh 2>/dev/null) || itests=
fi
for f in $itests; do
	[ -f "tests/integration/$f" ] || die "tests/integration/$f: no such file (VM_INTEGRATION)"
	cp -p "tests/integration/$f" "$jf/tests/integration/"
done
# The other files with tests named *$VM_INTEGRATION_NAMED*, run with that
# filter (guest-cgroup-tests.sh).
named=${VM_INTEGRATION_NAMED-cgroup}
if [ -n "$named" ]; then
	mkdir -p "$run/jfvm/integration-named"
	for f in tests/integration/*.sh; do
		[ ! -e "$jf/$f" ] || continue
		if grep -qE "^test_[a-z0-9_]*${named}[a-z0-9_]*\(\)" "$f"; then
			cp -p "$f" "$run/jfvm/integration-named/"
		fi
	done
fi
cp -pr conformance "$jf/"
cp -p build/jfcheck "$jf/build/jfcheck"
# conformance/run.sh rebuilds the checker (with gcc) when its source is newer.
touch "$jf/build/jfcheck"
cp -pr bundles/busybox "$jf/bundles/"
cp -p bundles/make-busybox.sh "$jf/bundles/"
cp -p contrib/vm/init "$run/init"
cp -p "$run_script" "$run/jfvm/run"
chmod 0755 "$run/init" "$run/jfvm/run"
# The caller's VM_* settings, for the run script.
env | grep -E '^VM_[A-Z0-9_]+=' | sed "s/'/'\\\\''/g; s/=\\(.*\\)/='\\1'/" >"$run/jfvm/env" || true

for pair in "$@"; do
	src=${pair%%=*}
	dest=${pair#*=}
	if [ "$src" = "$pair" ] || [ ! -e "$src" ]; then
		die "$pair: expected SRC=DEST with an existing SRC"
	fi
	mkdir -p "$run$(dirname "$dest")"
	cp -pr "$src" "$run$dest"
done

if [ -n "${VM_HOST_BINS:-}" ]; then
	read -r -a hostbins <<<"$VM_HOST_BINS"
	for f in "${hostbins[@]}"; do
		[ -x "$f" ] || die "$f: not an executable on this host (VM_HOST_BINS)"
	done
	mapfile -t hostlibs < <(libs_of "${hostbins[@]}" | grep -vxFf "$base.list" || true)
	cp -L --parents "${hostbins[@]}" "${hostlibs[@]}" "$run/"
fi

# systemd as pid 1: its binaries and their libraries as on the host, and
# the one unit it starts (no default target, no other unit).
if [ "${VM_SYSTEMD:-0}" = 1 ]; then
	sd=(/usr/lib/systemd/systemd /usr/bin/systemctl)
	for f in "${sd[@]}"; do
		[ -x "$f" ] || die "$f missing (apt-get install systemd)"
	done
	mapfile -t sdlibs < <(libs_of "${sd[@]}" | grep -vxFf "$base.list" || true)
	cp -L --parents "${sd[@]}" "${sdlibs[@]}" "$run/"
	mkdir -p "$run/etc/systemd/system"
	cat >"$run/etc/systemd/system/jfvm.service" <<-'EOF'
		[Unit]
		Description=jfrun VM tests
		DefaultDependencies=no

		[Service]
		Type=oneshot
		ExecStart=/bin/sh -c 'set -a; . /jfvm/env; set +a; cd /; /jfvm/run </dev/null; echo "JFVM-EXIT $?"; sync; poweroff -f'
		StandardOutput=tty
		StandardError=tty
		TTYPath=/dev/console
	EOF
fi

pack "$run" "$stage/run.cpio.gz"
cat "$base" "$stage/run.cpio.gz" >"$out.$$.tmp"
mv "$out.$$.tmp" "$out"
