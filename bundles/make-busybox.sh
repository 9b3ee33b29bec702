#!/bin/bash
# Build an OCI bundle whose rootfs is Debian's busybox-static.
#
#   bash bundles/make-busybox.sh DIR [RUNTIME]
#
# DIR/rootfs gets /bin/busybox plus one symlink per applet, /etc/passwd and
# /etc/group (root, a uid/gid 1000 "user", nobody/nogroup) and the usual
# empty directories; DIR/config.json comes from `RUNTIME spec` (default
# ./jfrun), with `runc spec` as a fallback while RUNTIME cannot write one,
# then terminal=false so the bundle runs without a console socket.
# The bundle is built beside DIR and swapped in, so a rebuild is clean and
# an interrupted one leaves the old bundle alone.
set -euo pipefail

die() { echo "make-busybox: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	die "usage: make-busybox.sh DIR [RUNTIME]"
fi
dir=${1%/}
runtime=${2:-./jfrun}
busybox=${BUSYBOX:-/bin/busybox}

[ -x "$busybox" ] || die "$busybox missing: apt-get install busybox-static"
command -v jq >/dev/null || die "jq missing: apt-get install jq"
# A dynamic busybox would need its libraries inside the rootfs.
if LC_ALL=C file -L "$busybox" 2>/dev/null | grep -q 'dynamically linked'; then
	die "$busybox is dynamically linked: install busybox-static"
fi

# RUNTIME may be relative to the caller's directory; spec runs elsewhere.
case $runtime in
*/*) runtime_path=$(realpath -e "$runtime" 2>/dev/null || true) ;;
*) runtime_path=$(command -v "$runtime" || true) ;;
esac

mkdir -p "$(dirname "$dir")"
new=$(mktemp -d "$dir.new.XXXXXX")
trap 'rm -rf "$new"' EXIT
chmod 0755 "$new"

make_rootfs() {
	local root=$1

	mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,home/user,run,var/tmp,mnt}
	chmod 1777 "$root/tmp" "$root/var/tmp"
	chmod 0700 "$root/root"
	cp "$busybox" "$root/bin/busybox"
	# Everything busybox provides, in /bin (on every default PATH).
	# shellcheck disable=SC2016 # $a belongs to the inner sh
	(cd "$root/bin" && "$busybox" --list | grep -vx busybox |
		xargs -n 64 sh -c 'for a; do ln -s busybox "$a"; done' sh)
	# The default PATH also names these; keep one copy of each applet.
	ln -s bin "$root/sbin"
	mkdir -p "$root/usr"
	ln -s ../bin "$root/usr/bin"
	ln -s ../bin "$root/usr/sbin"

	cat >"$root/etc/passwd" <<-'EOF'
	root:x:0:0:root:/root:/bin/sh
	user:x:1000:1000:user:/home/user:/bin/sh
	nobody:x:65534:65534:nobody:/nonexistent:/bin/false
	EOF
	cat >"$root/etc/group" <<-'EOF'
	root:x:0:
	tty:x:5:
	wheel:x:10:user
	users:x:100:user
	user:x:1000:
	nogroup:x:65534:
	EOF
	chown 1000:1000 "$root/home/user"
	echo busybox >"$root/etc/hostname"
	: >"$root/etc/hosts"
	: >"$root/etc/resolv.conf"
}

write_config() {
	local bundle=$1

	if [ -n "$runtime_path" ] && (cd "$bundle" && "$runtime_path" spec) \
		>/dev/null 2>"$bundle/spec.err" && [ -s "$bundle/config.json" ]; then
		:
	else
		local why="not found"
		[ -z "$runtime_path" ] || why=$(head -c 200 "$bundle/spec.err" | tr '\n' ' ')
		echo "make-busybox: '$runtime spec' failed (${why:-no config.json}); using 'runc spec' instead" >&2
		rm -f "$bundle/config.json"
		command -v runc >/dev/null || die "no runc to fall back on"
		(cd "$bundle" && runc spec) || die "runc spec failed"
	fi
	rm -f "$bundle/spec.err"
	jq '.process.terminal = false | .root.path = "rootfs"' \
		"$bundle/config.json" >"$bundle/config.json.tmp"
	mv "$bundle/config.json.tmp" "$bundle/config.json"
}

make_rootfs "$new/rootfs"
write_config "$new"

rm -rf "$dir"
mv "$new" "$dir"
trap - EXIT
echo "make-busybox: $dir ready ($(find "$dir/rootfs/bin" -mindepth 1 | wc -l) entries in /bin)"
