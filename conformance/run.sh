#!/bin/bash
# The project's own conformance suite: runtime-spec behaviours checked on
# real containers, from inside (conformance/checker/jfcheck) and from the
# command line (create/start/state/kill/delete, hooks).
#
#   RUNTIME=/usr/sbin/runc bash conformance/run.sh [PATTERN...]
#
# RUNTIME defaults to ./jfrun.  PATTERNs (extended regexps) select cases by
# name.  Prints PASS/FAIL/SKIP per case and ends with
# "N passed, N failed, N skipped"; exits non-zero iff a case failed.
# VERBOSE=1 also prints each failed case's log, TIMES=1 each case's
# duration.  Needs root, jq, gcc.
set -u

cd "$(dirname "$0")/.." || exit 2
REPO=$PWD
CONF=$REPO/conformance

die() {
	echo "conformance: $*" >&2
	exit 2
}

RUNTIME=${RUNTIME:-./jfrun}
RUNTIME=$(realpath -e "$(command -v "$RUNTIME" || echo "$RUNTIME")" 2>/dev/null) ||
	die "runtime '${RUNTIME}' not found (set RUNTIME=/path/to/runtime)"
[ "$(id -u)" -eq 0 ] || die "must run as root"
command -v jq >/dev/null || die "jq missing (make deps)"
RT_TIMEOUT=${RT_TIMEOUT:-10}
VERBOSE=${VERBOSE:-0}
TIMES=${TIMES:-0}

# The checker is rebuilt when its source is newer.
JFCHECK=$REPO/build/jfcheck
if [ ! -x "$JFCHECK" ] || [ "$CONF/checker/jfcheck.c" -nt "$JFCHECK" ]; then
	mkdir -p "$REPO/build"
	gcc -static -O2 -std=gnu11 -Wall -Wextra -D_GNU_SOURCE \
		-o "$JFCHECK.$$" "$CONF/checker/jfcheck.c" ||
		die "cannot build jfcheck"
	mv "$JFCHECK.$$" "$JFCHECK"
fi

BASE_BUNDLE=${BASE_BUNDLE:-$REPO/bundles/busybox}
if [ ! -f "$BASE_BUNDLE/config.json" ]; then
	bash "$REPO/bundles/make-busybox.sh" "$BASE_BUNDLE" "$RUNTIME" >&2 ||
		die "cannot build $BASE_BUNDLE"
fi

# Bundles are copied per case: on tmpfs that takes ~10 ms, on this host's
# ext4 (slow symlink creation) ~400 ms.
tmp_base=/tmp
[ "$(stat -fc %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ] && tmp_base=/dev/shm
WORK=$(mktemp -d "${JFCONF_TMP:-$tmp_base}/jfconf.XXXXXX") || die "mktemp failed"
chmod 0755 "$WORK"
STATE_ROOT=$WORK/state
REASON_FILE=$WORK/reason
mkdir -p "$STATE_ROOT" "$WORK/cases" "$WORK/logs"
# Containers read an empty file, not /dev/null: a runtime that fchowns its
# stdio to the container user would otherwise chown the host's /dev/null
# (crun 1.8 does, with a user namespace).  One case checks that on purpose.
EMPTY_STDIN=$WORK/stdin
: >"$EMPTY_STDIN"
chmod 0644 "$EMPTY_STDIN"

# Whatever a crashed case left: containers first, then the files.
suite_cleanup() {
	local d
	for d in "$STATE_ROOT"/*/; do
		[ -d "$d" ] || continue
		timeout 10 "$RUNTIME" --root "$STATE_ROOT" delete --force \
			"$(basename "$d")" >/dev/null 2>&1
	done
	rm -rf "$WORK"
}
trap suite_cleanup EXIT
trap 'exit 130' INT TERM

export RUNTIME RT_TIMEOUT JFCHECK BASE_BUNDLE WORK STATE_ROOT REASON_FILE EMPTY_STDIN
# shellcheck source=conformance/lib.sh
. "$CONF/lib.sh"
for f in "$CONF"/cases/*.sh; do
	# shellcheck disable=SC1090
	. "$f"
done

# Cases in file order: every function named case_<name>.
mapfile -t names < <(sed -n 's/^case_\([a-z0-9_]*\)() *{.*/\1/p' "$CONF"/cases/*.sh)

# selected NAME PATTERN...
selected() {
	local name=$1 p
	shift
	for p in "$@"; do
		[[ $name =~ $p ]] && return 0
	done
	return 1
}

pass=0 failed=0 skipped=0 CASE_SEQ=0
for name in "${names[@]}"; do
	[ $# -eq 0 ] || selected "$name" "$@" || continue
	CASE_SEQ=$((CASE_SEQ + 1))
	: >"$REASON_FILE"
	log=$WORK/logs/$name.log
	started=$EPOCHREALTIME
	(
		case_setup "$name"
		"case_$name"
	) >"$log" 2>&1 <"$EMPTY_STDIN"
	rc=$?
	if [ "$TIMES" = 1 ]; then
		echo "TIME $name $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')s"
	fi
	reason=$(head -n 1 "$REASON_FILE")
	case $rc in
	0)
		echo "PASS $name"
		pass=$((pass + 1))
		;;
	77)
		echo "SKIP $name: $reason"
		skipped=$((skipped + 1))
		;;
	*)
		echo "FAIL $name: ${reason:-exited $rc}"
		failed=$((failed + 1))
		if [ "$VERBOSE" = 1 ]; then
			sed 's/^/    | /' "$log"
		fi
		;;
	esac
done

echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
