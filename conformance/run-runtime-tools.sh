#!/bin/bash
# Run the OCI runtime-tools validation suite against one runtime.
#
# The suite is built outside this repo (see conformance/README.md); this
# script only runs its prebuilt validation/*/*.t executables, one at a time,
# each in its own scratch directory, and classifies the TAP they print.
#
# usage: RUNTIME_TOOLS=/path/to/runtime-tools \
#            bash conformance/run-runtime-tools.sh [RUNTIME [TEST...]]
#
#   RUNTIME            runtime binary (default ./jfrun); a bare name is looked
#                      up in PATH, a path is made absolute
#   TEST...            only these tests (names as in validation/NAME)
#
# environment:
#   RUNTIME_TOOLS      built runtime-tools checkout (required)
#   RT_TIMEOUT         seconds per test (default 60); SIGKILL 5 s later
#   RT_LOG_DIR         where TAP and stderr go (default: a new /tmp dir)
#   RT_EXPECTED_CLEAN  file with test names (one per line, # comments) that
#                      must be clean; "none" disables the check; default is
#                      crun 1.8.1's clean set on this host kind
#   RT_RUNTIME_ROOT    runtime state root, searched for leftover containers
#                      (default /run/<basename of RUNTIME>)
#   RT_HIDE_CGROUP2=1  run inside `unshare -m` with /sys/fs/cgroup/unified
#                      unmounted (crun refuses the hybrid layout otherwise)
#
# result per test: clean (exit 0, no "not ok"; the *_fail tests print no TAP
# at all when they pass), "not ok" (with the count), timeout, or error
# (non-zero exit without "not ok", e.g. util.Fatal, or a test other than
# *_fail that printed nothing). TAP goes to LOG_DIR/NAME.tap, the test's
# stderr (the runtime's error messages) to LOG_DIR/NAME.stderr, the table
# to LOG_DIR/summary.txt.
# Exit status: 1 if a test in the expected-clean list is not clean, else 0.

set -u

CRUN_CLEAN_SET="config_updates_without_affect create default
delete_only_create_resources delete_resources hooks hooks_stdin hostname kill
kill_no_effect killsig linux_cgroups_cpus linux_cgroups_devices
linux_cgroups_pids linux_cgroups_relative_cpus linux_cgroups_relative_devices
linux_cgroups_relative_pids linux_devices linux_masked_paths linux_mount_label
linux_ns_itype linux_ns_nopath linux_ns_path linux_ns_path_type
linux_readonly_paths linux_rootfs_propagation linux_seccomp linux_sysctl
linux_uid_mappings mounts poststart poststart_fail poststop poststop_fail
prestart prestart_fail process process_oom_score_adj process_rlimits_fail
process_user root_readonly_true state"
# crun ignores linux.mountLabel where SELinux is off; jfrun refuses it, naming
# the field (a security field is applied or refused, never dropped): not
# expected of jfrun.
JFRUN_NOT_EXPECTED="linux_mount_label"

die() {
	echo "run-runtime-tools: $*" >&2
	exit 2
}

if [ "${RT_HIDE_CGROUP2:-0}" = 1 ] && [ -z "${_RT_IN_UNSHARE:-}" ]; then
	exec env _RT_IN_UNSHARE=1 unshare -m --propagation private \
		bash "$0" "$@"
fi
if [ -n "${_RT_IN_UNSHARE:-}" ] && mountpoint -q /sys/fs/cgroup/unified; then
	umount /sys/fs/cgroup/unified || die "cannot unmount /sys/fs/cgroup/unified"
fi

[ -n "${RUNTIME_TOOLS:-}" ] || die "set RUNTIME_TOOLS to a built runtime-tools checkout"
RUNTIME_TOOLS=$(realpath "$RUNTIME_TOOLS") || die "RUNTIME_TOOLS: no such directory"
for f in runtimetest rootfs-amd64.tar.gz; do
	[ -f "$RUNTIME_TOOLS/$f" ] || die "$RUNTIME_TOOLS/$f missing (build the suite first)"
