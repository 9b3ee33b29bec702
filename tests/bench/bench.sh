#!/bin/bash
# make bench: jfrun side by side with crun and runc on one busybox bundle.
#
#   bash tests/bench/bench.sh JFRUN ROOTFS PHASES LIMIT [OUT]
#
# JFRUN the jfrun binary, ROOTFS the busybox rootfs, PHASES the built
# tests/bench/phases.c, LIMIT the built tests/bench/limit.c, OUT the table
# file (default ./bench-results.txt).
# All three runtimes run the same config.json (`runc spec`, terminal off,
# args /bin/true, root read-only) and their default state roots.  Everything
# runs in one private mount namespace with /sys/fs/cgroup/unified unmounted:
# crun 1.8 refuses the hybrid layout otherwise.  The runtimes run in the same
# hyperfine invocations, several rounds of them, so background load falls on
# all alike; the figures are medians over all rounds.  Ratios are the claims.
# Next to them in every round: the floor (`unshare` alone), the container's
# process alone, and the limit: LIMIT doing only the work this config asks
# for, in one static process, the least any runtime can spend here.
#
# Knobs: BENCH_RUNS (warm runs per command, 60), BENCH_COLD_RUNS (20),
# BENCH_ROUNDS (hyperfine invocations the runs are split over, 5),
# BENCH_PHASE_ROUNDS (20), BENCH_COLD_PHASE_ROUNDS (10), BENCH_RSS_RUNS (5).
set -euo pipefail

die() {
	echo "bench: $*" >&2
	exit 1
}

[ $# -ge 4 ] || die "usage: bench.sh JFRUN ROOTFS PHASES LIMIT [OUT]"
JFRUN=$(realpath "$1")
ROOTFS=$(realpath "$2")
PHASES=$(realpath "$3")
LIMIT=$(realpath "$4")
OUT=$(realpath -m "${5:-bench-results.txt}")

RUNS=${BENCH_RUNS:-60}
COLD_RUNS=${BENCH_COLD_RUNS:-20}
ROUNDS=${BENCH_ROUNDS:-5}
PHASE_ROUNDS=${BENCH_PHASE_ROUNDS:-20}
COLD_PHASE_ROUNDS=${BENCH_COLD_PHASE_ROUNDS:-10}
RSS_RUNS=${BENCH_RSS_RUNS:-5}
COLD_GAP=0.3 COLD_GAP_MS=300
FLOOR="unshare --fork --pid --mount --uts --ipc --net true"
# The container's own process alone, no runtime: what one exec of a static
# glibc program costs on this machine (every runtime pays it once more).
EXEC_ALONE="$ROOTFS/bin/true"
# This config's work and nothing else (tests/bench/limit.c).
LIMIT_CMD=$(printf '%q %q' "$LIMIT" "$ROOTFS")

[ "$(id -u)" = 0 ] || die "needs root (it runs containers)"
for tool in hyperfine crun runc jq unshare /usr/bin/time; do
	command -v "$tool" >/dev/null || die "$tool is missing: run make deps"
done
[ -x "$JFRUN" ] || die "$JFRUN: not executable"
[ -x "$ROOTFS/bin/true" ] || die "$ROOTFS/bin/true: missing (make bundle)"
[ -x "$PHASES" ] || die "$PHASES: not executable"
[ -x "$LIMIT" ] || die "$LIMIT: not executable"

# Everything below in a private mount namespace of our own.
if [ -z "${BENCH_IN_NS:-}" ]; then
	exec unshare --mount --propagation private env BENCH_IN_NS=1 \
		bash "$0" "$JFRUN" "$ROOTFS" "$PHASES" "$LIMIT" "$OUT"
fi
if mountpoint -q /sys/fs/cgroup/unified; then
	umount /sys/fs/cgroup/unified
fi

NAMES=(jfrun crun runc)
declare -A BIN=([jfrun]=$JFRUN [crun]=$(command -v crun) [runc]=$(command -v runc))
WORK=$(mktemp -d /tmp/jfbench.XXXXXX)
TAG=$$

cleanup() {
	for rt in "${NAMES[@]}"; do
		for id in "bench-run-$rt-$TAG" "bench-mem-$rt-$TAG" "bench-rss-$rt-$TAG"; do
			"${BIN[$rt]}" delete --force "$id" >/dev/null 2>&1 || true
		done
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

# One config for all three: `runc spec` (ociVersion 1.0.2-dev, which crun
# 1.8 and runc 1.1 know), the shared rootfs by absolute path.
mkdir -p "$WORK/spec" "$WORK/bundle" "$WORK/mem"
(cd "$WORK/spec" && runc spec)
jq --arg root "$ROOTFS" '.process.terminal = false | .process.args = ["/bin/true"]
	| .root = {"path": $root, "readonly": true}' \
	"$WORK/spec/config.json" >"$WORK/bundle/config.json"
jq '.linux.resources.memory = {"limit": 524288}' \
	"$WORK/bundle/config.json" >"$WORK/mem/config.json"

run_rt() { # RUNTIME BUNDLE ID
	"${BIN[$1]}" run --bundle "$2" "$3"
}
run_cmd() { # RUNTIME BUNDLE ID: the same as one string, for hyperfine
	printf '%q ' "${BIN[$1]}" run --bundle "$2" "$3"
}

for rt in "${NAMES[@]}"; do
	run_rt "$rt" "$WORK/bundle" "bench-run-$rt-$TAG" ||
		die "$rt cannot run the bench bundle ($WORK/bundle)"
done
"$LIMIT" "$ROOTFS" || die "$LIMIT cannot run $ROOTFS/bin/true"

# How busy the machine is without us (1 s of /proc/stat), and by whom: a
# fuzzer or a test run elsewhere is named in the results.
cpu_busy() {
	local a b
	read -ra a </proc/stat
	sleep 1
	read -ra b </proc/stat
	awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7])) \
		-v i=$((b[4] + b[5] - a[4] - a[5])) 'BEGIN { printf "%.0f%%", 100 * u / (u + i) }'
}
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg), CPU $(cpu_busy) busy"
BUSY=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 && $2 != "ps" { printf "%s%s (%s%% CPU)", sep, $2, $1; sep = ", " }')

