# Devices (config-linux.md "Devices", "Default Devices", the device
# cgroup "Allowed Device list").
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

case_devices_created() {
	new_bundle
	cfg '.linux.devices = [
		{path: "/dev/jf-char", type: "c", major: 1, minor: 7},
		{path: "/dev/jf-block", type: "b", major: 7, minor: 200},
		{path: "/dev/jf-fifo", type: "p"},
		{path: "/dev/sub/jf-unbuf", type: "u", major: 1, minor: 9}]'
	expect_checks device=/dev/jf-char:c:1:7 device=/dev/jf-block:b:7:200 \
		device=/dev/jf-fifo:p device=/dev/sub/jf-unbuf:c:1:9
}

case_device_mode_and_owner() {
	new_bundle
	cfg '.linux.devices = [
		{path: "/dev/jf-full", type: "c", major: 1, minor: 7,
		 fileMode: 416, uid: 1000, gid: 1001}]'
	# 416 = 0640
	expect_checks device=/dev/jf-full:c:1:7:0640:1000:1001
}

case_default_devices_and_symlinks() {
	new_bundle
	cfg '.linux.devices = []'
	expect_checks device=/dev/null:c:1:3 device=/dev/zero:c:1:5 \
		device=/dev/full:c:1:7 device=/dev/random:c:1:8 \
		device=/dev/urandom:c:1:9 device=/dev/tty:c:5:0 \
		symlink=/dev/fd:/proc/self/fd symlink=/dev/stdin:/proc/self/fd/0 \
		symlink=/dev/stdout:/proc/self/fd/1 \
		symlink=/dev/stderr:/proc/self/fd/2 symlink=/dev/ptmx:pts/ptmx \
		open=/dev/null:rw:0 open=/dev/zero:r:0 open=/dev/urandom:r:0
}

case_device_cgroup_denies_unlisted_device() {
	new_bundle
	# /dev/kmsg opened write-only needs no capability: only the device
	# cgroup can refuse it.
	cfg '.linux.devices = [{path: "/dev/jf-kmsg", type: "c", major: 1, minor: 11}]
	   | .linux.resources.devices = [{allow: false, access: "rwm"}]'
	expect_checks open=/dev/jf-kmsg:w:1
}

case_device_cgroup_allows_listed_device() {
	new_bundle
	cfg '.linux.devices = [{path: "/dev/jf-kmsg", type: "c", major: 1, minor: 11}]
	   | .linux.resources.devices = [{allow: false, access: "rwm"},
		{allow: true, type: "c", major: 1, minor: 11, access: "w"}]'
	expect_checks open=/dev/jf-kmsg:w:0 open=/dev/jf-kmsg:r:1
}
