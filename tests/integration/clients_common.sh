# Helpers shared by clients_podman.sh, clients_containerd.sh and
# clients_docker.sh (sourced by them; this file has no tests of its own).
#
# They drive jfrun through a real container manager, so they share:
# installing the manager from Debian, the runtime binary the manager is
# given, starting and stopping a manager's daemon, and the cleanup of what
# a manager leaves outside $FILE_DIR.

# clients_install COMMAND PACKAGE...: install PACKAGEs from Debian unless
# COMMAND is already there; skip the file only when that is impossible.
clients_install() {
	local cmd=$1 log=$FILE_DIR/apt.log
	shift
	command -v "$cmd" >/dev/null && return 0
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1 ||
		{ apt-get update -qq >>"$log" 2>&1 &&
			apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1; } ||
		skip "cannot install $* from Debian: $(tail -1 "$log")"
	command -v "$cmd" >/dev/null || skip "$cmd still missing after installing $*"
}

# clients_runtime [ROOT]: $FILE_DIR/bin/jfrun, the runtime the manager runs.
# It is $JFRUN with this run's sanitizer options (conmon passes the runtime
# a clean environment; under jfrun-san, LeakSanitizer would otherwise run
# at exit inside the container's pid namespace and hang), and with its
# own state root when ROOT is given (nothing can be left in /run/jfrun).
clients_runtime() {
	local root=${1:-}
	mkdir -p "$FILE_DIR/bin"
	{
		echo '#!/bin/sh'
		[ -z "${ASAN_OPTIONS:-}" ] || echo "export ASAN_OPTIONS='$ASAN_OPTIONS'"
		[ -z "${UBSAN_OPTIONS:-}" ] || echo "export UBSAN_OPTIONS='$UBSAN_OPTIONS'"
		if [ -n "$root" ]; then
			echo "exec '$JFRUN' --root '$root' \"\$@\""
		else
			echo "exec '$JFRUN' \"\$@\""
		fi
	} >"$FILE_DIR/bin/jfrun"
	chmod +x "$FILE_DIR/bin/jfrun"
}

# clients_daemon_start NAME CMD...: run a manager's daemon CMD in the
# background, output in $FILE_DIR/NAME.log, its pid in $FILE_DIR/NAME.pid.own.
clients_daemon_start() {
	local name=$1
	shift
	"$@" </dev/null >"$FILE_DIR/$name.log" 2>&1 &
	echo $! >"$FILE_DIR/$name.pid.own"
}

# clients_daemon_wait NAME WHERE SECONDS PROBE...: poll PROBE until it
# succeeds; fail when the daemon exits or after SECONDS.
clients_daemon_wait() {
	local name=$1 where=$2 secs=$3 i pid
	shift 3
	pid=$(cat "$FILE_DIR/$name.pid.own")
	for i in $(seq $((secs * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null ||
			fail "$name exited: $(tail -3 "$FILE_DIR/$name.log")"
		sleep 0.1
	done
	fail "$name did not answer on $where in $secs s"
}

# clients_daemon_stop NAME SECONDS: SIGTERM the daemon, SIGKILL it if it
# is still there after SECONDS.
clients_daemon_stop() {
	local i pid
	pid=$(cat "$FILE_DIR/$1.pid.own")
	kill "$pid" 2>/dev/null || true
	for i in $(seq $(($2 * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

# clients_pids: processes whose command line mentions $FILE_DIR (conmon,
# podman's cleanup processes, containerd and its shims).
clients_pids() {
	# Expanded here, not in grep's process: grep itself is not listed.
	local files=(/proc/[0-9]*/cmdline)
	grep -laF "$FILE_DIR" "${files[@]}" 2>/dev/null |
		sed -n 's|^/proc/\([0-9]*\)/cmdline$|\1|p' | grep -vx "$BASHPID" || true
}

# clients_stop_pids: let those processes finish (10 s), then kill them, by pid.
clients_stop_pids() {
	local i pids
	for i in $(seq 100); do
		pids=$(clients_pids)
		[ -n "$pids" ] || return 0
		sleep 0.1
	done
	kill -9 $pids 2>/dev/null || true
}

# clients_umount: every mount under $FILE_DIR, deepest first.
clients_umount() {
	grep -F "$FILE_DIR" /proc/self/mountinfo | awk '{print $5}' | sort -r |
		xargs -r -n1 umount -l 2>/dev/null || true
}

# clients_rm_cgroups PARENT: the cgroup PARENT (a path such as /jfrun-pm-x)
# and everything below it, in every hierarchy, deepest first.  Only empty
# cgroups can be removed: a live one stays.
clients_rm_cgroups() {
	local d
	[ -n "$1" ] && [ "$1" != / ] || return 0
	for d in /sys/fs/cgroup/*/"$1" /sys/fs/cgroup/"$1"; do
		[ -d "$d" ] || continue
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
	done
}

# clients_cgroups_below PARENT: the cgroups left below PARENT.
clients_cgroups_below() {
	local d
	for d in /sys/fs/cgroup/*/"$1" /sys/fs/cgroup/"$1"; do
		[ -d "$d" ] && find "$d" -mindepth 1 -type d
	done
	return 0
}
