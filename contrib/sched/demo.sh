#!/bin/bash
# make demo-sched: how the kernel shares a CPU between jfrun containers, measured
# against what CFS predicts from the weights.
#
#   bash contrib/sched/demo.sh [JFRUN]     (as root; SCHED_SECONDS=20 by default)
#
# Every experiment runs two workloads (contrib/sched/hog.c, static, bind-mounted
# read-only at /sched in the busybox rootfs) for SCHED_SECONDS, samples their CPU
# time once a second (the containers' cgroups, or /proc/PID/stat for two
# processes of one container) and prints the share the first one got next to the
# share predicted from the weights the kernel was given (read back from the
# cgroup files and from the nice-to-weight table of kernel/sched/core.c).
# It writes build/sched/results.txt, build/sched/*.dat and build/sched/shares.png.
set -eu
cd "$(dirname "$0")/../.."

JFRUN=$(realpath "${1:-./jfrun}")
SECS=${SCHED_SECONDS:-20}
OUT=$PWD/build/sched
ROOTFS=$PWD/bundles/busybox/rootfs
PARENT=jfrun-sched
CPU=${SCHED_CPU:-$(($(nproc) - 1))}
OTHER_CPU=0

[ "$(id -u)" = 0 ] || { echo "demo-sched: run as root" >&2; exit 1; }
[ -x "$JFRUN" ] || { echo "demo-sched: no jfrun at $JFRUN" >&2; exit 1; }
[ -d "$ROOTFS" ] || { echo "demo-sched: no busybox bundle (make bundle)" >&2; exit 1; }

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	LAYOUT=v2
else
	LAYOUT=v1
fi

