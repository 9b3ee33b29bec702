# Docker (Debian's docker.io 20.10) with jfrun as a runtime.
#
# One dockerd per file, started by file_setup with its data root, exec
# root, pid file, socket and trust key in $FILE_DIR, no bridge, iptables or
# masquerading, and contrib/docker/daemon.json as its config (the runtime's
# path pointed at this run's jfrun); it starts its own containerd, whose
# runc shim runs jfrun with `--root <exec-root>/runtime-runc/moby` (20.10
# names that directory after runc whatever the runtime).
# Containers go below the cgroup parent $DK_CGROUP, removed at the end.
# The image is imported from bundles/busybox's rootfs.  file_teardown stops
# dockerd by its pid (it stops its containerd), then what is left of theirs.

source tests/integration/clients_common.sh

DK_SOCK=$FILE_DIR/docker.sock
DK_IMAGE=localhost/jfrun-busybox
DK_JFROOT=$FILE_DIR/exec/runtime-runc/moby
DK_CGROUP=/jfrun-dk-${FILE_DIR##*.}

file_setup() {
	clients_install dockerd docker.io
	[ -x /usr/bin/docker ] || skip "no /usr/bin/docker (Debian's docker.io client)"
	clients_runtime
	# dockerd makes these whatever its flags say: removed at the end if
	# they are ours.
	[ -d /run/docker ] || touch "$FILE_DIR/made-run-docker"
	[ -d /run/containerd ] || touch "$FILE_DIR/made-run-containerd"
	# (its trust key would go to /etc/docker/key.json)
	jq --arg path "$FILE_DIR/bin/jfrun" --arg key "$FILE_DIR/key.json" \
		'.runtimes.jfrun.path = $path | .["deprecated-key-path"] = $key' \
		"$REPO/contrib/docker/daemon.json" >"$FILE_DIR/daemon.json"
	clients_daemon_start dockerd \
		dockerd --config-file "$FILE_DIR/daemon.json" --data-root "$FILE_DIR/data" \
		--exec-root "$FILE_DIR/exec" --pidfile "$FILE_DIR/dockerd.pid" \
		-H "unix://$DK_SOCK" \
		--bridge=none --iptables=false --ip-masq=false --ip-forward=false \
		--cgroup-parent "$DK_CGROUP" --default-runtime jfrun
	clients_daemon_wait dockerd "$DK_SOCK" 30 dk version
	tar -C "$BUSYBOX_BUNDLE/rootfs" -c . | dk import - "$DK_IMAGE" >/dev/null
}

file_teardown() {
	[ -f "$FILE_DIR/dockerd.pid.own" ] || return 0
	dk_cleanup
	clients_daemon_stop dockerd 10
	clients_stop_pids # its containerd and shims, once they are gone
	clients_umount
	clients_rm_cgroups "$DK_CGROUP"
	# Ours, and no other dockerd or containerd has come since.
	if [ -f "$FILE_DIR/made-run-docker" ] && ! pgrep -x dockerd >/dev/null; then
		rm -rf /run/docker
	fi
	if [ -f "$FILE_DIR/made-run-containerd" ] && [ -d /run/containerd ] &&
		! pgrep -x containerd >/dev/null; then
		rm -rf /run/containerd
	fi
}

# dk ARGS...: Debian's docker client (not another docker on the PATH).
dk() {
	/usr/bin/docker -H "unix://$DK_SOCK" "$@"
}

# jf_dk ARGS...: jfrun on the state root Docker's shim gives it.
jf_dk() {
	"$JFRUN" --root "$DK_JFROOT" "$@"
}

# Every test starts with this: its containers are removed when it ends.
dk_cleanup_on_exit() {
	trap dk_cleanup EXIT
}

dk_cleanup() {
	local id
	for id in $(dk ps -aq 2>/dev/null); do
		dk rm -f "$id" >/dev/null 2>&1 || true
	done
	for id in $(ls "$DK_JFROOT" 2>/dev/null); do
		jf_dk delete --force "$id" >/dev/null 2>&1 || true
	done
}

# dk_nothing_left: no container in Docker, no state in jfrun's root, no
# container cgroup (the shim may still be exiting: 5 s).
dk_nothing_left() {
	local i left
	for i in $(seq 50); do
		left="$(dk ps -aq)$(state_root_left "$DK_JFROOT")$(clients_cgroups_below "$DK_CGROUP")"
		[ -n "$left" ] || return 0
		sleep 0.1
	done
	fail "left behind: $left"
}

# dk_cgroup_file NAME V1-CONTROLLER V1-FILE V2-FILE: a file of the
# container's cgroup, where this host keeps it.
dk_cgroup_file() {
	local id
	id=$(dk inspect -f '{{.Id}}' "$1")
	if [ -d "/sys/fs/cgroup/$2" ]; then
		echo "/sys/fs/cgroup/$2$DK_CGROUP/$id/$3"
	else
		echo "/sys/fs/cgroup$DK_CGROUP/$id/$4"
	fi
}

dk_pid() {
	dk inspect -f '{{.State.Pid}}' "$1"
}

test_docker_run_rm_prints_output() {
	dk_cleanup_on_exit
	OUT=$(dk run --rm "$DK_IMAGE" echo hello from docker 2>&1) || fail "docker run: $OUT"
	assert_eq "$OUT" "hello from docker"
	dk_nothing_left
}

test_docker_run_returns_exit_codes() {
	dk_cleanup_on_exit
	local rc
	set +e
	dk run --rm "$DK_IMAGE" sh -c 'exit 3'
	rc=$?
	set -e
	assert_eq "$rc" 3 "exit code of sh -c 'exit 3'"
	# The init is killed by a signal: 128 + 9.
	dk run -d --name k1 "$DK_IMAGE" sleep 1000 >/dev/null
	dk kill k1 >/dev/null
	assert_eq "$(dk wait k1)" 137 "exit code after docker kill (KILL)"
	dk rm k1 >/dev/null
	dk_nothing_left
}

test_docker_exec_and_logs() {
	dk_cleanup_on_exit
	dk run -d --name e1 "$DK_IMAGE" sh -c 'echo started; exec sleep 1000' >/dev/null
	wait_comm "$(dk_pid e1)" sleep
	assert_eq "$(jf_dk state "$(dk inspect -f '{{.Id}}' e1)" | jq -r .status)" running "jfrun's status"
	OUT=$(dk exec e1 sh -c 'echo in-exec $(cat /proc/1/comm)')
	assert_eq "$OUT" "in-exec sleep" "exec output (pid 1 is the container's init)"
	set +e
	dk exec e1 sh -c 'exit 5'
	local rc=$?
	set -e
	assert_eq "$rc" 5 "exit code of docker exec"
	assert_eq "$(dk logs e1)" started "docker logs"
	dk rm -f e1 >/dev/null
	dk_nothing_left
}

test_docker_pause_unpause() {
	dk_cleanup_on_exit
	dk run -d --name p1 "$DK_IMAGE" sh -c 'while :; do date +%s%N >/tmp/t; sleep 0.05; done' >/dev/null
	local id t1 t2
	id=$(dk inspect -f '{{.Id}}' p1)
	sleep 0.3
	dk pause p1 >/dev/null
	assert_eq "$(jf_dk state "$id" | jq -r .status)" paused "jfrun's status after docker pause"
	assert_eq "$(dk inspect -f '{{.State.Paused}}' p1)" true "docker's State.Paused"
	t1=$(cat "/proc/$(dk_pid p1)/root/tmp/t")
	sleep 0.3
	t2=$(cat "/proc/$(dk_pid p1)/root/tmp/t")
	assert_eq "$t2" "$t1" "the paused loop's clock"
	dk unpause p1 >/dev/null
	assert_eq "$(jf_dk state "$id" | jq -r .status)" running "jfrun's status after docker unpause"
	# The loop forks date and sleep every 50 ms; under ASan on a loaded
	# machine the first tick after the thaw can take seconds.
	local i
	for i in $(seq 100); do
		[ "$(cat "/proc/$(dk_pid p1)/root/tmp/t")" = "$t1" ] || break
		sleep 0.1
	done
	[ "$(cat "/proc/$(dk_pid p1)/root/tmp/t")" != "$t1" ] || fail "the loop did not go on within 10 s of unpause"
	dk rm -f p1 >/dev/null
	dk_nothing_left
}

# docker update sends the whole resources section, zeros for "unset"
# (blockIO weight 0 included): only the memory limits change.
test_docker_update_memory() {
	dk_cleanup_on_exit
	dk run -d --name u1 -m 64m --memory-swap 128m "$DK_IMAGE" sleep 1000 >/dev/null
	local f
	f=$(dk_cgroup_file u1 memory memory.limit_in_bytes memory.max)
	assert_eq "$(cat "$f")" 67108864 "memory limit before the update"
	dk update --memory 96m --memory-swap 200m u1 >/dev/null 2>"$TEST_DIR/err" ||
		fail "docker update: $(cat "$TEST_DIR/err")"
	assert_eq "$(cat "$f")" 100663296 "memory limit after docker update"
	assert_eq "$(dk inspect -f '{{.HostConfig.Memory}}' u1)" 100663296 "docker's HostConfig.Memory"
	dk rm -f u1 >/dev/null
	dk_nothing_left
}

# docker stop: TERM reaches the init, which traps it and exits with 7,
# long before stop's 10 s timeout would send KILL.
test_docker_stop_with_trapped_term() {
	dk_cleanup_on_exit
	dk run -d --name s1 "$DK_IMAGE" sh -c 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.1; done' >/dev/null
	wait_lines_docker s1 ready
	local t0 t1
	t0=$(date +%s)
	dk stop s1 >/dev/null
	t1=$(date +%s)
	[ $((t1 - t0)) -lt 8 ] || fail "docker stop took $((t1 - t0)) s: TERM was not handled"
	assert_eq "$(dk inspect -f '{{.State.ExitCode}}' s1)" 7 "exit code after docker stop"
	assert_contains "$(dk logs s1)" "got TERM" "docker logs"
	dk rm s1 >/dev/null
	dk_nothing_left
}

# wait_lines_docker NAME TEXT: docker logs NAME shows TEXT (10 s).
wait_lines_docker() {
	local i
	for i in $(seq 100); do
		dk logs "$1" 2>/dev/null | grep -q "$2" && return 0
		sleep 0.1
	done
	fail "$1 never printed $2: $(dk logs "$1" 2>&1)"
}

# -m with swap limited too: the kernel's OOM killer ends the container,
# and Docker reads that from the shim as OOMKilled.
test_docker_oom_kill_is_oomkilled() {
	if [ -d /sys/fs/cgroup/memory ]; then
		[ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ] ||
			[ -z "$(tail -n +2 /proc/swaps)" ] ||
			skip "swap is on without swap accounting: -m alone cannot force an OOM kill"
	elif ! grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
		skip "no memory cgroup controller on this host"
	fi
	dk_cleanup_on_exit
	local rc
	set +e
	dk run --name o1 -m 16m --memory-swap 16m "$DK_IMAGE" \
		sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived' >"$TEST_DIR/out" 2>&1
	rc=$?
	set -e
	assert_eq "$rc" 137 "exit code of the OOM-killed container ($(cat "$TEST_DIR/out"))"
	assert_eq "$(dk inspect -f '{{.State.OOMKilled}}' o1)" true "docker's State.OOMKilled"
	dk rm o1 >/dev/null
	dk_nothing_left
}

test_docker_pids_limit() {
	dk_cleanup_on_exit
	dk run -d --name l1 --pids-limit 5 "$DK_IMAGE" sleep 1000 >/dev/null
	assert_eq "$(cat "$(dk_cgroup_file l1 pids pids.max pids.max)")" 5 "pids.max"
	# Four sleeps and the shell fill it: the next fork fails.
	OUT=$(dk exec l1 sh -c 'sleep 100 & sleep 100 & sleep 100 & sleep 100 & echo more' 2>&1) && true
	assert_contains "$OUT" "fork" "a fork beyond --pids-limit"
	dk rm -f l1 >/dev/null
	dk_nothing_left
}

test_docker_cap_drop_all() {
	dk_cleanup_on_exit
	OUT=$(dk run --rm --cap-drop ALL "$DK_IMAGE" sh -c 'grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status')
	assert_eq "$(echo "$OUT" | awk '{print $2}' | sort -u)" 0000000000000000 "capabilities: $OUT"
	dk_nothing_left
}

test_docker_read_only() {
	dk_cleanup_on_exit
	OUT=$(dk run --rm --read-only "$DK_IMAGE" sh -c 'touch /x 2>&1; echo rc=$?')
	assert_contains "$OUT" "Read-only file system"
	assert_contains "$OUT" "rc=1"
	dk_nothing_left
}

# -t: the runtime gets a console socket and hands the pty to the shim.
test_docker_run_t_has_a_tty() {
	command -v script >/dev/null || skip "no script(1) (bsdutils) to give docker a terminal"
	dk_cleanup_on_exit
	OUT=$(script -qec "/usr/bin/docker -H unix://$DK_SOCK run --rm -t $DK_IMAGE sh -c 'tty; [ -t 0 ] && echo isatty'" /dev/null | tr -d '\r')
	assert_contains "$OUT" "/dev/pts/0"
	assert_contains "$OUT" "isatty"
	dk_nothing_left
}
