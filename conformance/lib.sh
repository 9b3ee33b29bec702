# Helpers for conformance cases (sourced by run.sh; bash).
#
# Every case runs in its own subshell with:
#   CASE      its name            CASE_DIR  a fresh temp dir (removed after)
#   BUNDLE    $CASE_DIR/bundle    CFG       $BUNDLE/config.json
#   ID        a unique container id for this case
# and ends by returning (PASS), `fail WHY`, or `skip WHY`.  A command that
# fails unexpectedly fails the case with its line and text.  Containers
# created through `rt create`/`run_container` are deleted afterwards, and
# commands given to `defer` run at the end (last in, first out).
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

# ---- results ----

# The reason of the current case, kept outside CASE_DIR (removed on exit).
note_reason() {
	[ -s "$REASON_FILE" ] || printf '%s\n' "$*" >"$REASON_FILE"
}

fail() {
	note_reason "$*"
	exit 1
}

skip() {
	note_reason "$*"
	exit 77
}

on_error() {
	note_reason "line $1: '$2' failed (exit $3)"
}

# ---- per-case setup and cleanup ----

defer() {
	printf '%s\n' "$*" >>"$CASE_DIR/.deferred"
}

case_cleanup() {
	local id cmd
	trap - ERR
	set +e
	if [ -f "$CASE_DIR/.ids" ]; then
		while read -r id; do
			rt delete --force "$id" >/dev/null 2>&1
		done <"$CASE_DIR/.ids"
	fi
	if [ -f "$CASE_DIR/.deferred" ]; then
		tac "$CASE_DIR/.deferred" | while read -r cmd; do
			eval "$cmd" >/dev/null 2>&1
		done
	fi
	rm -rf "$CASE_DIR"
}

# Called by run.sh inside the case's subshell.
case_setup() {
	CASE=$1
	CASE_DIR=$WORK/cases/$CASE
	BUNDLE=$CASE_DIR/bundle
	CFG=$BUNDLE/config.json
	ID=jfc-$$-$CASE_SEQ
	mkdir -p "$CASE_DIR"
	chmod 0755 "$CASE_DIR"
	trap case_cleanup EXIT
	set -eE -o pipefail
	trap 'on_error $LINENO "$BASH_COMMAND" $?' ERR
}

# ---- bundles and config ----

# A fresh bundle: the base rootfs plus jfcheck, and the base config with
# terminal off and jfcheck as the process (cases replace the args).
new_bundle() {
	mkdir -p "$BUNDLE"
	cp -a "$BASE_BUNDLE/rootfs" "$BUNDLE/rootfs"
	cp "$JFCHECK" "$BUNDLE/rootfs/bin/jfcheck"
	jq '.process.terminal = false | .root.path = "rootfs"
	    | .process.args = ["/bin/jfcheck", "--help"]' \
		"$BASE_BUNDLE/config.json" >"$CFG"
}

# cfg FILTER [jq options...]: edit config.json in place (--args last).
cfg() {
	local filter=$1
	shift
	jq "$filter" "$@" <"$CFG" >"$CFG.tmp"
	mv "$CFG.tmp" "$CFG"
}

# args CMD...: the container's process.args (NUL-separated through a
# file: jq would take "-c" in --args for its own option).
args() {
	printf '%s\0' "$@" >"$CASE_DIR/.args"
	cfg '.process.args = ($a | split("\u0000") | .[:-1])' \
		--rawfile a "$CASE_DIR/.args"
}

# Drop one namespace type from linux.namespaces.
drop_ns() {
	cfg '.linux.namespaces |= map(select(.type != $t))' --arg t "$1"
}

