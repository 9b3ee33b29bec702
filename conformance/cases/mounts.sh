# Root filesystem, mounts, masked and readonly paths (config.md "Root",
# "Mounts"; config-linux.md "Masked Paths", "Readonly Paths",
# "Rootfs Mount Propagation").
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

# A host directory with a file, to bind into the container.
host_dir_with_file() {
	mkdir -p "$CASE_DIR/$1"
	echo hello >"$CASE_DIR/$1/f"
}

# A tmpfs on the host, private or shared, unmounted at the end.
host_tmpfs() {
	local dir=$CASE_DIR/$1 propagation=$2
	mkdir -p "$dir"
	mount -t tmpfs jfconf "$dir"
	defer "umount -l '$dir'"
	mount --make-"$propagation" "$dir"
	echo hello >"$dir/f"
}

case_root_readonly() {
	new_bundle
	cfg '.root.readonly = true'
	expect_checks rootro=1
}

case_root_writable() {
	new_bundle
	cfg '.root.readonly = false'
	expect_checks rootro=0 writable=/
}

case_standard_mounts_applied() {
	new_bundle
	# The filesystems config-linux.md says a container should have, as
	# runc's and crun's `spec` write them.
	cfg '.mounts = [
	  {destination: "/proc", type: "proc", source: "proc"},
	  {destination: "/dev", type: "tmpfs", source: "tmpfs",
	   options: ["nosuid", "strictatime", "mode=755", "size=65536k"]},
	  {destination: "/dev/pts", type: "devpts", source: "devpts",
	   options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
	  {destination: "/dev/shm", type: "tmpfs", source: "shm",
	   options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
	  {destination: "/dev/mqueue", type: "mqueue", source: "mqueue",
	   options: ["nosuid", "noexec", "nodev"]},
	  {destination: "/sys", type: "sysfs", source: "sysfs",
	   options: ["nosuid", "noexec", "nodev", "ro"]}]'
	expect_checks mount=/proc:proc \
		mount=/dev:tmpfs:nosuid,!noatime,!relatime,mode=755,size=65536k \
		mount=/dev/pts:devpts:nosuid,noexec,ptmxmode=666,mode=620,gid=5 \
		mount=/dev/shm:tmpfs:nosuid,noexec,nodev,size=65536k \
		mount=/dev/mqueue:mqueue:nosuid,noexec,nodev \
		mount=/sys:sysfs:ro,nosuid,noexec,nodev
}

case_tmpfs_mount_options() {
	new_bundle
	add_mount /mnt/t tmpfs tmpfs nosuid nodev noexec mode=1770 size=64k
	expect_checks mount=/mnt/t:tmpfs:rw,nosuid,nodev,noexec,mode=1770,size=64k
}

case_tmpfs_mount_readonly() {
	new_bundle
	add_mount /mnt/t tmpfs tmpfs ro nosuid
	expect_checks mount=/mnt/t:tmpfs:ro,nosuid readonly=/mnt/t
}

case_mount_destination_created() {
	new_bundle
	add_mount /a/b/c tmpfs tmpfs
	expect_checks mount=/a/b/c:tmpfs
}

case_mount_destination_symlink_stays_in_rootfs() {
	new_bundle
	mkdir -p "$CASE_DIR/outside"
	# A symlink in the rootfs naming a host path: following it on the
	# host side would mount over (and create) $CASE_DIR/outside/mnt.
	ln -s "$CASE_DIR/outside" "$BUNDLE/rootfs/escape"
	add_mount /escape/mnt tmpfs tmpfs
	args /bin/true
	run_container
	[ ! -e "$CASE_DIR/outside/mnt" ] ||
		fail "the runtime created $CASE_DIR/outside/mnt on the host"
	[ "$RC" -eq 0 ] || [ -n "$(first_error)" ] ||
		fail "run exited $RC without an error"
}

case_bind_mount_directory() {
	new_bundle
	host_dir_with_file data
	add_mount /data none "$CASE_DIR/data" bind
	expect_checks mount=/data file=/data/f=hello writable=/data
}

case_bind_mount_file() {
	new_bundle
	echo jf-file >"$CASE_DIR/file"
	add_mount /etc/jf-file none "$CASE_DIR/file" bind
	expect_checks mount=/etc/jf-file file=/etc/jf-file=jf-file
}

case_bind_mount_readonly() {
	new_bundle
	host_dir_with_file data
	add_mount /data none "$CASE_DIR/data" bind ro nosuid nodev noexec
	expect_checks mount=/data:*:ro,nosuid,nodev,noexec readonly=/data \
		readonly=/data/f file=/data/f=hello
}

case_bind_mount_excludes_submounts() {
	new_bundle
	host_dir_with_file data
	mkdir -p "$CASE_DIR/data/sub"
	host_tmpfs data/sub private
	add_mount /data none "$CASE_DIR/data" bind
	expect_checks mount=/data no-mount=/data/sub absent=/data/sub/f
}

case_rbind_mount_includes_submounts() {
	new_bundle
	host_dir_with_file data
	mkdir -p "$CASE_DIR/data/sub"
	host_tmpfs data/sub private
	add_mount /data none "$CASE_DIR/data" rbind
	expect_checks mount=/data mount=/data/sub:tmpfs file=/data/sub/f=hello
}

case_rbind_mount_recursive_readonly() {
	new_bundle
	host_dir_with_file data
	mkdir -p "$CASE_DIR/data/sub"
	host_tmpfs data/sub private
	add_mount /data none "$CASE_DIR/data" rbind rro
	expect_checks mount=/data:*:ro mount=/data/sub:tmpfs:ro \
		readonly=/data/sub
}

case_mounts_applied_in_order() {
	new_bundle
	mkdir -p "$CASE_DIR/first" "$CASE_DIR/second"
	echo first >"$CASE_DIR/first/which"
	echo second >"$CASE_DIR/second/which"
	add_mount /data none "$CASE_DIR/first" bind
	add_mount /data none "$CASE_DIR/second" bind
	add_mount /data/inner tmpfs tmpfs size=16k
	# The later mount covers the earlier; the last one is inside it.
	expect_checks file=/data/which=second mount=/data/inner:tmpfs:size=16k
}

case_mount_propagation_shared() {
	new_bundle
	host_tmpfs src private
	add_mount /data none "$CASE_DIR/src" rbind rshared
	expect_checks mount=/data:tmpfs::shared
}

case_mount_propagation_slave() {
	new_bundle
	host_tmpfs src shared
	add_mount /data none "$CASE_DIR/src" rbind rslave
	expect_checks mount=/data:tmpfs::slave
}

case_mount_propagation_private() {
	new_bundle
	host_tmpfs src shared
	add_mount /data none "$CASE_DIR/src" rbind rprivate
	expect_checks mount=/data:tmpfs::private
}

case_mount_propagation_unbindable() {
	new_bundle
	host_tmpfs src private
	add_mount /data none "$CASE_DIR/src" rbind runbindable
	expect_checks mount=/data:tmpfs::unbindable
}

# runc 1.1 leaves / private (opencontainers/runc#1755, fixed in 2025).
case_rootfs_propagation_shared() {
	new_bundle
	cfg '.linux.rootfsPropagation = "shared"'
	expect_checks mount=/:*::shared
}

case_rootfs_propagation_private() {
	new_bundle
	cfg '.linux.rootfsPropagation = "private"'
	expect_checks mount=/:*::private
}

case_masked_paths_are_masked() {
	new_bundle
	echo secret >"$BUNDLE/rootfs/etc/secret"
	mkdir -p "$BUNDLE/rootfs/secretdir"
	echo secret >"$BUNDLE/rootfs/secretdir/f"
	cfg '.linux.maskedPaths = ["/etc/secret", "/secretdir", "/proc/timer_list", "/no/such/path"]'
	expect_checks masked=/etc/secret masked=/secretdir masked=/proc/timer_list \
		file=/etc/passwd="$(cat "$BUNDLE/rootfs/etc/passwd")"
}

case_readonly_paths_are_readonly() {
	new_bundle
	mkdir -p "$BUNDLE/rootfs/rodir"
	echo ro >"$BUNDLE/rootfs/etc/rofile"
	cfg '.root.readonly = false
	   | .linux.readonlyPaths = ["/proc/sys", "/rodir", "/etc/rofile", "/no/such/path"]'
	expect_checks readonly=/proc/sys readonly=/proc/sys/net/ipv4/ip_forward \
		readonly=/rodir readonly=/etc/rofile \
		writable=/etc writable=/proc
}

case_idmapped_bind_mount() {
	require_oci 1.2.0 "mounts[].uidMappings (idmap)"
	if features | jq -e '.linux.mountExtensions.idmap.enabled == false' >/dev/null; then
		skip "runtime features say idmap mounts are not supported"
	fi
	new_bundle
	host_dir_with_file data
	touch "$CASE_DIR/data/unmapped"
	chown 5:5 "$CASE_DIR/data/unmapped"
	# On-disk id 0 shows as 1000 through the mount; unmapped ids overflow.
	cfg '.mounts += [{destination: "/data", type: "none", source: $s,
			  options: ["bind", "idmap"],
			  uidMappings: [{containerID: 0, hostID: 1000, size: 1}],
			  gidMappings: [{containerID: 0, hostID: 1001, size: 1}]}]' \
		--arg s "$CASE_DIR/data"
	expect_checks owner=/data/f:1000:1001 owner=/data/unmapped:65534:65534
}
