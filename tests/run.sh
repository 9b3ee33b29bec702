#!/bin/bash
# Integration tests: real containers, as root, on the busybox bundle.
#
#   bash tests/run.sh [FILTER]        (JFRUN=/path/to/jfrun to pick a binary)
#
# FILTER: a substring of test function names, or a file's name (exec.sh).
#
# Each tests/integration/*.sh defines functions named test_*; every one
# runs in its own process group and session (setsid), in its own temp dir.
# Its result is its exit status: 0 passed, 77 skipped, anything else failed.
# A test that runs longer than its timeout (TEST_TIMEOUT seconds, 120 by
# default, 300 for the clients_* files; a file may raise it for its tests
# with a line "# test-timeout: N")
# is killed with its whole process group and fails; so does one that leaves
# a process of its group running (it is killed).  The file hooks have the
# same timeout.  The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."

# --one FILE FUNCTION: run one test (or hook) in this process; run.sh
# starts it with setsid, so the process group is the test's alone.
if [ "${1:-}" = --one ]; then
	set -eE
	source tests/lib.sh
	source "$2"
	trap 'why_command_failed $? "$BASH_COMMAND"' ERR
	if [ "$3" = file_setup ] || [ "$3" = file_teardown ]; then
		if declare -F "$3" >/dev/null; then "$3"; fi
		exit 0
	fi
	mkdir -p "$ROOT"
	new_bundle
	"$3"
	nothing_left
	exit 0
fi

filter=${1:-}
export JFRUN=${JFRUN:-$PWD/jfrun}
pass=0 failed=0 skipped=0
failures=()
TEST_TIMEOUT=${TEST_TIMEOUT:-120}

# A descriptor that never has data: `read -t` on it sleeps without a fork.
exec {never}<> <(:)

# grouped TIMEOUT LOG KEEP CMD...: run CMD in a session and process group of
# its own, stdout and stderr to LOG; kill the group at TIMEOUT seconds.
# Sets RC, TIMED_OUT (1 when it was killed for it) and LEFT (the processes of the group still running
# after CMD ended: killed unless KEEP=keep, as daemons a file_setup starts).
grouped() {
	local timeout=$1 log=$2 keep=$3 pid stat start=$SECONDS
	shift 3
	setsid "$@" >"$log" 2>&1 </dev/null &
	pid=$!
	CURRENT=$pid
	RC= LEFT= TIMED_OUT=
	while :; do
		stat=
		read -r stat 2>/dev/null </proc/$pid/stat || true
		stat=${stat##*) }
		case $stat in "" | Z*) break ;; esac
		if [ $((SECONDS - start)) -ge "$timeout" ]; then
			kill -KILL -- -"$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			RC=124 TIMED_OUT=1
			return
		fi
		read -r -t 0.1 -u "$never" || true
	done
	wait "$pid" 2>/dev/null
	RC=$?
	[ "$keep" = keep ] && return
	# (Zombies are not running: their parent, gone or not, reaps them.)
	LEFT=$(ps -e -o pid=,pgid=,stat=,args= 2>/dev/null |
		awk -v g="$pid" '$2 == g && $3 !~ /^Z/ {print $1, $4, $5, $6}' | tr '\n' ';')
	[ -z "$LEFT" ] || kill -KILL -- -"$pid" 2>/dev/null || true
}

