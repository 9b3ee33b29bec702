# Shared helpers for the integration tests (sourced by tests/run.sh).
#
# Every test runs in its own subshell with its own state root ($ROOT) and
# bundle ($BUNDLE, a copy of bundles/busybox).  After it, the runner checks
# that nothing was left behind: no container in $ROOT, no mount under the
# test's directory, no cgroup named after the test's containers.

: "${JFRUN:=$PWD/jfrun}"
REPO=$PWD
BUSYBOX_BUNDLE=$REPO/bundles/busybox

# fail MESSAGE: end the test as failed.
fail() {
	echo "$*" >"$TEST_DIR/.why"
	exit 1
}

# skip REASON: end the test as skipped (something this host lacks).
skip() {
	echo "$*" >"$TEST_DIR/.why"
	exit 77
}

# The ERR trap of a test (run.sh): a command that fails where set -e ends
# the test leaves its text, exit code and place in .why-cmd, for the reason
# the runner prints (with the last lines of the test's output: that
# command's stderr).  Failures in subshells and command substitutions,
# where set -e does not apply, are left to whatever their result breaks.
why_command_failed() {
	local cmd=$2
	[ "$BASH_SUBSHELL" -eq 0 ] && [ ! -e "$TEST_DIR/.why" ] || return 0
	[ "$cmd" != 'return "$jf_rc"' ] || cmd=$JF_FAILED
	echo "\`$cmd\` exited $1 (${BASH_SOURCE[1]##*/}:${BASH_LINENO[0]}):" >"$TEST_DIR/.why-cmd"
}

# jf_quiet ARGS...: jf with its output set aside (stdin from /dev/null);
# when it fails, the test fails with jfrun's stderr.
jf_quiet() {
	jf "$@" </dev/null >"$TEST_DIR/quiet.out" 2>"$TEST_DIR/quiet.err" ||
		fail "jfrun $* exited $?: $(cat "$TEST_DIR/quiet.err")"
}

# jf ARGS...: jfrun with this test's state root.  Its arguments are noted:
# nothing_left looks for cgroups named after them (the test's container ids).
jf() {
	printf '%s\n' "$@" >>"$TEST_DIR/.jf-args"
	"$JFRUN" --root "$ROOT" "$@" && return
	# A failure is the caller's: the ERR trap names `jf ARGS` there.
	local jf_rc=$?
	JF_FAILED="jf $*"
	return "$jf_rc"
}

# A container without linux.cgroupsPath gets the cgroup <parent>/<id>: the
# parent is this test's own, CG_PARENT, not /jfrun (the test hook
# JFRUN_TEST_CGROUP_PARENT, src/cgroup/path.c), so that test runs side by
# side (two worktrees, make check beside one file's tests) never meet in
# /jfrun/c1 whatever ids they use.  The runner removes it after the test.
CG_PARENT=/jfrun-test-${TEST_DIR##*.}
export JFRUN_TEST_CGROUP_PARENT=$CG_PARENT

# cgroup_parent_default: this file's tests look for /jfrun/<id> themselves
# (with ids unique to the test): the default parent is theirs.
cgroup_parent_default() {
	CG_PARENT=/jfrun
	unset JFRUN_TEST_CGROUP_PARENT
}

# The cgroups below CG_PARENT, in every hierarchy.
cgroups_below_parent() {
	local d
	[ "$CG_PARENT" != /jfrun ] || return 0
	for d in /sys/fs/cgroup/*"$CG_PARENT" /sys/fs/cgroup"$CG_PARENT"; do
		[ -d "$d" ] && find "$d" -mindepth 1 -type d
	done
	return 0
}

# The container cgroups under the default parent /jfrun, in every hierarchy.
jfrun_cgroups() {
	local d
	for d in /sys/fs/cgroup/*/jfrun/*/ /sys/fs/cgroup/jfrun/*/; do
		[ -d "$d" ] && echo "${d%/}"
	done
	return 0
}
# Those that existed before the test are not its own.
CGROUPS_BEFORE=$(jfrun_cgroups)

# new_bundle [DIR]: a fresh copy of the busybox bundle (default $BUNDLE).
new_bundle() {
	local dir=${1:-$BUNDLE}
	mkdir -p "$dir"
	cp -a "$BUSYBOX_BUNDLE/rootfs" "$dir/rootfs"
	jq '.process.terminal = false | .root.readonly = false' "$BUSYBOX_BUNDLE/config.json" >"$dir/config.json"
}

# cfg JQ-EXPR [DIR]: edit the bundle's config.json in place.
cfg() {
	local dir=${2:-$BUNDLE}
	jq "$1" "$dir/config.json" >"$dir/config.json.new" || fail "jq: $1"
	mv "$dir/config.json.new" "$dir/config.json"
}

# set_args ARG...: process.args of $BUNDLE.
set_args() {
	local json
	json=$(printf '%s\n' "$@" | jq -R . | jq -s .)
	cfg ".process.args = $json"
}

# run_ok ID: run $BUNDLE in the foreground; stdout in $OUT, stderr in $ERR.
run_ok() {
	jf run -b "$BUNDLE" "$1" >"$TEST_DIR/out" 2>"$TEST_DIR/err" ||
		fail "run $1 exited $?: $(cat "$TEST_DIR/err")"
	OUT=$(cat "$TEST_DIR/out")
	ERR=$(cat "$TEST_DIR/err")
}

# run_rc ID: run and keep the exit code in $RC (no failure).
run_rc() {
	set +e
	jf run -b "$BUNDLE" "$1" >"$TEST_DIR/out" 2>"$TEST_DIR/err"
	RC=$?
	set -e
	OUT=$(cat "$TEST_DIR/out")
	ERR=$(cat "$TEST_DIR/err")
}

# expect_fail WHAT CMD...: CMD must fail; its stderr is kept in $ERR.
expect_fail() {
	local what=$1
	shift
	set +e
	"$@" >"$TEST_DIR/out" 2>"$TEST_DIR/err"
	RC=$?
	set -e
	ERR=$(cat "$TEST_DIR/err")
	[ "$RC" -ne 0 ] || fail "$what: expected a failure, got exit 0"
}

# assert_contains HAYSTACK NEEDLE [WHAT]
assert_contains() {
	case $1 in
	*"$2"*) ;;
	*) fail "${3:-output}: expected to contain \"$2\", got: $1" ;;
	esac
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected \"$2\", got \"$1\""
}

