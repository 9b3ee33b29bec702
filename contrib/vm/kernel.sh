#!/bin/bash
# Debian's kernel for the test VM: fetched once with `apt-get download`,
# unpacked with `dpkg -x` into a cache directory, never installed on the host.
#
#   bash contrib/vm/kernel.sh CACHE_DIR     fetch if needed; print the kernel's dir
#   bash contrib/vm/kernel.sh --version     print the version that would be used
#
# The kernel's dir (CACHE_DIR/<version>/) holds vmlinuz, config, System.map
# and, when xz could unpack it, vmlinux: the uncompressed ELF image, which
# qemu boots through its PVH entry point without the ~12 s that
# decompressing vmlinuz takes under TCG.
#
# The version: VM_KVER (e.g. 6.1.0-57-amd64) when set; else that of an
# installed linux-headers-<ver>-amd64, so that a module built against those
# headers loads in the VM (the two must match exactly); else the one the
# linux-image-amd64 package depends on; else (no apt lists, no network) the
# newest kernel already in the cache.
#
# Exit status 3 when the kernel cannot be had (the caller skips); the
# reason is on stderr.
set -euo pipefail

die() {
	echo "vm-kernel: $*" >&2
	exit 3
}

# The version linux-image-amd64 points at (needs apt lists).  apt-cache
# takes ~4 s here, so the answer is kept until the lists change.
meta_version() {
	local memo=${CACHE:+$CACHE/.meta-version} v
	if [ -n "$memo" ] && [ -s "$memo" ] &&
		[ -z "$(find /var/lib/apt/lists -maxdepth 1 -newer "$memo" -print -quit 2>/dev/null)" ]; then
		cat "$memo"
		return 0
	fi
	v=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)\(-unsigned\)\?$/\1/p' | head -n 1 || true)
	if [ -n "$v" ] && [ -n "$memo" ] && mkdir -p "$CACHE"; then
		echo "$v" >"$memo"
	fi
	echo "$v"
}

headers_version() {
	dpkg-query -W -f='${Status} ${Package}\n' 'linux-headers-*-amd64' 2>/dev/null |
		sed -n 's/^install ok installed linux-headers-\([0-9][^ ]*-amd64\)$/\1/p' |
		sort -V | tail -n 1 || true
}

pick_version() {
	local v=${VM_KVER:-}
	[ -n "$v" ] || v=$(headers_version)
	[ -n "$v" ] || v=$(meta_version)
	if [ -z "$v" ] && [ -z "${VM_NO_APT_UPDATE:-}" ]; then
		# A fresh machine may have no package lists yet.
		apt-get update -qq >/dev/null 2>&1 || true
		v=$(meta_version)
	fi
	if [ -z "$v" ] && [ -n "$CACHE" ] && [ -d "$CACHE" ]; then
		v=$(find "$CACHE" -mindepth 2 -maxdepth 2 -name vmlinuz -printf '%h\n' 2>/dev/null |
			xargs -rn1 basename | sort -V | tail -n 1 || true)
	fi
	[ -n "$v" ] || die "cannot tell which kernel to use: apt-cache knows no linux-image-amd64 (set VM_KVER=<version>-amd64)"
	echo "$v"
}

# Uncompressed vmlinux from an xz-compressed bzImage (Debian's).
extract_vmlinux() {
	local vmlinuz=$1 out=$2 off
	command -v xz >/dev/null || return 1
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || return 1
	# xz stops with an error at the data after the stream: keep the output.
	tail -c "+$((off + 1))" "$vmlinuz" | xz -dcq >"$out.tmp" 2>/dev/null || true
	[ "$(head -c 4 "$out.tmp" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || {
		rm -f "$out.tmp"
		return 1
	}
	mv "$out.tmp" "$out"
}

fetch() { # VERSION
	local cache=$CACHE ver=$1 dir tmp deb
	dir=$cache/$ver
	if [ -f "$dir/vmlinuz" ]; then
		echo "$dir"
		return 0
	fi
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$tmp'" EXIT
	echo "vm-kernel: downloading linux-image-$ver (about 70 MB, once)" >&2
	get() {
		(cd "$tmp" && timeout 300 apt-get download -q -o APT::Sandbox::User=root \
			"linux-image-$ver" >"$tmp/apt.log" 2>&1)
	}
	if ! get; then
		[ -n "${VM_NO_APT_UPDATE:-}" ] || { apt-get update -qq >/dev/null 2>&1 || true; }
		get || die "apt-get download linux-image-$ver failed: $(grep -E '^(E|W):' "$tmp/apt.log" | head -n 2 | tr '\n' ' ')"
	fi
	deb=$(find "$tmp" -maxdepth 1 -name 'linux-image-*.deb' | head -n 1)
	[ -n "$deb" ] || die "apt-get download linux-image-$ver gave no .deb"
	dpkg -x "$deb" "$tmp/x" || die "dpkg -x $deb failed"
	[ -f "$tmp/x/boot/vmlinuz-$ver" ] || die "linux-image-$ver has no /boot/vmlinuz-$ver"
	mkdir -p "$tmp/k"
	cp "$tmp/x/boot/vmlinuz-$ver" "$tmp/k/vmlinuz"
	cp "$tmp/x/boot/config-$ver" "$tmp/k/config" 2>/dev/null || true
	cp "$tmp/x/boot/System.map-$ver" "$tmp/k/System.map" 2>/dev/null || true
	extract_vmlinux "$tmp/k/vmlinuz" "$tmp/k/vmlinux" ||
		echo "vm-kernel: cannot unpack vmlinux (xz-utils missing?): booting vmlinuz, ~12 s slower under TCG" >&2
	echo "$ver" >"$tmp/k/version"
	# Another run may have put it there meanwhile.
	rm -rf "$dir.partial"
	[ ! -d "$dir" ] || [ -f "$dir/vmlinuz" ] || mv "$dir" "$dir.partial"
	mv -T "$tmp/k" "$dir" 2>/dev/null || [ -f "$dir/vmlinuz" ] || die "cannot create $dir"
	rm -rf "$dir.partial"
	echo "$dir"
}

CACHE=
case ${1:-} in
--version) pick_version ;;
"" | -*)
	echo "usage: kernel.sh CACHE_DIR | --version" >&2
	exit 2
	;;
*)
	CACHE=$(realpath -m "$1")
	ver=$(pick_version)
	fetch "$ver"
	;;
esac