done

runtime_arg=${1:-./jfrun}
[ $# -gt 0 ] && shift
case $runtime_arg in
*/*) runtime=$(realpath -e "$runtime_arg" 2>/dev/null) ;;
*) runtime=$(command -v "$runtime_arg") ;;
esac
if [ -z "$runtime" ] || [ ! -x "$runtime" ]; then
	die "runtime $runtime_arg not found or not executable"
fi

timeout_s=${RT_TIMEOUT:-60}
runtime_root=${RT_RUNTIME_ROOT:-/run/$(basename "$runtime")}
log_dir=${RT_LOG_DIR:-$(mktemp -d /tmp/runtime-tools-logs.XXXXXX)}
mkdir -p "$log_dir" || die "cannot create $log_dir"
log_dir=$(realpath "$log_dir")
scratch=$(mktemp -d /tmp/runtime-tools-run.XXXXXX) || die "mktemp failed"
# Containers with user namespaces must be able to walk down to the bundle.
chmod 755 "$scratch"

command -v jq >/dev/null || die "jq is needed to find leftover containers"

if [ $# -gt 0 ]; then
	tests=()
	for name in "$@"; do
		t=$RUNTIME_TOOLS/validation/$name/$name.t
		[ -x "$t" ] || die "$t: not built"
		tests+=("$t")
	done
else
	mapfile -t tests < <(find "$RUNTIME_TOOLS"/validation -mindepth 2 \
		-maxdepth 2 -name '*.t' -type f | sort)
	[ ${#tests[@]} -gt 0 ] || die "no validation/*/*.t under $RUNTIME_TOOLS"
fi

case ${RT_EXPECTED_CLEAN:-} in
none) expected="" ;;
"") expected=$CRUN_CLEAN_SET
	case $(basename "$runtime") in
	jfrun*) expected=$(printf '%s\n' $CRUN_CLEAN_SET | grep -vxF "$JFRUN_NOT_EXPECTED") ;;
	esac ;;
*) expected=$(sed 's/#.*//' "$RT_EXPECTED_CLEAN") || die "cannot read $RT_EXPECTED_CLEAN" ;;
esac