# status_of ID: the status field of `jfrun state`.
status_of() {
	jf state "$1" | jq -r .status
}

# WAIT_BOUND: how long, in seconds, a test waits for what must happen.  A
# hang guard, never a timing assertion: generous, as a loaded machine
# running the ASan build is slow.
WAIT_BOUND=${WAIT_BOUND:-30}

# poll CMD...: run CMD until it succeeds (0) or WAIT_BOUND seconds passed (1).
poll() {
	local end=$((SECONDS + WAIT_BOUND))
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

has_lines() { [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ]; }

# wait_lines FILE N: poll until FILE has at least N lines.
wait_lines() {
	poll has_lines "$1" "$2" ||
		fail "$1 never reached $2 lines (has: $(cat "$1" 2>/dev/null | tr '\n' ' '))"
}

comm_is() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# A started container's init has written to the exec fifo, not yet exec'd
# (as with runc): tests that look at the process itself wait for it.
# wait_comm PID NAME: poll until /proc/PID/comm is NAME.
wait_comm() {
	[ -n "$1" ] || fail "wait_comm: no pid (to become $2)"
	poll comm_is "$1" "$2" ||
		fail "process $1 never became $2 (comm: $(cat "/proc/$1/comm" 2>&1))"
}

# signal_in PID FIELD SIGNUM: SIGNUM is set in /proc/PID/status's FIELD
# (SigCgt: a handler; SigBlk: blocked, e.g. for a signalfd).
signal_in() {
	local mask
	mask=$(awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null)
	[ -n "$mask" ] && [ $(((0x$mask >> ($3 - 1)) & 1)) -eq 1 ]
}

# wait_signal_caught PID SIGNUM [FIELD]: poll until it is: a signal
# sent before a shell's `trap` would hit the default action (ignored by
# pid 1), one sent before `jfrun run` blocks it would kill jfrun.
wait_signal_caught() {
	poll signal_in "$1" "${3:-SigCgt}" "$2" ||
		fail "process $1 never set ${3:-SigCgt} for signal $2"
}

status_is() { [ "$(status_of "$1" 2>/dev/null)" = "$2" ]; }

# wait_status ID STATUS: poll until the container has STATUS.
wait_status() {
	poll status_is "$1" "$2" ||
		fail "container $1 never reached status $2 (now: $(status_of "$1" 2>&1))"
}

# state_root_left ROOT: what the state root holds besides its spares (up to
# 4 emptied state dirs, ".spare-N", kept for the next create: state_dir.h),
# and any spare holding more than the two files a claim writes over.
state_root_left() {
	local spare
	ls -A "$1" 2>/dev/null | grep -Ev '^\.spare-[0-3]$' || true
	for spare in "$1"/.spare-*; do
		[ -d "$spare" ] || continue
		ls -A "$spare" | grep -Evx 'state\.json|config\.json' |
			sed "s|^|${spare##*/}/|" || true
	done
}

# nothing_left: the state root is empty, no mount mentions the test dir, and
# no cgroup made during the test is named after one of its container ids.
nothing_left() {
	local left d
	# (Hidden entries of the root are not checked here, spares' contents are.)
	left=$(state_root_left "$ROOT" | grep -Ev '^\.[^/]*$' || true)
	[ -z "$left" ] || fail "left behind in the state root: $left"
	! grep -q "$TEST_DIR" /proc/self/mountinfo || fail "mounts left under $TEST_DIR"
	left=$(cgroups_below_parent | tr '\n' ' ')
	[ -z "$left" ] || fail "cgroup left behind: $left"
	# Under /jfrun: those named after the test's ids, when the ids are the
	# test's alone (with its own CG_PARENT only those made of its
	# TEST_DIR: another run's c1 is not this test's).
	for d in $(jfrun_cgroups); do
		grep -qxF "$d" <<<"$CGROUPS_BEFORE" && continue
		grep -qxF "${d##*/}" "$TEST_DIR/.jf-args" 2>/dev/null || continue
		[ "$CG_PARENT" = /jfrun ] || [[ ${d##*/} == *"${TEST_DIR##*.}"* ]] || continue
		fail "cgroup left behind: $d"
	done
}
