#!/bin/bash
# make bench-procviews (also run by make bench): what a read of a /proc file
# costs inside a container, in one run: the host's /proc, LXCFS (Debian's
# lxcfs, bound over the container's files as LXC does), and jfrun's views
# (org.jfrun.proc.virtualize); then what refreshing the views costs.
#
#   bash tests/bench/procviews.sh JFRUN ROOTFS READCOST OUT
#
# PV_READS (20000) reads per file; PV_CONTAINERS (10) containers for the
# refresh CPU, measured over PV_SECONDS (30).  No assertion: a table.
set -eu
JFRUN=$(realpath "$1") ROOTFS=$2 READCOST=$3 OUT=$4
N=${PV_READS:-20000}
K=${PV_CONTAINERS:-10}
SECS=${PV_SECONDS:-30}
FILES="/proc/meminfo /proc/stat /proc/cpuinfo /proc/uptime /proc/loadavg"
HZ=$(getconf CLK_TCK)

tmp=$(mktemp -d /tmp/jfrun-bench-pv.XXXXXX)
root=$tmp/root
ids=()
lxcfs_pid=
cleanup() {
	for id in "${ids[@]}"; do "$JFRUN" --root "$root" delete -f "$id" >/dev/null 2>&1 || true; done
	if [ -n "$lxcfs_pid" ]; then
		kill "$lxcfs_pid" 2>/dev/null || true
		wait "$lxcfs_pid" 2>/dev/null || true
		umount -l "$tmp/lxcfs" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/b"
cp -a "$ROOTFS" "$tmp/b/rootfs"
cp "$READCOST" "$tmp/b/rootfs/readcost"
"$JFRUN" spec --bundle "$tmp/b"
jq '.process.terminal = false | .process.args = ["sleep", "100000"]
    | .root.readonly = false
    | .linux.resources.memory = {"limit": 268435456}
    | .linux.resources.cpu = {"quota": 100000, "period": 100000}' \
	"$tmp/b/config.json" >"$tmp/base.json"

# bundle NAME JQ: a bundle dir sharing the rootfs
bundle() {
	mkdir -p "$tmp/$1"
	jq --arg r "$tmp/b/rootfs" ".root.path = \$r | $2" "$tmp/base.json" >"$tmp/$1/config.json"
}

cpu_ticks() { # utime+stime of a pid
	awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

bundle host '.'
bundle views '.annotations["org.jfrun.proc.virtualize"] = "true"'

have_lxcfs=0
if command -v lxcfs >/dev/null; then
	mkdir -p "$tmp/lxcfs"
	lxcfs "$tmp/lxcfs" >"$tmp/lxcfs.log" 2>&1 &
	lxcfs_pid=$!
	for i in $(seq 1 100); do
		[ -e "$tmp/lxcfs/proc/meminfo" ] && break
		sleep 0.05
	done
	if [ -e "$tmp/lxcfs/proc/meminfo" ]; then
		have_lxcfs=1
		mounts=$(for f in $FILES; do
			printf '{"destination": "%s", "type": "bind", "source": "%s", "options": ["bind", "ro"]}\n' \
				"$f" "$tmp/lxcfs$f"
		done | jq -s .)
		bundle lx ".mounts += $mounts"
	fi
fi

read_costs() { # ID: "file µs" lines
	"$JFRUN" --root "$root" exec "$1" /readcost "$N" $FILES
}

declare -A cost
for kind in host views lx; do
	[ $kind != lx ] || [ $have_lxcfs = 1 ] || continue
	id=pv-bench-$kind-$$
	"$JFRUN" --root "$root" run -d -b "$tmp/$kind" "$id" </dev/null >/dev/null
	ids+=("$id")
	sleep 1.5
	before=0
	[ $kind != lx ] || before=$(cpu_ticks "$lxcfs_pid")
	t0=$(date +%s.%N)
	while read -r f us size; do
		cost[$kind,$f]=$us
	done < <(read_costs "$id")
	t1=$(date +%s.%N)
	if [ $kind = lx ]; then
		lxcfs_cpu=$(awk -v a="$before" -v b="$(cpu_ticks "$lxcfs_pid")" -v hz="$HZ" \
			-v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", (b - a) / hz / (t1 - t0) * 100 }')
	fi
done

{
	echo "/proc read cost inside a container, µs per open+read+close (mean of $N), one run, $(date -u +%FT%TZ), $(uname -r)"
	printf '%-16s %10s %10s %10s %12s %12s\n' file host lxcfs jfrun jfrun/host lxcfs/jfrun
	for f in $FILES; do
		h=${cost[host,$f]} v=${cost[views,$f]} l=${cost[lx,$f]:-}
		printf '%-16s %10s %10s %10s %12s %12s\n' "$f" "$h" "${l:--}" "$v" \
			"$(awk -v a="$v" -v b="$h" 'BEGIN { printf "%.2fx", a / b }')" \
			"$(if [ -n "$l" ]; then awk -v a="$l" -v b="$v" 'BEGIN { printf "%.0fx", a / b }'; else echo -; fi)"
	done
	[ $have_lxcfs = 0 ] || echo "lxcfs daemon CPU while one container read: ${lxcfs_cpu}% of a core"
	[ $have_lxcfs = 1 ] || echo "(lxcfs: not installed; apt-get install lxcfs)"
} | tee "$OUT"

for id in "${ids[@]}"; do "$JFRUN" --root "$root" delete -f "$id" >/dev/null 2>&1 || true; done
ids=()

# Refresh CPU: K containers with views at the default period (1 s); the
# shims' CPU over SECS seconds, less that of K shims without views.
refresh_cpu() { # KIND: CPU of K shims as % of one core
	local kind=$1 shims=() a=0 b=0 p
	for i in $(seq 1 "$K"); do
		id=pv-bench-r$kind$i-$$
		"$JFRUN" --root "$root" run -d -b "$tmp/$kind" "$id" </dev/null >/dev/null
		ids+=("$id")
		shims+=("$(cut -d' ' -f1 "$root/$id/shim.pid")")
	done
	sleep 2
	for p in "${shims[@]}"; do a=$((a + $(cpu_ticks "$p"))); done
	sleep "$SECS"
	for p in "${shims[@]}"; do b=$((b + $(cpu_ticks "$p"))); done
	awk -v d=$((b - a)) -v hz="$HZ" -v s="$SECS" 'BEGIN { printf "%.3f", d / hz / s * 100 }'
	for id in "${ids[@]}"; do "$JFRUN" --root "$root" delete -f "$id" >/dev/null 2>&1 || true; done
	ids=()
}
with=$(refresh_cpu views)
without=$(refresh_cpu host)
{
	echo "refresh CPU, $K containers over ${SECS} s at the default 1 s period:"
	echo "  shims with views ${with}% of a core, without ${without}%:" \
		"$(awk -v a="$with" -v b="$without" -v k="$K" 'BEGIN { printf "%.3f%% of a core per container", (a - b) / k }')"
} | tee -a "$OUT"

# One refresh's cost: a container refreshing every 10 ms for SECS/3 s; the
# file of /proc/uptime (which changes at every refresh) is named
# r<refresh>.<i>: it counts the refreshes.
bundle fast '.annotations["org.jfrun.proc.virtualize"] = "true" | .annotations["org.jfrun.proc.refresh-ms"] = "10"'
id=pv-bench-fast-$$
"$JFRUN" --root "$root" run -d -b "$tmp/fast" "$id" </dev/null >/dev/null
ids+=("$id")
sleep 1
shim=$(cut -d' ' -f1 "$root/$id/shim.pid")
gen() { "$JFRUN" --root "$root" exec "$id" grep ' /proc/uptime ' /proc/self/mountinfo | awk '{ print $4 }' | sed 's|^/r||; s|\..*||' | sort -n | tail -n 1; }
g0=$(gen) c0=$(cpu_ticks "$shim")
sleep $((SECS / 3))
g1=$(gen) c1=$(cpu_ticks "$shim")
awk -v c=$((c1 - c0)) -v hz="$HZ" -v g=$((g1 - g0)) \
	'BEGIN { printf "one refresh (%d of them, every 10 ms): %.0f µs of CPU\n", g, c / hz / g * 1e6 }' |
	tee -a "$OUT"
