# Namespaces (config-linux.md "Namespaces", "User namespace mappings"),
# hostname and domainname (config.md).
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

case_pid_namespace_is_new() {
	new_bundle
	add_ns pid
	expect_checks "ns-differs=$(host_ns pid)" pid=1
}

case_mount_namespace_is_new() {
	new_bundle
	add_ns mount
	expect_checks "ns-differs=$(host_ns mnt)"
}

case_ipc_namespace_is_new() {
	new_bundle
	add_ns ipc
	expect_checks "ns-differs=$(host_ns ipc)"
}

case_uts_namespace_is_new() {
	new_bundle
	add_ns uts
	expect_checks "ns-differs=$(host_ns uts)"
}

case_net_namespace_is_new() {
	new_bundle
	add_ns network
	# A new network namespace has only a loopback device.
	expect_checks "ns-differs=$(host_ns net)" \
		exists=/sys/class/net/lo absent=/sys/class/net/eth0
}

case_net_namespace_absent_shares_host() {
	new_bundle
	drop_ns network
	expect_checks "ns-same=$(host_ns net)"
}

case_ipc_namespace_absent_shares_host() {
	new_bundle
	drop_ns ipc
	expect_checks "ns-same=$(host_ns ipc)"
}

# A namespace kept alive by a bind mount of its nsfs file, with a marker
# hostname for uts so that joining it is visible from inside.
persist_ns() {
	local type=$1 file=$CASE_DIR/ns-$1
	touch "$file"
	defer "umount -l '$file'"
	if [ "$type" = uts ]; then
		unshare --uts="$file" hostname jf-joined
	else
		unshare --"$type"="$file" true
	fi
	echo "$file"
}

case_net_namespace_joined_by_path() {
	local file
	new_bundle
	file=$(persist_ns net)
	add_ns network "$file"
	expect_checks "ns-same=net:$(stat -L -c %i "$file")"
}

case_uts_namespace_joined_by_path() {
	local file
	new_bundle
	file=$(persist_ns uts)
	add_ns uts "$file"
	cfg 'del(.hostname)'
	expect_checks "ns-same=uts:$(stat -L -c %i "$file")" hostname=jf-joined
}

case_ipc_namespace_joined_by_path() {
	local file
	new_bundle
	file=$(persist_ns ipc)
	add_ns ipc "$file"
	expect_checks "ns-same=ipc:$(stat -L -c %i "$file")"
}

# create + start of $BUNDLE as $ID whose process writes a marker into the
# rootfs: the init must live on after create (it seals the runtime binary
# then: linux/exe_seal.h) and run the process at start.
expect_create_start_runs() {
	args /bin/sh -c 'echo ran >/ran'
	create
	[ "$RC" -eq 0 ] || fail "create exited $RC: $(first_error)"
	rt start "$ID" 2>"$CASE_DIR/start.err" ||
		fail "start failed: $(first_error "$CASE_DIR/start.err")"
	wait_file "$1" || fail "the process did not run"
}

# Without a mount namespace of its own the init only chroots into the
# rootfs, where there is no /proc.
case_mount_namespace_absent_create_start_runs() {
	new_bundle
	drop_ns mount
	expect_create_start_runs "$BUNDLE/rootfs/ran"
}

case_mount_namespace_joined_by_path_create_start_runs() {
	local file
	new_bundle
	file=$(persist_ns mount)
	add_ns mount "$file"
	expect_create_start_runs "$BUNDLE/rootfs/ran"
}

# A new mount namespace without /proc mounted in it.
case_no_proc_mount_create_start_runs() {
	new_bundle
	cfg '.mounts |= map(select(.destination != "/proc")) | .root.readonly = false'
	expect_create_start_runs "$BUNDLE/rootfs/ran"
}

case_cgroup_namespace_is_new() {
	require_namespace cgroup
	new_bundle
	add_ns cgroup
	# Inside a new cgroup namespace the container's cgroup is the root.
	if cgroup_v2; then
		expect_checks "ns-differs=$(host_ns cgroup)" cgroup-path=0=/
	else
		expect_checks "ns-differs=$(host_ns cgroup)" cgroup-path=memory=/ \
			cgroup-path=pids=/
	fi
}

case_user_namespace_mappings() {
	require_namespace user
	new_bundle
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
	   | .linux.gidMappings = [{containerID: 0, hostID: 200000, size: 1000},
				  {containerID: 1000, hostID: 300000, size: 10}]'
	expect_checks "ns-differs=$(host_ns user)" uidmap=0:100000:65536 \
		gidmap=0:200000:1000,1000:300000:10 uid=0 gid=0
}

case_user_namespace_user_is_mapped() {
	require_namespace user
	new_bundle
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
	   | .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
	   | .process.user = {uid: 1000, gid: 1000}'
	# uid 1000 inside is host uid 101000: a file it creates shows that.
	mkdir -p "$CASE_DIR/shared" "$BUNDLE/rootfs/shared"
	chmod 0777 "$CASE_DIR/shared"
	add_mount /shared none "$CASE_DIR/shared" bind
	args /bin/sh -c 'touch /shared/f && /bin/jfcheck uid=1000 gid=1000'
	run_container
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(grep '^not ok' "$OUT" || first_error)"
	[ "$(stat -c %u:%g "$CASE_DIR/shared/f")" = 101000:101000 ] ||
		fail "file created inside is owned by $(stat -c %u:%g "$CASE_DIR/shared/f") on the host, want 101000:101000"
}

case_user_namespace_leaves_host_dev_null_alone() {
	local owner
	require_namespace user
	owner=$(stat -c %u:%g /dev/null)
	defer "chown $owner /dev/null"
	new_bundle
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
	   | .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
	   | .process.user = {uid: 1000, gid: 1000}'
	args /bin/true
	remember_id "$ID"
	RC=0
	# stdin is the host's /dev/null: fixing stdio ownership for the
	# container user must not chown the device itself.
	rt run --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$CASE_DIR/err" || RC=$?
	[ "$(stat -c %u:%g /dev/null)" = "$owner" ] ||
		fail "the runtime chowned the host's /dev/null to $(stat -c %u:%g /dev/null) (restored to $owner)"
	[ "$RC" -eq 0 ] || fail "run exited $RC: $(first_error "$CASE_DIR/err")"
}

case_time_namespace_offsets() {
	require_oci 1.1.0 "linux.timeOffsets"
	require_namespace time
	new_bundle
	add_ns time
	cfg '.linux.timeOffsets = {monotonic: {secs: 86400, nanosecs: 0},
				  boottime: {secs: 172800, nanosecs: 0}}'
	expect_checks "ns-differs=$(host_ns time)" timens-offset=monotonic:86400 \
		timens-offset=boottime:172800
}

case_hostname_is_set() {
	new_bundle
	add_ns uts
	cfg '.hostname = "jf-host"'
	expect_checks hostname=jf-host
}

case_domainname_is_set() {
	require_oci 1.1.0 "domainname"
	new_bundle
	add_ns uts
	cfg '.domainname = "jf.example"'
	expect_checks domainname=jf.example
}

case_hostname_without_uts_namespace_leaves_host_alone() {
	local host
	host=$(hostname)
	new_bundle
	drop_ns uts
	cfg '.hostname = "jf-host"'
	defer "hostname '$host'"
	# The container shares the host's uts namespace: it must not rename
	# the host (runc refuses to run such a config).
	args /bin/true
	run_container
	[ "$(hostname)" = "$host" ] || fail "the host was renamed to $(hostname)"
}