# hyperfine over the three runtimes, the floor, the container's process
# alone and the limit, ROUNDS times; JSON files
# named PREFIX-N.json in $WORK.
hyper() { # PREFIX RUNS_PER_COMMAND EXTRA_ARGS...
	local prefix=$1 total=$2 per i
	shift 2
	per=$(((total + ROUNDS - 1) / ROUNDS))
	for ((i = 1; i <= ROUNDS; i++)); do
		echo "bench: $prefix, round $i/$ROUNDS ($per runs each)" >&2
		hyperfine -N --style basic --runs "$per" "$@" \
			--export-json "$WORK/$prefix-$i.json" \
			-n jfrun "$(run_cmd jfrun "$WORK/bundle" "bench-run-jfrun-$TAG")" \
			-n crun "$(run_cmd crun "$WORK/bundle" "bench-run-crun-$TAG")" \
			-n runc "$(run_cmd runc "$WORK/bundle" "bench-run-runc-$TAG")" \
			-n floor "$FLOOR" -n exec "$EXEC_ALONE" -n limit "$LIMIT_CMD" \
			>"$WORK/$prefix-$i.log" 2>&1 ||
			{ cat "$WORK/$prefix-$i.log" >&2; die "hyperfine failed"; }
	done
}

# Medians in ms per command over every round: "NAME MS" lines.
medians() { # PREFIX
	jq -rs '
		def median: sort | if length % 2 == 1 then .[length / 2 | floor]
			else (.[length / 2 - 1] + .[length / 2]) / 2 end;
		[.[].results[]] | group_by(.command)[]
		| "\(.[0].command) \([.[].times[]] | median * 1000)"' \
		"$WORK/$1"-*.json
}