# Ids of the containers whose bundle lies under $1: from `list`, and from
# the state root in case the runtime's `list` is missing or broken.
containers_under() {
	local dir=$1 id bundle
	{
		timeout -k 2 10 "$runtime" list --format json 2>/dev/null | jq -r '.[]?.id' 2>/dev/null
		ls -1 "$runtime_root" 2>/dev/null
	} | sort -u | while read -r id; do
		bundle=$(timeout 10 "$runtime" state "$id" 2>/dev/null | jq -r '.bundle // empty' 2>/dev/null)
		case $bundle in
		"$dir"/*) echo "$id" ;;
		esac
	done
}

# A hung or failed test can leave containers (and their cgroups) behind.
delete_leftovers() {
	local dir=$1 id
	for id in $(containers_under "$dir"); do
		echo "  leftover container $id: $runtime delete --force" >&2
		timeout -k 5 20 "$runtime" delete --force "$id" >/dev/null 2>&1 ||
			echo "  could not delete container $id" >&2
	done
}

# The suite's cgroupsPath values are /cgrouptest and testdir/cgrouptest/container;
# runtimes remove only the leaf. rmdir refuses cgroups still in use.
remove_test_cgroups() {
	local h
	for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		rmdir "$h"testdir/cgrouptest/container "$h"testdir/cgrouptest \
			"$h"testdir "$h"cgrouptest 2>/dev/null
	done
}

# Never rm -rf through a mount a broken runtime leaked to the host.
remove_scratch() {
	local dir=$1
	awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' \
		/proc/self/mountinfo | sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null
	done
	if awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { f = 1 } END { exit !f }' \
		/proc/self/mountinfo; then
		echo "  mounts remain under $dir: not removing it" >&2
		return
	fi
	rm -rf --one-file-system "$dir"
}

# Prints "RESULT|NOT_OK|OK|SKIP|NOTE" for test $1's TAP log and exit code.
# Only the *_fail tests may pass silently: they print TAP only when the
# runtime wrongly accepts their config. Any other test printing nothing ran
# runtimetest without getting its report (the container died before exec).
# Some tests (hooks, prestart, ...) report only a YAML "error" with plan 1..0:
# clean by the suite's rules, but flagged.
classify() {
	local name=$1 tap=$2 rc=$3 not_ok ok skip note=""
	not_ok=$(grep -c '^not ok' "$tap")
	ok=$(grep -c '^ok' "$tap")
	skip=$(grep -c '^ok .*# SKIP' "$tap")
	ok=$((ok - skip))
	if [ ! -s "$tap" ] && [ "$rc" = 0 ] && [ "${name%_fail}" = "$name" ]; then
		echo "error|0|0|0|no TAP output"
		return
	fi
	if grep -q '^1\.\.0$' "$tap" && grep -q '^    "error":' "$tap"; then
		note="1..0 with an error diagnostic"
	fi
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "timeout|$not_ok|$ok|$skip|$note"
	elif [ "$not_ok" -gt 0 ]; then
		echo "not ok|$not_ok|$ok|$skip|$note"
	elif [ "$rc" != 0 ]; then
		echo "error|$not_ok|$ok|$skip|$note"
	else
		echo "clean|$not_ok|$ok|$skip|$note"
	fi
}

trap 'delete_leftovers "$scratch"; remove_scratch "$scratch"; exit 130' INT TERM

echo "runtime:  $runtime"
echo "suite:    $RUNTIME_TOOLS ($(git -C "$RUNTIME_TOOLS" describe --always 2>/dev/null || echo '?'))"
echo "logs:     $log_dir"
echo "timeout:  ${timeout_s}s per test"
echo
printf '%-34s %-8s %6s %5s %5s %4s %5s  %s\n' TEST RESULT NOT_OK OK SKIP RC SECS NOTE
summary=$log_dir/summary.txt
: >"$summary"
declare -A result_of
n_clean=0
for t in "${tests[@]}"; do
	name=$(basename "$t" .t)
	work=$scratch/$name
	mkdir -m 755 "$work" "$work/tmp"
	cp "$RUNTIME_TOOLS/runtimetest" "$RUNTIME_TOOLS/rootfs-amd64.tar.gz" "$work/"
	start=$(date +%s)
	(cd "$work" && RUNTIME=$runtime TMPDIR=$work/tmp \
		timeout -k 5 "$timeout_s" "$t" </dev/null \
		>"$log_dir/$name.tap" 2>"$log_dir/$name.stderr")
	rc=$?
	secs=$(($(date +%s) - start))
	delete_leftovers "$work"
	remove_test_cgroups
	remove_scratch "$work"
	IFS='|' read -r result not_ok ok skip note \
		< <(classify "$name" "$log_dir/$name.tap" "$rc")
	result_of[$name]=$result
	[ "$result" = clean ] && n_clean=$((n_clean + 1))
	printf '%-34s %-8s %6s %5s %5s %4s %5s  %s\n' "$name" "$result" \
		"$not_ok" "$ok" "$skip" "$rc" "$secs" "$note" | tee -a "$summary"
done
remove_scratch "$scratch"

echo
echo "$n_clean clean of ${#tests[@]}" | tee -a "$summary"
status=0
if [ -n "$expected" ]; then
	missing=""
	for name in $expected; do
		[ -n "${result_of[$name]+x}" ] || continue
		[ "${result_of[$name]}" = clean ] || missing="$missing $name"
	done
	if [ -n "$missing" ]; then
		echo "expected clean but not:$missing" | tee -a "$summary"
		status=1
	else
		echo "every expected-clean test is clean" | tee -a "$summary"
	fi
fi
exit $status
