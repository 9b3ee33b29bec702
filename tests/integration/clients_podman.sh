# podman (through conmon) with jfrun as its OCI runtime.
#
# One podman per file, in $FILE_DIR: its own storage, run root, tmp dir,
# network config dir and containers.conf (contrib/podman/jfrun.conf, so
# conmon passes `--log-format=json --log F`; netns "none": nothing is made
# in the host's network; ulimits this host can grant), an image imported
# from bundles/busybox, and a cgroup parent removed at the end.  The
# runtime "jfrun" is $FILE_DIR/bin/jfrun: $JFRUN with a state root of its
# own.  Each test removes its containers and checks that jfrun left
# nothing behind.

source tests/integration/clients_common.sh

PM_IMAGE=localhost/jfrun-busybox
PM_CGROUP=/jfrun-pm-${FILE_DIR##*.}
PM_JFROOT=$FILE_DIR/jfrun-root

file_setup() {
	local driver=overlay
	clients_install podman podman
	clients_install conmon conmon
	clients_runtime "$PM_JFROOT"
	# `podman import` keeps a cache in /var/lib/containers whatever --root
	# says: remove it at the end if it is ours.
	[ -e /var/lib/containers ] || touch "$FILE_DIR/made-var-lib-containers"
	grep -qw overlay /proc/filesystems || driver=vfs
	# contrib/podman/jfrun.conf, naming this file's runtime, plus what this
	# host needs.
	sed "s|^jfrun = .*|jfrun = [\"$FILE_DIR/bin/jfrun\"]|" contrib/podman/jfrun.conf \
		>"$FILE_DIR/containers.conf"
	cat >>"$FILE_DIR/containers.conf" <<-EOF
		[containers]
		default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
		netns = "none"
		# Not journald (podman's default on a systemd host): conmon has
		# written a file log before podman sees the exit, while journald
		# may not have stored the lines yet when `podman logs` reads.
		log_driver = "k8s-file"
	EOF
	# A script rather than a function: `script -c` runs it for the tty tests.
	cat >"$FILE_DIR/bin/pm" <<-EOF
		#!/bin/sh
		export CONTAINERS_CONF='$FILE_DIR/containers.conf'
		exec podman --root '$FILE_DIR/storage' --runroot '$FILE_DIR/run' \\
		    --tmpdir '$FILE_DIR/tmp' --network-config-dir '$FILE_DIR/net' \\
		    --storage-driver $driver --cgroup-manager cgroupfs \\
		    --runtime jfrun "\$@"
	EOF
	chmod +x "$FILE_DIR/bin/pm"
	mkdir -p "$FILE_DIR/net" "$FILE_DIR/extra/tmp"
	# A file in the image's /tmp shows that --read-only's tmpfs copies it up.
	echo from-image >"$FILE_DIR/extra/tmp/from-image"
	tar -C "$BUSYBOX_BUNDLE/rootfs" -c . -C "$FILE_DIR/extra" ./tmp/from-image |
		pm import - "$PM_IMAGE" >/dev/null
}

file_teardown() {
	[ -x "$FILE_DIR/bin/pm" ] || return 0
	pm rm -af -t 0 >/dev/null 2>&1 || true
	clients_stop_pids
	clients_umount
	clients_rm_cgroups "$PM_CGROUP"
	[ ! -f "$FILE_DIR/made-var-lib-containers" ] || rm -rf /var/lib/containers
}

pm() {
	"$FILE_DIR/bin/pm" "$@"
}

# pm_run ARGS...: `podman run` in the file's cgroup parent.
pm_run() {
	pm run --cgroup-parent "$PM_CGROUP" "$@"
}

# pm_tty COMMAND-LINE: run a pm command line with a terminal (under script);
# output in $OUT without the terminal's carriage returns (the callers check
# it: script's own exit code says little).
pm_tty() {
	OUT=$(SHELL=/bin/sh script -qec "$FILE_DIR/bin/pm $1" /dev/null </dev/null | tr -d '\r')
}

# pm_nothing_left: no container in podman, none in jfrun's root, no
# container cgroup (podman's cleanup may still be finishing: 5 s).
pm_nothing_left() {
	local i left
	for i in $(seq 50); do
		left="$(pm ps -aq)$(state_root_left "$PM_JFROOT")$(clients_cgroups_below "$PM_CGROUP" | grep libpod-)" || true
		[ -n "$left" ] || return 0
		sleep 0.1
	done
	fail "left behind: podman: $(pm ps -aq | tr '\n' ' ') jfrun: $(state_root_left "$PM_JFROOT" | tr '\n' ' ') cgroups: $(clients_cgroups_below "$PM_CGROUP" | grep libpod- | tr '\n' ' ')"
}

# Every test starts with this: whatever it leaves (a failure half-way, or
# a container podman lost track of) is removed when it ends, so that one
# failure does not fail the tests after it.
pm_cleanup_on_exit() {
	trap pm_cleanup EXIT
}

pm_cleanup() {
	local id
	pm rm -af -t 0 >/dev/null 2>&1 || true
	for id in $(ls "$PM_JFROOT" 2>/dev/null); do
		"$JFRUN" --root "$PM_JFROOT" delete --force "$id" >/dev/null 2>&1 || true
	done
}

test_podman_run_rm_echo() {
	pm_cleanup_on_exit
	OUT=$(pm_run --rm "$PM_IMAGE" echo hello from podman) || fail "podman run: $OUT"
	assert_eq "$OUT" "hello from podman"
	pm_nothing_left
}

test_podman_run_returns_exit_code() {
	pm_cleanup_on_exit
	set +e
	pm_run --rm "$PM_IMAGE" sh -c 'exit 3'
	local rc=$?
	set -e
	assert_eq "$rc" 3 "exit code of podman run"
	pm_nothing_left
}

test_podman_detached_exec_stop_rm() {
	pm_cleanup_on_exit
	pm_run -d --name det "$PM_IMAGE" sh -c 'trap "exit 0" TERM; sleep 1000 & wait' >/dev/null
	assert_eq "$(pm inspect --format '{{.State.Status}}' det)" running "status after run -d"
	OUT=$(pm exec det sh -c 'echo in-exec $$') || fail "podman exec: $OUT"
	assert_contains "$OUT" "in-exec"
	set +e
	pm exec det sh -c 'exit 5'
	local rc=$?
	set -e
	assert_eq "$rc" 5 "exit code of podman exec"
	pm stop -t 10 det >/dev/null
	assert_eq "$(pm inspect --format '{{.State.Status}} {{.State.ExitCode}}' det)" "exited 0" \
		"status after stop (the container's TERM trap exits 0)"
	pm rm -f det >/dev/null
	pm_nothing_left
}

test_podman_rm_force_running() {
	pm_cleanup_on_exit
	pm_run -d --name rmf "$PM_IMAGE" sleep 1000 >/dev/null
	pm rm -f -t 0 rmf >/dev/null
	pm_nothing_left
}

test_podman_logs() {
	pm_cleanup_on_exit
	pm_run --name logs "$PM_IMAGE" sh -c 'echo to-stdout; echo to-stderr >&2' >"$TEST_DIR/out" 2>&1 ||
		fail "podman run: $(cat "$TEST_DIR/out")"
	OUT=$(pm logs logs 2>&1)
	assert_contains "$OUT" "to-stdout"
	assert_contains "$OUT" "to-stderr"
	pm rm logs >/dev/null
	pm_nothing_left
}

test_podman_run_tty() {
	pm_cleanup_on_exit
	pm_tty "run --rm -t --cgroup-parent $PM_CGROUP $PM_IMAGE sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both-ttys'"
	assert_contains "$OUT" "/dev/pts/"
	assert_contains "$OUT" "both-ttys"
	pm_nothing_left
}

test_podman_exec_tty() {
	pm_cleanup_on_exit
	pm_run -d --name etty "$PM_IMAGE" sleep 1000 >/dev/null
	pm_tty "exec -t etty sh -c 'tty; [ -t 0 ] && echo exec-tty'"
	assert_contains "$OUT" "/dev/pts/"
	assert_contains "$OUT" "exec-tty"
	pm rm -f -t 0 etty >/dev/null
	pm_nothing_left
}

# The limit as the container sees its own cgroup (v1 or v2 layout).
test_podman_memory_limit() {
	pm_cleanup_on_exit
	OUT=$(pm_run --rm -m 64m "$PM_IMAGE" sh -c \
		'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max')
	assert_eq "$OUT" 67108864 "memory limit inside the container"
	pm_nothing_left
}

test_podman_pids_limit() {
	pm_cleanup_on_exit
	OUT=$(pm_run --rm --pids-limit 42 "$PM_IMAGE" sh -c \
		'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max')
	assert_eq "$OUT" 42 "pids limit inside the container"
	pm_nothing_left
}

test_podman_cap_drop() {
	local bnd
	pm_cleanup_on_exit
	OUT=$(pm_run --rm --cap-drop CHOWN "$PM_IMAGE" sh -c \
		'grep CapBnd /proc/self/status; chown 1 /tmp 2>/dev/null && echo chown-worked || echo chown-refused')
	bnd=$(echo "$OUT" | awk '/CapBnd/ {print $2}')
	[ -n "$bnd" ] || fail "no CapBnd in: $OUT"
	assert_eq "$((0x$bnd & 1))" 0 "CAP_CHOWN (bit 0) in the bounding set $bnd"
	assert_eq "$((0x$bnd >> 5 & 1))" 1 "CAP_KILL (bit 5), not dropped, in the bounding set $bnd"
	assert_contains "$OUT" chown-refused
	pm_nothing_left
}

# --read-only: "/" is read-only; /tmp is a tmpfs ("tmpcopyup") that starts
# with what the image has in /tmp.
test_podman_read_only() {
	pm_cleanup_on_exit
	OUT=$(pm_run --rm --read-only "$PM_IMAGE" sh -c \
		'touch /x 2>&1; echo w >/tmp/new && cat /tmp/new; cat /tmp/from-image')
	assert_contains "$OUT" "Read-only file system"
	assert_contains "$OUT" "w"
	assert_contains "$OUT" "from-image"
	pm_nothing_left
}

test_podman_annotation_proc_virtualize() {
	local id
	pm_cleanup_on_exit
	id=$(pm_run -d -m 256m --cpus 1 --annotation org.jfrun.proc.virtualize=true "$PM_IMAGE" sleep 1000)
	OUT=$("$JFRUN" --root "$PM_JFROOT" state "$id" | jq -r '.annotations["org.jfrun.proc.virtualize"]')
	assert_eq "$OUT" true "the annotation in jfrun's state"
	OUT=$(pm exec "$id" head -1 /proc/meminfo)
	assert_eq "$(echo $OUT)" "MemTotal: 262144 kB" "MemTotal under podman -m 256m"
	assert_eq "$(pm exec "$id" grep -c ^processor /proc/cpuinfo)" 1 "cpuinfo under --cpus 1"
	# the sidecar refreshes them
	U1=$(pm exec "$id" cat /proc/uptime)
	for i in $(seq 1 100); do
		U2=$(pm exec "$id" cat /proc/uptime)
		[ "$U2" != "$U1" ] && break
		sleep 0.1
	done
	[ "$U2" != "$U1" ] || fail "uptime stayed $U1 for 10 s under podman"
	[ "${U2%%.*}" -lt 60 ] || fail "uptime $U2 is not the container's"
	pm rm -f -t 0 "$id" >/dev/null
	pm_nothing_left
}

# conmon passes `--log-format=json --log F` (contrib/podman/jfrun.conf);
# podman shows the error jfrun wrote there, naming the field.
test_podman_shows_jfrun_error() {
	pm_cleanup_on_exit
	expect_fail "podman run of a missing command" pm_run --rm "$PM_IMAGE" /no/such/command
	assert_contains "$ERR" "process.args[0]" "podman's error"
	assert_contains "$ERR" "/no/such/command" "podman's error"
	pm_nothing_left
}

# A user namespace: the init, host uid 100000, reaches the exec fifo.
test_podman_userns() {
	pm_cleanup_on_exit
	OUT=$(pm_run --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$PM_IMAGE" \
		sh -c 'id -u; cat /proc/self/uid_map')
	assert_eq "$(echo $OUT)" "0 0 100000 65536" "uid and uid_map in the container"
	pm_nothing_left
}

test_podman_pause_unpause() {
	pm_cleanup_on_exit
	pm_run -d --name pz "$PM_IMAGE" sleep 1000 >/dev/null
	pm pause pz >/dev/null
	assert_eq "$(pm inspect --format '{{.State.Status}}' pz)" paused "status after pause"
	pm unpause pz >/dev/null
	assert_eq "$(pm inspect --format '{{.State.Status}}' pz)" running "status after unpause"
	OUT=$(pm exec pz echo alive)
	assert_eq "$OUT" alive "exec after unpause"
	pm rm -f -t 0 pz >/dev/null
	pm_nothing_left
}

# A container asking for a jfrun feature gets a sidecar (src/shim/sidecar.h):
# not the init's parent (conmon is), gone with the container; one asking
# for none gets nothing.
test_podman_sidecar_exits_with_the_container() {
	local id side init i
	pm_cleanup_on_exit
	id=$(pm_run -d --annotation org.jfrun.proc.virtualize=true "$PM_IMAGE" sleep 1000)
	side=$(cut -d' ' -f1 "$PM_JFROOT/$id/sidecar.pid")
	assert_eq "$(cat "/proc/$side/comm")" jfrun-sidecar "the sidecar"
	init=$("$JFRUN" --root "$PM_JFROOT" state "$id" | jq -r .pid)
	[ "$(awk '/^PPid/ {print $2}' "/proc/$init/status")" != "$side" ] ||
		fail "the sidecar is the init's parent"
	pm rm -f -t 0 "$id" >/dev/null
	for i in $(seq 1 100); do
		[ -d "/proc/$side" ] || break
		sleep 0.05
	done
	[ ! -d "/proc/$side" ] || fail "the sidecar outlived its container"
	id=$(pm_run -d "$PM_IMAGE" sleep 1000)
	[ ! -e "$PM_JFROOT/$id/sidecar.pid" ] || fail "a sidecar for a container that asked for none"
	pm rm -f -t 0 "$id" >/dev/null
	pm_nothing_left
}