mkdir -p "$OUT/bin" "$OUT/io" "$OUT/bundles"
rm -f "$OUT"/*.dat "$OUT/results.txt"
${CC:-cc} -std=gnu11 -O2 -static -o "$OUT/bin/hog" contrib/sched/hog.c

CONTAINERS=()
cleanup() {
	local c
	for c in "${CONTAINERS[@]}"; do
		"$JFRUN" delete --force "$c" >/dev/null 2>&1 || true
	done
	CONTAINERS=()
}
trap cleanup EXIT

# The weight CFS gives a SCHED_OTHER task at nice N (sched_prio_to_weight).
NICE_WEIGHTS=(88761 71755 56483 46273 36291 29154 23254 18705 14949 11916
	9548 7620 6100 4904 3906 3121 2501 1991 1586 1277
	1024 820 655 526 423 335 272 215 172 137
	110 87 70 56 45 36 29 23 18 15)
nice_weight() { echo "${NICE_WEIGHTS[$(($1 + 20))]}"; }
IDLE_WEIGHT=3 # WEIGHT_IDLEPRIO

# start NAME CPUS SHARES SCHEDULER_JSON IOPRIO_JSON ARGS...: a detached
# container in cgroup /jfrun-sched/NAME.
start() {
	local name=$1 cpus=$2 shares=$3 sched=$4 ioprio=$5 b
	shift 5
	b=$OUT/bundles/$name
	mkdir -p "$b"
	jq --arg root "$ROOTFS" --arg bin "$OUT/bin" --arg io "$OUT/io" \
		--arg cg "/$PARENT/$name" --arg cpus "$cpus" \
		--argjson shares "$shares" --argjson sched "$sched" \
		--argjson ioprio "$ioprio" --args '
		.root = {path: $root, readonly: true}
		| .process.args = $ARGS.positional
		| .process.terminal = false
		| (if $sched != null then .process.scheduler = $sched else . end)
		| (if $ioprio != null then .process.ioPriority = $ioprio else . end)
		| .mounts += [{destination: "/sched", type: "bind", source: $bin,
		               options: ["bind", "ro"]},
		              {destination: "/io", type: "bind", source: $io,
		               options: ["bind", "rw"]}]
		| .linux.cgroupsPath = $cg
		| .linux.resources.cpu = ({cpus: $cpus}
		    + (if $shares > 0 then {shares: $shares} else {} end))' \
		"$@" <bundles/busybox/config.json >"$b/config.json"
	"$JFRUN" run -d --bundle "$b" "$name" >/dev/null
	CONTAINERS+=("$name")
}

cg_dir() { # CONTROLLER NAME
	if [ "$LAYOUT" = v2 ]; then
		echo "/sys/fs/cgroup/$PARENT/$2"
	else
		echo "/sys/fs/cgroup/$1/$PARENT/$2"
	fi
}

# The CPU time of a container's cgroup, in ns.
cg_usage() {
	if [ "$LAYOUT" = v2 ]; then
		awk '$1 == "usage_usec" { printf "%d\n", $2 * 1000 }' "$(cg_dir cpu "$1")/cpu.stat"
	else
		cat "$(cg_dir cpuacct "$1")/cpuacct.usage"
	fi
}

# The weight the kernel was given for a container's cgroup.
cg_weight() {
	if [ "$LAYOUT" = v2 ]; then
		cat "$(cg_dir cpu "$1")/cpu.weight"
	else
		cat "$(cg_dir cpu "$1")/cpu.shares"
	fi
}

TICK_NS=$((1000000000 / $(getconf CLK_TCK)))
# The CPU time of one process, in ns (utime + stime, clock ticks).
pid_usage() {
	local stat
	read -r stat <"/proc/$1/stat"
	stat=${stat##*) }
	set -- $stat
	echo $(((${12} + ${13}) * TICK_NS))
}

init_pid() { "$JFRUN" state "$1" | jq -r .pid; }

# The pid of the process of container $1 whose command line is $2.
pid_in() {
	local want=$2 p i
	for i in $(seq 100); do
		for p in $("$JFRUN" ps "$1" 2>/dev/null | tail -n +2 | awk '{print $2}'); do
			[ "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" = "$want " ] && { echo "$p"; return; }
		done
		sleep 0.1
	done
	echo "demo-sched: no process '$want' in $1" >&2
	return 1
}

# sample EXPERIMENT A_KIND A B_KIND B: SECS one-second samples of the CPU
# time of A and B (KIND cg: a container's cgroup, pid: a process); writes
# EXPERIMENT.dat (t, share of A, CPUs used by A, by B) and sets SHARE, A_CPU,
# B_CPU for the whole run (the first second left out: start-up).
sample() {
	local exp=$1 ak=$2 a=$3 bk=$4 b=$5 t ua ub pa pb a0 b0 da db
	sleep 1
	a0=$(${ak}_usage "$a") b0=$(${bk}_usage "$b")
	pa=$a0 pb=$b0
	: >"$OUT/$exp.dat"
	for t in $(seq 1 "$SECS"); do
		sleep 1
		ua=$(${ak}_usage "$a") ub=$(${bk}_usage "$b")
		da=$((ua - pa)) db=$((ub - pb))
		awk -v t="$t" -v a="$da" -v b="$db" 'BEGIN {
			printf "%d %.4f %.3f %.3f\n", t, (a + b) ? a / (a + b) : 0, a / 1e9, b / 1e9 }' \
			>>"$OUT/$exp.dat"
		pa=$ua pb=$ub
	done
	read -r SHARE A_CPU B_CPU < <(awk -v a="$((ua - a0))" -v b="$((ub - b0))" -v s="$SECS" \
		'BEGIN { printf "%.4f %.3f %.3f\n", (a + b) ? a / (a + b) : 0, a / 1e9 / s, b / 1e9 / s }')
}

ROWS=()
# row EXPERIMENT WHAT PREDICTED: one line of the table.
row() {
	local dev
	dev=$(awk -v m="$SHARE" -v p="$3" 'BEGIN { printf "%+.1f", (m - p) * 100 }')
	ROWS+=("$(printf '%-14s %-44s %9.1f %% %9.1f %% %6s pp %6.2f %6.2f' \
		"$1" "$2" "$(awk -v x="$3" 'BEGIN { print x * 100 }')" \
		"$(awk -v x="$SHARE" 'BEGIN { print x * 100 }')" "$dev" "$A_CPU" "$B_CPU")")
	printf '%s\n' "${ROWS[-1]}"
	echo "$1 $3" >>"$OUT/predicted.txt"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", a / (a + b) }'; }

other() { printf '{"policy": "SCHED_OTHER", "nice": %d}' "$1"; }
IDLE='{"policy": "SCHED_IDLE"}'

# exec_hog CONTAINER SCHEDULER_JSON: a second hog inside the container,
# through jfrun exec (so exec's scheduler is the one measured).
exec_hog() {
	local proc=$OUT/bundles/$1-exec.json
	jq -n --argjson sched "$2" --arg secs "$((SECS + 3))" '{
		args: ["/sched/hog", "cpu", $secs, "second"], cwd: "/",
		env: ["PATH=/bin"], user: {uid: 0, gid: 0}, scheduler: $sched}' >"$proc"
	"$JFRUN" exec --detach --process "$proc" "$1" >/dev/null
}

: >"$OUT/predicted.txt"
HOG=(/sched/hog cpu "$((SECS + 3))")
echo "demo-sched: jfrun $("$JFRUN" --version | head -1), cgroup $LAYOUT, $(nproc) CPUs, both workloads on CPU $CPU, $SECS s each"
printf '%-14s %-44s %11s %11s %9s %6s %6s\n' experiment "A against B" predicted measured "" "A cpu" "B cpu"

# 1. nice 0 against nice 10, then 15, each in a container of its own.
for n in 10 15; do
	start nice-a "$CPU" 0 "$(other 0)" null "${HOG[@]}"
	start nice-b "$CPU" 0 "$(other "$n")" null "${HOG[@]}"
	sample "nice0-vs-$n" cg nice-a cg nice-b
	row "nice0-vs-$n" "nice 0 vs nice $n, two containers" "$(ratio "$(cg_weight nice-a)" "$(cg_weight nice-b)")"
	cleanup
done

# 2. The same nice values inside one container (one cgroup): the second hog
#    comes through jfrun exec with its own process.scheduler.
for n in 10 15; do
	start one "$CPU" 0 "$(other 0)" null "${HOG[@]}"
	exec_hog one "$(other "$n")"
	sample "nice0-vs-$n-1cg" pid "$(pid_in one "${HOG[*]}")" pid "$(pid_in one "${HOG[*]} second")"
	row "nice0-vs-$n-1cg" "nice 0 vs nice $n, one container" "$(ratio "$(nice_weight 0)" "$(nice_weight "$n")")"
	cleanup
done

# 3. Equal nice, cgroup weights 2:1 (cpu.shares 2048:1024; cpu.weight on v2).
start w2 "$CPU" 2048 "$(other 0)" null "${HOG[@]}"
start w1 "$CPU" 1024 "$(other 0)" null "${HOG[@]}"
sample weights-2to1 cg w2 cg w1
row weights-2to1 "cgroup weight $(cg_weight w2) vs $(cg_weight w1)" "$(ratio "$(cg_weight w2)" "$(cg_weight w1)")"
cleanup

# 4. SCHED_OTHER against SCHED_IDLE: two containers, then one.
start normal "$CPU" 0 "$(other 0)" null "${HOG[@]}"
start idle "$CPU" 0 "$IDLE" null "${HOG[@]}"
sample idle-2cg cg normal cg idle
row idle-2cg "SCHED_OTHER vs SCHED_IDLE, two containers" "$(ratio "$(cg_weight normal)" "$(cg_weight idle)")"
cleanup
start one "$CPU" 0 "$(other 0)" null "${HOG[@]}"
exec_hog one "$IDLE"
sample idle-1cg pid "$(pid_in one "${HOG[*]}")" pid "$(pid_in one "${HOG[*]} second")"
row idle-1cg "SCHED_OTHER vs SCHED_IDLE, one container" "$(ratio "$(nice_weight 0)" "$IDLE_WEIGHT")"
cleanup

# 5. Pinned apart: each has a CPU of its own (the share stays 1/2; the
#    columns on the right say each got about a whole CPU, less what the
#    host's own tasks took).
start apart-a "$CPU" 0 "$(other 0)" null "${HOG[@]}"
start apart-b "$OTHER_CPU" 0 "$(other 15)" null "${HOG[@]}"
sample pinned-apart cg apart-a cg apart-b
row pinned-apart "CPU $CPU vs CPU $OTHER_CPU, nice 0 vs 15 (no weight)" 0.5
cleanup

echo
echo "CPU-bound against I/O-bound on CPU $CPU (4 KiB write + fdatasync, $SECS s):"
io_rate() { # CONTAINER: the shim's log line of the io hog
	local i
	for i in $(seq 100); do
		"$JFRUN" logs "$1" 2>/dev/null | grep -o 'io [0-9]* writes [0-9.]* us/write' && return
		sleep 0.2
	done
	echo "no result"
}
IO_ROWS=()
start io "$CPU" 0 "$(other 0)" null /sched/hog io "$SECS" /io/io
"$JFRUN" wait io >/dev/null 2>&1 || sleep "$((SECS + 1))"
IO_ROWS+=("$(printf '%-44s %s' "I/O alone" "$(io_rate io)")")
cleanup
for spec in "0 0" "0 19" "19 0"; do
	set -- $spec
	start io "$CPU" 0 "$(other "$1")" null /sched/hog io "$SECS" /io/io
	start cpu "$CPU" 0 "$(other "$2")" null "${HOG[@]}"
	"$JFRUN" wait io >/dev/null 2>&1 || sleep "$((SECS + 1))"
	IO_ROWS+=("$(printf '%-44s %s' "I/O at nice $1 beside a CPU hog at nice $2" "$(io_rate io)")")
	cleanup
done
# Alone once more, last: a difference from the first run is the order's.
start io "$CPU" 0 "$(other 0)" null /sched/hog io "$SECS" /io/io
"$JFRUN" wait io >/dev/null 2>&1 || sleep "$((SECS + 1))"
IO_ROWS+=("$(printf '%-44s %s' "I/O alone, again after the others" "$(io_rate io)")")
cleanup
for r in "${IO_ROWS[@]}"; do echo "  $r"; done

echo
dev=$(df --output=source "$OUT/io" | tail -1)
blk=$(lsblk -no PKNAME "$dev" 2>/dev/null | head -1)
[ -n "$blk" ] || blk=$(basename "$dev")
sched_file=/sys/block/$blk/queue/scheduler
echo "ioPriority: two I/O containers on separate CPUs, best-effort 0 against idle, on $blk ($(cat "$sched_file" 2>/dev/null || echo "no scheduler file")):"
PRIO_ROWS=()
ioprio_round() {
	start io-be "$CPU" 0 null '{"class": "IOPRIO_CLASS_BE", "priority": 0}' /sched/hog io "$SECS" /io/io-be
	start io-idle "$OTHER_CPU" 0 null '{"class": "IOPRIO_CLASS_IDLE", "priority": 0}' /sched/hog io "$SECS" /io/io-idle
	"$JFRUN" wait io-be >/dev/null 2>&1 || sleep "$((SECS + 1))"
	"$JFRUN" wait io-idle >/dev/null 2>&1 || true
	PRIO_ROWS+=("$(printf '%-12s best-effort: %s; idle: %s' "$1" "$(io_rate io-be)" "$(io_rate io-idle)")")
	cleanup
}
# Under "none" nothing orders requests by priority; mq-deadline dispatches
# real-time before best-effort before idle. Both are measured where the
# scheduler file can be switched (and put back as it was).
cur=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$sched_file" 2>/dev/null || true)
ioprio_round "${cur:-none}"
for s in none mq-deadline; do
	[ "$s" != "$cur" ] && [ -w "$sched_file" ] && grep -qw "$s" "$sched_file" || continue
	echo "$s" >"$sched_file"
	ioprio_round "$s"
	echo "$cur" >"$sched_file"
done
for r in "${PRIO_ROWS[@]}"; do echo "  $r"; done

{
	echo "demo-sched: cgroup $LAYOUT, $(nproc) CPUs, both on CPU $CPU, $SECS s each; share = A's part of A+B's CPU time"
	printf '%-14s %-44s %11s %11s %9s %6s %6s\n' experiment "A against B" predicted measured "" "A cpu" "B cpu"
	printf '%s\n' "${ROWS[@]}"
	echo
	printf '  %s\n' "${IO_ROWS[@]}"
	printf '  %s\n' "${PRIO_ROWS[@]}"
} >"$OUT/results.txt"

if command -v gnuplot >/dev/null; then
	{
		echo "set terminal pngcairo size 1200,800 font 'DejaVu Sans,10'"
		echo "set output '$OUT/shares.png'"
		echo "set multiplot layout 2,4 title 'CPU share of workload A (line) against the CFS prediction (dashed), one sample a second'"
		echo "set yrange [0:1]; set xlabel 's'; set ylabel 'share of A'; unset key"
		while read -r exp pred; do
			echo "set title '$exp'"
			if [ "$exp" = pinned-apart ]; then
				# No weight between them: the CPU each used.
				echo "set ylabel 'CPUs used (A, B)'; set yrange [0:1.2]"
				echo "plot '$OUT/$exp.dat' using 1:3 with linespoints lw 2 pt 7 ps 0.5, '' using 1:4 with linespoints lw 2 pt 5 ps 0.5"
				echo "set ylabel 'share of A'; set yrange [0:1]"
			else
				echo "plot '$OUT/$exp.dat' using 1:2 with linespoints lw 2 pt 7 ps 0.5, $pred with lines dt 2 lw 2"
			fi
		done <"$OUT/predicted.txt"
		echo "unset multiplot"
	} | gnuplot
	echo "picture: $OUT/shares.png"
else
	echo "picture: no gnuplot (apt-get install gnuplot-nox)"
fi
echo "table: $OUT/results.txt"