hyper warm "$RUNS" --warmup 3
hyper cold "$COLD_RUNS" --warmup 1 --prepare "sleep $COLD_GAP"

declare -A M
while read -r name ms; do M[warm.$name]=$ms; done < <(medians warm)
while read -r name ms; do M[cold.$name]=$ms; done < <(medians cold)

phase_args=()
for rt in "${NAMES[@]}"; do phase_args+=("$rt=${BIN[$rt]}"); done
echo "bench: phases, warm ($PHASE_ROUNDS rounds)" >&2
while read -r name phase med _; do
	M[ph.$phase.$name]=$med
done < <("$PHASES" -n "$PHASE_ROUNDS" "$WORK/bundle" "${phase_args[@]}")
echo "bench: phases, cold ($COLD_PHASE_ROUNDS rounds, ${COLD_GAP}s idle before each)" >&2
while read -r name phase med _; do
	M[phc.$phase.$name]=$med
done < <("$PHASES" -n "$COLD_PHASE_ROUNDS" -s "$COLD_GAP_MS" "$WORK/bundle" "${phase_args[@]}")

echo "bench: peak RSS ($RSS_RUNS runs each)" >&2
for rt in "${NAMES[@]}"; do
	rss=()
	for ((i = 0; i < RSS_RUNS; i++)); do
		/usr/bin/time -f %M -o "$WORK/rss" "${BIN[$rt]}" run \
			--bundle "$WORK/bundle" "bench-rss-$rt-$TAG"
		rss+=("$(tail -1 "$WORK/rss")")
	done
	M[rss.$rt]=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$((RSS_RUNS / 2 + 1))p")
done

echo "bench: 512 KiB memory limit" >&2
declare -A MEMERR
for rt in "${NAMES[@]}"; do
	if run_rt "$rt" "$WORK/mem" "bench-mem-$rt-$TAG" >"$WORK/mem.log" 2>&1; then
		M[mem.$rt]="runs"
	else
		M[mem.$rt]="fails (exit $?)"
		MEMERR[$rt]=$(tr '\n' ' ' <"$WORK/mem.log" | cut -c1-300)
	fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg), CPU $(cpu_busy) busy"

# ---- the table ----
ratio() { # A B -> "A/B" as 0.00x; empty when B is too small to divide by
	[ -n "${1:-}" ] && [ -n "${2:-}" ] || return 0
	awk -v a="$1" -v b="$2" 'BEGIN { if (b >= 0.05) printf "%.2fx", a / b }'
}
num() { # 3 significant digits or so: 1.23, 12.3, 123, 3168
	[ -n "${1:-}" ] || return 0
	awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f"), v }'
}
# A miss where the limit alone is over the target says so: no runtime
# doing this config's work could meet it on this machine.
target() { # A B TARGET [LIMIT] -> "<= TARGETx crun: met|MISSED", on A/B unrounded
	[ -n "${1:-}" ] && [ -n "${2:-}" ] || return 0
	awk -v a="$1" -v b="$2" -v l="$3" -v f="${4:-}" 'BEGIN {
		if (b < 0.05) exit
		printf "<= %sx crun: %s", l, (a / b <= l ? "met" : "MISSED")
		if (a / b > l && f != "" && f / b > l)
			printf " (the limit alone is %.2fx here)", f / b }'
}
row() { # LABEL FLOOR LIMIT JF CR RC TARGET
	local rc rr rl t=""
	rc=$(ratio "$4" "$5")
	rr=$(ratio "$4" "$6")
	rl=$(ratio "$4" "$3")
	[ -z "${7:-}" ] || t=$(target "$4" "$5" "$7" "$3")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
		"$(num "$2")" "$(num "$3")" "$(num "$4")" "$(num "$5")" \
		"$(num "$6")" "$rc" "$rr" "$rl" "$t"
}
phase_row() { # LABEL KEYPREFIX PHASE
	row "$1" "" "" "${M[$2.$3.jfrun]:-}" "${M[$2.$3.crun]:-}" "${M[$2.$3.runc]:-}"
}