# Add a namespace (replacing one of the same type); path optional.
add_ns() {
	if [ $# -ge 2 ]; then
		cfg '.linux.namespaces = ([.linux.namespaces[] | select(.type != $t)] + [{type: $t, path: $p}])' \
			--arg t "$1" --arg p "$2"
	else
		cfg '.linux.namespaces = ([.linux.namespaces[] | select(.type != $t)] + [{type: $t}])' \
			--arg t "$1"
	fi
}

# add_mount DEST TYPE SOURCE OPT...
add_mount() {
	local dest=$1 type=$2 src=$3
	shift 3
	cfg '.mounts += [{destination: $d, type: $t, source: $s, options: $ARGS.positional}]' \
		--arg d "$dest" --arg t "$type" --arg s "$src" --args "$@"
}

host_ns() {
	readlink "/proc/self/ns/$1"
}

# ---- running the runtime ----

rt() {
	timeout -k 5 "$RT_TIMEOUT" "$RUNTIME" --root "$STATE_ROOT" "$@"
}

remember_id() {
	echo "$1" >>"$CASE_DIR/.ids"
}

# Foreground run of $BUNDLE as $ID: sets RC, output in $OUT / $ERR.
run_container() {
	OUT=$CASE_DIR/run.out
	ERR=$CASE_DIR/run.err
	remember_id "$ID"
	RC=0
	rt run --bundle "$BUNDLE" "$ID" <"$EMPTY_STDIN" >"$OUT" 2>"$ERR" || RC=$?
}

# create [OPTIONS...]: `create` $ID from $BUNDLE; RC, $ERR as for run.
create() {
	ERR=$CASE_DIR/create.err
	remember_id "$ID"
	RC=0
	rt create --bundle "$BUNDLE" "$@" "$ID" <"$EMPTY_STDIN" \
		>"$CASE_DIR/create.out" 2>"$ERR" || RC=$?
}

# The runtime's first error line, for failure reasons.
first_error() {
	grep -v '^[[:space:]]*$' "${1:-$ERR}" 2>/dev/null | head -n 3 |
		tr '\n' ' ' | cut -c 1-300
}

# expect_checks CHECK...: run jfcheck with these expectations; fail with
# the lines that did not pass (or the runtime's error).
expect_checks() {
	args /bin/jfcheck "$@"
	run_container
	[ "$RC" -eq 0 ] && return 0
	if grep -q '^not ok' "$OUT"; then
		fail "$(grep '^not ok' "$OUT" | head -n 5 | tr '\n' ';' | cut -c 1-600)"
	fi
	fail "run exited $RC: $(first_error)"
}

# expect_run_fails WHAT: the container must not start (RC != 0 from run).
expect_run_fails() {
	args /bin/true
	run_container
	[ "$RC" -ne 0 ] || fail "run succeeded, but $1"
}

state_field() {
	rt state "$ID" 2>/dev/null | jq -r "$1"
}

status_of() {
	rt state "${1:-$ID}" 2>/dev/null | jq -r .status 2>/dev/null
}

# wait_status STATUS [SECONDS]: poll `state` until status matches.
wait_status() {
	local want=$1 tries=$(((${2:-5}) * 20)) got=
	while [ "$tries" -gt 0 ]; do
		got=$(status_of || true)
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	fail "status '${got:-<no state>}' after ${2:-5}s, want '$want'"
}

# wait_file PATH [SECONDS]: poll until PATH exists.
wait_file() {
	local tries=$(((${2:-5}) * 20))
	while [ "$tries" -gt 0 ]; do
		[ -e "$1" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# process_gone PID COMM: within 2 s PID is dead (a zombie waiting for its
# reaper counts) or is another program (pid reuse).
process_gone() {
	local tries=40 state
	while [ "$tries" -gt 0 ]; do
		state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
		case $state in
		'' | Z | X) return 0 ;;
		esac
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# No trace of $ID: `state` fails and the state root has no entry for it.
expect_no_container() {
	if rt state "$ID" >/dev/null 2>&1; then
		fail "$1: 'state $ID' still succeeds"
	fi
	if [ -e "$STATE_ROOT/$ID" ]; then
		fail "$1: $STATE_ROOT/$ID left behind"
	fi
}

# ---- what the host and runtime can do ----

cgroup_v2() {
	[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]
}

# The cgroup directory of a controller on the host (v1: its hierarchy).
host_cgroup_dir() {
	if cgroup_v2; then
		echo /sys/fs/cgroup
	else
		echo "/sys/fs/cgroup/$1"
	fi
}

# The runtime's `features` document, fetched once ("{}" if it has none).
features() {
	if [ ! -e "$WORK/features.json" ]; then
		"$RUNTIME" features 2>/dev/null | jq -c . >"$WORK/features.json" 2>/dev/null ||
			echo '{}' >"$WORK/features.json"
		[ -s "$WORK/features.json" ] || echo '{}' >"$WORK/features.json"
	fi
	cat "$WORK/features.json"
}

# require_oci VERSION WHAT: skip when the runtime declares an older
# ociVersionMax (a runtime without `features` runs every case).
require_oci() {
	local max
	max=$(features | jq -r '.ociVersionMax // empty')
	[ -n "$max" ] || return 0
	if [ "$(printf '%s\n%s\n' "$1" "$max" | sort -V | sed -n 1p)" != "$1" ]; then
		skip "$2 needs runtime-spec $1; runtime features say ociVersionMax $max"
	fi
}

# require_namespace TYPE: skip when features lists namespaces without TYPE.
require_namespace() {
	if features | jq -e --arg t "$1" '.linux.namespaces and (.linux.namespaces | index($t) | not)' >/dev/null; then
		skip "runtime features do not list the $1 namespace"
	fi
}
