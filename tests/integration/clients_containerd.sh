# containerd's runc shim (containerd-shim-runc-v2) with jfrun as its runtime
# binary, driven with ctr.
#
# One containerd per file, started by file_setup with a config whose root,
# state and sockets are in $FILE_DIR (no CRI plugin, nothing in /opt), and
# stopped by pid in file_teardown.  The image is an OCI archive built here
# from bundles/busybox and imported once.  Containers run with
# `--runc-binary $FILE_DIR/bin/jfrun --runc-root $FILE_DIR/jfrun-root`, so
# the shim calls jfrun as `--root <root>/<namespace> --log ... --log-format
# json create --bundle ... --pid-file ... ID`, and in a cgroup parent that
# is removed at the end.  Each test removes its containers and checks that
# jfrun left nothing behind.

source tests/integration/clients_common.sh

CTD_SOCK=$FILE_DIR/containerd.sock
CTD_NS=jfrun-test
CTD_IMAGE=localhost/jfrun-busybox:latest
CTD_JFROOT=$FILE_DIR/jfrun-root
CTD_CGROUP=/jfrun-ctd-${FILE_DIR##*.}

file_setup() {
	clients_install containerd containerd
	clients_install ctr containerd
	clients_install containerd-shim-runc-v2 containerd
	clients_runtime
	# The shim puts its sockets in /run/containerd/s whatever the config
	# says: remove that directory at the end if it is ours.
	[ -d /run/containerd ] || touch "$FILE_DIR/made-run-containerd"
	mkdir -p "$FILE_DIR/fifo"
	cat >"$FILE_DIR/config.toml" <<-EOF
		version = 2
		root = "$FILE_DIR/root"
		state = "$FILE_DIR/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]
		[grpc]
		  address = "$CTD_SOCK"
		[ttrpc]
		  address = "$CTD_SOCK.ttrpc"
		[debug]
		  address = ""
		[metrics]
		  address = ""
		[plugins."io.containerd.internal.v1.opt"]
		  path = "$FILE_DIR/opt"
	EOF
	clients_daemon_start containerd containerd --config "$FILE_DIR/config.toml"
	clients_daemon_wait containerd "$CTD_SOCK" 10 ctr -a "$CTD_SOCK" version
	oci_archive "$BUSYBOX_BUNDLE/rootfs" "$FILE_DIR/image.tar"
	ctr -a "$CTD_SOCK" -n "$CTD_NS" images import --base-name "${CTD_IMAGE%:*}" \
		--digests "$FILE_DIR/image.tar" >/dev/null
}

file_teardown() {
	[ -f "$FILE_DIR/containerd.pid.own" ] || return 0
	ctd_cleanup
	clients_daemon_stop containerd 5
	clients_stop_pids # shims of containers that could not be deleted
	clients_umount
	clients_rm_cgroups "$CTD_CGROUP"
	# Ours, and no other containerd has come since: what is left there
	# (a socket of a shim that had to be killed) is ours too.
	if [ -f "$FILE_DIR/made-run-containerd" ] && [ -d /run/containerd ] &&
		! pgrep -x containerd >/dev/null; then
		rm -rf /run/containerd
	fi
}

# oci_archive ROOTFS OUT: an OCI image layout (one uncompressed layer) as
# a tar, what `podman save --format oci-archive` makes, without podman.
oci_archive() {
	local d=$FILE_DIR/oci layer config manifest diff
	mkdir -p "$d/blobs/sha256"
	tar -C "$1" --numeric-owner -cf "$d/layer.tar" .
	diff=$(sha256sum "$d/layer.tar" | cut -d' ' -f1)
	mv "$d/layer.tar" "$d/blobs/sha256/$diff"
	jq -cn --arg diff "sha256:$diff" --arg arch "$(dpkg --print-architecture)" \
		'{architecture: $arch, os: "linux",
		  config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["sh"]},
		  rootfs: {type: "layers", diff_ids: [$diff]}}' >"$d/config.json"
	config=$(oci_blob "$d" "$d/config.json")
	jq -cn --argjson config "$config" --argjson layer "$(oci_desc "$d" "$diff")" \
		'{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
		  config: ($config + {mediaType: "application/vnd.oci.image.config.v1+json"}),
		  layers: [$layer + {mediaType: "application/vnd.oci.image.layer.v1.tar"}]}' >"$d/manifest.json"
	manifest=$(oci_blob "$d" "$d/manifest.json")
	jq -cn --argjson m "$manifest" \
		'{schemaVersion: 2, manifests: [$m + {mediaType: "application/vnd.oci.image.manifest.v1+json",
		  annotations: {"org.opencontainers.image.ref.name": "latest"}}]}' >"$d/index.json"
	echo '{"imageLayoutVersion": "1.0.0"}' >"$d/oci-layout"
	tar -C "$d" -cf "$2" oci-layout index.json blobs
}