# The timeout of the tests of FILE: "# test-timeout: N" in it, if longer;
# the clients' files (podman, containerd: a manager's start-up) 300 s.
file_timeout() {
	local t
	t=$(grep -m1 -oE '^# test-timeout: [0-9]+' "$1" | grep -oE '[0-9]+$' || true)
	case ${t:-${1##*/}} in clients_*) t=300 ;; esac
	if [ -n "$t" ] && [ "$t" -gt "$TEST_TIMEOUT" ]; then echo "$t"; else echo "$TEST_TIMEOUT"; fi
}

if [ "$(id -u)" != 0 ]; then
	echo "integration tests need root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

# Optional per-file hooks: a test file may define file_setup and
# file_teardown.  They run once, around the file's selected tests, with
# $FILE_DIR: a directory the file's tests share, removed after
# file_teardown (which also runs on ^C).  When file_setup skips (exit 77) or
# fails, every test of the file is reported as skipped or failed with its
# reason.
FILE_DIR= hook_file= setup_rc=0
export FILE_DIR
file_hook() { # HOOK
	local log=$FILE_DIR/.hook.log
	grouped "$(file_timeout "$hook_file")" "$log" keep \
		env TEST_DIR="$FILE_DIR" bash tests/run.sh --one "$hook_file" "$1"
	cat "$log" >>"$FILE_DIR/.hooks.log"
	[ -z "$TIMED_OUT" ] || echo "$1 timed out after $(file_timeout "$hook_file") s (killed)" >"$FILE_DIR/.why"
	return "$RC"
}
file_begin() { # FILE
	setup_rc=0
	grep -qE '^file_(setup|teardown)\(\)' "$1" || return 0
	FILE_DIR=$(mktemp -d /tmp/jfrun-file.XXXXXX)
	hook_file=$1
	file_hook file_setup
	setup_rc=$?
}
file_end() {
	[ -n "$FILE_DIR" ] || return 0
	file_hook file_teardown ||
		echo "WARN $hook_file: file_teardown: $(tail -3 "$FILE_DIR/.hooks.log" | tr '\n' ' ')"
	rm -rf "$FILE_DIR"
	FILE_DIR=
}
# ^C or a TERM: the running test (its own session: the terminal's ^C does
# not reach it) is killed with its group, then the file's teardown runs.
CURRENT=
trap file_end EXIT
trap '[ -z "$CURRENT" ] || kill -KILL -- -"$CURRENT" 2>/dev/null; exit 130' INT TERM

run_test() {
	local file=$1 name=$2 dir rc why cg
	if [ "$setup_rc" -ne 0 ]; then
		why=$(cat "$FILE_DIR/.why" 2>/dev/null ||
			{ cat "$FILE_DIR/.why-cmd" 2>/dev/null; tail -3 "$FILE_DIR/.hooks.log"; } | tr '\n' ' ')
		if [ "$setup_rc" -eq 77 ]; then
			echo "SKIP $name: $why"; skipped=$((skipped + 1))
		else
			echo "FAIL $name: file_setup: $why"; failed=$((failed + 1)); failures+=("$name")
		fi
		return
	fi
	dir=$(mktemp -d /tmp/jfrun-test.XXXXXX)
	grouped "$(file_timeout "$file")" "$dir/.log" kill \
		env TEST_DIR="$dir" ROOT="$dir/root" BUNDLE="$dir/bundle" \
		bash tests/run.sh --one "$file" "$name"
	rc=$RC
	# fail's reason; else the command set -e stopped at and the last
	# lines of the output (its stderr), or these alone.
	why=$(cat "$dir/.why" 2>/dev/null ||
		{ cat "$dir/.why-cmd" 2>/dev/null; tail -3 "$dir/.log"; } | tr '\n' ' ')
	if [ -n "$TIMED_OUT" ]; then
		why="timed out after $(file_timeout "$file") s (killed); last output: $(tail -3 "$dir/.log" | tr '\n' ' ')"
	elif [ "$rc" -gt 128 ] && [ "$rc" -ne 255 ]; then
		why="killed by signal $((rc - 128)) (SIG$(kill -l $((rc - 128)) 2>/dev/null))${why:+; last output: $why}"
	elif [ -n "$LEFT" ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; }; then
		why="left processes running (killed): $LEFT"
		rc=1
	elif [ -n "$LEFT" ]; then
		why="$why (and left processes running, killed: $LEFT)"
	fi
	# Whatever a failed test left running is cleaned up here.
	if [ -d "$dir/root" ]; then
		for id in $(ls "$dir/root" 2>/dev/null); do
			"$JFRUN" --root "$dir/root" delete --force "$id" >/dev/null 2>&1
		done
	fi
	grep "$dir" /proc/self/mountinfo | awk '{print $5}' | sort -r |
		xargs -r -n1 umount -l 2>/dev/null
	# The test's cgroup parent (lib.sh's CG_PARENT), deepest first.
	for cg in /sys/fs/cgroup/*/jfrun-test-"${dir##*.}" /sys/fs/cgroup/jfrun-test-"${dir##*.}"; do
		[ -d "$cg" ] || continue
		find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
		[ ! -d "$cg" ] || echo "WARN $name: cgroup $cg could not be removed"
	done
	case $rc in
	0) echo "PASS $name"; pass=$((pass + 1)) ;;
	77) echo "SKIP $name: $why"; skipped=$((skipped + 1)) ;;
	*) echo "FAIL $name: $why"; failed=$((failed + 1)); failures+=("$name") ;;
	esac
	rm -rf "$dir"
}

for file in tests/integration/*.sh; do
	names=()
	for name in $(grep -oE '^test_[a-z0-9_]+' "$file"); do
		[ -z "$filter" ] || [[ $name == *$filter* ]] || [ "${file##*/}" = "$filter" ] || continue
		names+=("$name")
	done
	[ ${#names[@]} -gt 0 ] || continue
	file_begin "$file"
	for name in "${names[@]}"; do
		run_test "$file" "$name"
	done
	file_end
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