# Backquotes in the labels are Markdown.
# shellcheck disable=SC2016
echo "bench: jfrun phase trace ($PHASE_ROUNDS runs)" >&2
PHASE_TRACE=$(bash "$(dirname "$(realpath "$0")")/phase-trace.sh" "$JFRUN" \
	"$WORK/bundle" "$PHASE_ROUNDS")

{
	echo "jfrun bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, kernel $(uname -r), Debian $(cat /etc/debian_version)"
	echo "versions: jfrun $("$JFRUN" --version 2>/dev/null | head -1 | awk '{print $NF}'), $(crun --version | head -1), $(runc --version | head -1)"
	echo "load before: $LOAD_BEFORE; after: $LOAD_AFTER${BUSY:+; busy at start (lifetime %CPU): $BUSY}"
	echo "medians; warm = back to back, cold = ${COLD_GAP} s idle before each; runs: run $RUNS warm / $COLD_RUNS cold over $ROUNDS rounds, phases $PHASE_ROUNDS warm / $COLD_PHASE_ROUNDS cold"
	echo
	echo "| figure | floor | limit | jfrun | crun | runc | jfrun/crun | jfrun/runc | jfrun/limit | target |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	row '`run /bin/true`, warm (ms)' "${M[warm.floor]}" "${M[warm.limit]}" "${M[warm.jfrun]}" "${M[warm.crun]}" "${M[warm.runc]}" 0.5
	row '`run /bin/true`, cold (ms)' "${M[cold.floor]}" "${M[cold.limit]}" "${M[cold.jfrun]}" "${M[cold.crun]}" "${M[cold.runc]}" 0.2
	phase_row 'create, warm (ms)' ph create
	phase_row 'start, warm (ms)' ph start
	phase_row 'wait after start returns, warm (ms)' ph wait
	phase_row 'start until the init is gone, warm (ms)' ph start_to_exit
	phase_row 'delete, warm (ms)' ph delete
	phase_row 'create, cold (ms)' phc create
	phase_row 'start, cold (ms)' phc start
	phase_row 'delete, cold (ms)' phc delete
	row 'peak RSS of `run` (KiB)' "" "" "${M[rss.jfrun]}" "${M[rss.crun]}" "${M[rss.runc]}" 0.75
	printf '| `run` under a 512 KiB memory limit | | | %s | %s | %s | | | | |\n' \
		"${M[mem.jfrun]}" "${M[mem.crun]}" "${M[mem.runc]}"
	echo
	echo "floor: \`$FLOOR\`"
	echo "limit: \`tests/bench/limit.c\`, a static C program (libc only, no re-exec) doing only" \
		"this config's work: devices cgroup, the namespaces, mounts, /dev, pivot_root," \
		"masked and read-only paths, hostname, rlimit, user, caps, no_new_privs, exec;" \
		"a measuring stick, not a runtime: about the least any runtime can spend here"
	echo "the container's process alone (\`/bin/true\` of the rootfs, static, no runtime):" \
		"$(num "${M[warm.exec]}") ms warm, $(num "${M[cold.exec]}") ms cold"
	for rt in "${NAMES[@]}"; do
		[ -z "${MEMERR[$rt]:-}" ] || echo "$rt under 512 KiB: ${MEMERR[$rt]}"
	done
	echo
	echo "Where a warm jfrun \`run\` spends its time (JFRUN_TRACE_PHASES=1, medians"
	echo "of $PHASE_ROUNDS runs; the runtime's and the init's points on one clock):"
	echo
	echo "$PHASE_TRACE"
} >"$OUT"
cat "$OUT"
echo "bench: table written to $OUT" >&2