# oci_desc DIR DIGEST: {digest, size} of a blob.
oci_desc() {
	jq -cn --arg digest "sha256:$2" --argjson size "$(stat -c %s "$1/blobs/sha256/$2")" \
		'{digest: $digest, size: $size}'
}

# oci_blob DIR FILE: move FILE into the blobs; print its {digest, size}.
oci_blob() {
	local sum
	sum=$(sha256sum "$2" | cut -d' ' -f1)
	mv "$2" "$1/blobs/sha256/$sum"
	oci_desc "$1" "$sum"
}

ctr_() {
	ctr -a "$CTD_SOCK" -n "$CTD_NS" "$@"
}

# ctr_run MODE ID CMD...: `ctr run` with jfrun; MODE is --rm or -d.
ctr_run() {
	local mode=$1 id=$2
	shift 2
	ctr_ run "$mode" --runc-binary "$FILE_DIR/bin/jfrun" --runc-root "$CTD_JFROOT" \
		--fifo-dir "$FILE_DIR/fifo" --cgroup "$CTD_CGROUP/$id" "$CTD_IMAGE" "$id" "$@"
}

# jf_ctd ARGS...: jfrun on the state root the shim uses.
jf_ctd() {
	"$JFRUN" --root "$CTD_JFROOT/$CTD_NS" "$@"
}

# ka_sleepers: how many "sleep 1000" the container ka runs.
ka_sleepers() {
	local pid n=0
	for pid in $(jf_ctd ps --format json ka 2>/dev/null | jq -r '.[]'); do
		[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" = "sleep 1000 " ] && n=$((n + 1))
	done
	echo "$n"
}
ka_sleepers_are() { [ "$(ka_sleepers)" = "$1" ]; }

# task_status ID: the task's status as ctr lists it (RUNNING, STOPPED, ...).
task_status() {
	ctr_ task ls | awk -v id="$1" '$1 == id {print $3}'
}

task_status_is() { [ "$(task_status "$1")" = "$2" ]; }

# wait_task ID STATUS: poll (WAIT_BOUND, lib.sh).
wait_task() {
	poll task_status_is "$1" "$2" ||
		fail "task $1 never reached $2 (now: $(task_status "$1"))"
}

# task_pid ID: the pid of the task's init, once containerd lists it.
task_pid() {
	poll task_listed "$1" || fail "task $1 is not listed: $(ctr_ task ls)"
	ctr_ task ls | awk -v id="$1" '$1 == id {print $2}'
}
task_listed() { [ -n "$(ctr_ task ls | awk -v id="$1" '$1 == id && $2 > 0')" ]; }

ctd_left() {
	echo "$(ctr_ containers ls -q)$(ctr_ task ls -q)$(state_root_left "$CTD_JFROOT/$CTD_NS")$(clients_cgroups_below "$CTD_CGROUP")"
}
not_a_dir() { [ ! -d "$1" ]; }
ctd_empty() { [ -z "$(ctd_left)" ]; }

# ctd_nothing_left: no container or task in containerd, no state in jfrun's
# root, no container cgroup (the shim may still be exiting: poll).
ctd_nothing_left() {
	poll ctd_empty || fail "left behind: $(ctd_left)"
}

# Every test starts with this: what it leaves is removed when it ends, so
# that one failure does not fail the tests after it.
ctd_cleanup_on_exit() {
	trap ctd_cleanup EXIT
}

ctd_cleanup() {
	local id
	for id in $(ctr_ containers ls -q 2>/dev/null); do
		ctr_ task kill -s KILL "$id" >/dev/null 2>&1 || true
		ctr_ task delete -f "$id" >/dev/null 2>&1 || true
		ctr_ containers delete "$id" >/dev/null 2>&1 || true
	done
	for id in $(ls "$CTD_JFROOT/$CTD_NS" 2>/dev/null); do
		jf_ctd delete --force "$id" >/dev/null 2>&1 || true
	done
}

test_ctr_run_rm_echo() {
	ctd_cleanup_on_exit
	OUT=$(ctr_run --rm r1 echo hello from containerd) || fail "ctr run: $OUT"
	assert_eq "$OUT" "hello from containerd"
	ctd_nothing_left
}

test_ctr_run_returns_exit_code() {
	ctd_cleanup_on_exit
	set +e
	ctr_run --rm r2 sh -c 'exit 3'
	local rc=$?
	set -e
	assert_eq "$rc" 3 "exit code of ctr run"
	ctd_nothing_left
}

test_ctr_run_detached() {
	ctd_cleanup_on_exit
	ctr_run -d d1 sleep 1000
	assert_eq "$(task_status d1)" RUNNING "task status"
	assert_eq "$(jf_ctd state d1 | jq -r .status)" running "jfrun's status"
	assert_eq "$(jf_ctd state d1 | jq -r .pid)" "$(ctr_ task ls | awk '$1 == "d1" {print $2}')" \
		"the pid jfrun and containerd know"
	ctr_ task kill -s KILL d1
	wait_task d1 STOPPED
	ctr_ task delete d1 >/dev/null
	ctr_ containers delete d1
	ctd_nothing_left
}

test_ctr_task_exec() {
	ctd_cleanup_on_exit
	ctr_run -d x1 sleep 1000
	wait_comm "$(task_pid x1)" sleep
	OUT=$(ctr_ task exec --exec-id e1 --fifo-dir "$FILE_DIR/fifo" x1 sh -c 'echo in-exec $(cat /proc/1/comm)')
	assert_eq "$OUT" "in-exec sleep" "exec output (pid 1 is the container's init)"
	set +e
	ctr_ task exec --exec-id e2 --fifo-dir "$FILE_DIR/fifo" x1 sh -c 'exit 5'
	local rc=$?
	set -e
	assert_eq "$rc" 5 "exit code of task exec"
	ctr_ task kill -s KILL x1
	wait_task x1 STOPPED
	ctr_ task delete x1 >/dev/null
	ctr_ containers delete x1
	ctd_nothing_left
}

# The default signal, TERM, reaches the container's init; it exits with 7.
test_ctr_task_kill() {
	ctd_cleanup_on_exit
	ctr_run -d k1 sh -c 'trap "exit 7" TERM; sleep 1000 & wait'
	wait_signal_caught "$(task_pid k1)" 15
	ctr_ task kill k1
	wait_task k1 STOPPED
	OUT=$(ctr_ task delete k1 2>&1)
	assert_contains "$OUT" "exit code 7" "ctr task delete"
	ctr_ containers delete k1
	ctd_nothing_left
}

# `--all` must reach every process: the init ignores TERM, its two
# children do not; without --all only the init would get it.
test_ctr_task_kill_all() {
	ctd_cleanup_on_exit
	ctr_run -d ka sh -c 'sleep 1000 & sleep 1000 & trap "" TERM; while :; do sleep 3600; done'
	poll ka_sleepers_are 2 || assert_eq "$(ka_sleepers)" 2 "children before the kill"
	ctr_ task kill --all -s TERM ka
	poll ka_sleepers_are 0 ||
		assert_eq "$(ka_sleepers)" 0 "children left running after kill --all -s TERM"
	assert_eq "$(task_status ka)" RUNNING "task after TERM (its init ignores it)"
	ctr_ task kill --all -s KILL ka
	wait_task ka STOPPED
	ctr_ task delete ka >/dev/null 2>&1
	ctr_ containers delete ka
	ctd_nothing_left
}

test_ctr_task_delete() {
	ctd_cleanup_on_exit
	ctr_run -d t1 sleep 1000
	ctr_ task kill -s KILL t1
	wait_task t1 STOPPED
	ctr_ task delete t1 >/dev/null 2>&1
	[ -z "$(task_status t1)" ] || fail "task t1 still listed: $(task_status t1)"
	expect_fail "jfrun state after task delete" jf_ctd state t1
	ctr_ containers delete t1
	ctd_nothing_left
}

test_ctr_task_pause_resume() {
	ctd_cleanup_on_exit
	ctr_run -d pz sleep 1000
	ctr_ task pause pz
	assert_eq "$(task_status pz)" PAUSED "task status after pause"
	assert_eq "$(jf_ctd state pz | jq -r .status)" paused "jfrun's status after pause"
	ctr_ task resume pz
	assert_eq "$(task_status pz)" RUNNING "task status after resume"
	ctr_ task kill -s KILL pz
	wait_task pz STOPPED
	ctr_ task delete pz >/dev/null 2>&1
	ctr_ containers delete pz
	ctd_nothing_left
}

# `ctr task ps` lists the container's processes (jfrun ps --format json).
ps1_lists() { [ "$(ctr_ task ps ps1 | tail -n +2 | wc -l)" -eq "$1" ]; }
test_ctr_task_ps() {
	ctd_cleanup_on_exit
	ctr_run -d ps1 sh -c 'sleep 1000 & sleep 1000'
	# Until sh has forked its background sleep and exec'd the other.
	poll ps1_lists 2 ||
		assert_eq "$(ctr_ task ps ps1 | tail -n +2 | wc -l)" 2 "processes listed by ctr task ps"
	ctr_ task kill -s KILL ps1
	wait_task ps1 STOPPED
	ctr_ task delete ps1 >/dev/null 2>&1
	ctr_ containers delete ps1
	ctd_nothing_left
}

# contrib/containerd/config.toml is a config containerd reads, with a
# runtime "jfrun" whose BinaryName is jfrun.
test_ctr_contrib_config_names_jfrun() {
	OUT=$(containerd --config contrib/containerd/config.toml config dump 2>&1) ||
		fail "containerd rejects contrib/containerd/config.toml: $OUT"
	assert_contains "$OUT" 'runtimes.jfrun.options]' "config dump"
	assert_contains "$OUT" 'BinaryName = "/usr/local/bin/jfrun"' "config dump"
}

# A task asking for a jfrun feature gets a sidecar (src/shim/sidecar.h),
# not its parent (containerd's shim is), gone with the task.
test_ctr_sidecar_exits_with_the_task() {
	local side init i
	ctd_cleanup_on_exit
	ctr_ run -d --annotation org.jfrun.proc.virtualize=true --runc-binary "$FILE_DIR/bin/jfrun" \
		--runc-root "$CTD_JFROOT" --fifo-dir "$FILE_DIR/fifo" --cgroup "$CTD_CGROUP/sc1" \
		"$CTD_IMAGE" sc1 sleep 1000
	side=$(cut -d' ' -f1 "$CTD_JFROOT/$CTD_NS/sc1/sidecar.pid")
	assert_eq "$(cat "/proc/$side/comm")" jfrun-sidecar "the sidecar"
	init=$(jf_ctd state sc1 | jq -r .pid)
	[ "$(awk '/^PPid/ {print $2}' "/proc/$init/status")" != "$side" ] ||
		fail "the sidecar is the init's parent"
	ctr_ task kill -s KILL sc1
	wait_task sc1 STOPPED
	poll not_a_dir "/proc/$side" || fail "the sidecar outlived its task"
	# It recorded the end containerd's shim reaped, with jfrun's reason.
	assert_eq "$(jf_ctd state sc1 | jq -c .exit)" '{"code":137,"signal":9,"reason":"stopped"}' "state's exit"
	ctr_ task delete sc1 >/dev/null
	ctr_ containers delete sc1
	ctd_nothing_left
}

# The /proc views under containerd: create mounts them, the sidecar
# refreshes them (tests/integration/procviews.sh has the rest).
test_ctr_proc_views() {
	local u1 u2 i
	ctd_cleanup_on_exit
	ctr_ run -d --annotation org.jfrun.proc.virtualize=true --memory-limit 268435456 \
		--runc-binary "$FILE_DIR/bin/jfrun" --runc-root "$CTD_JFROOT" \
		--fifo-dir "$FILE_DIR/fifo" --cgroup "$CTD_CGROUP/pv1" \
		"$CTD_IMAGE" pv1 sleep 1000
	in_pv1() {
		ctr_ task exec --exec-id "e$RANDOM" --fifo-dir "$FILE_DIR/fifo" pv1 "$@"
	}
	OUT=$(in_pv1 head -1 /proc/meminfo)
	assert_eq "$(echo $OUT)" "MemTotal: 262144 kB" "MemTotal under --memory-limit 256 MiB"
	u1=$(in_pv1 cat /proc/uptime)
	for i in $(seq 1 100); do
		u2=$(in_pv1 cat /proc/uptime)
		[ "$u2" != "$u1" ] && break
		sleep 0.1
	done
	[ "$u2" != "$u1" ] || fail "uptime stayed $u1 for 10 s under containerd"
	ctr_ task kill -s KILL pv1
	wait_task pv1 STOPPED
	ctr_ task delete pv1 >/dev/null
	ctr_ containers delete pv1
	ctd_nothing_left
}
