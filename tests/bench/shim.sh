#!/bin/bash
# The shim side by side with conmon (make bench-shim):
#
#   bash tests/bench/shim.sh JFRUN BUNDLE [OUT]
#
# - memory of the supervisor of a `sleep` container: jfrun's shim (run -d)
#   and conmon started by hand on the same bundle with jfrun as its runtime
#   (VmRSS, and Pss from smaps_rollup), and containerd-shim-runc-v2 running
#   jfrun under a containerd of its own (tests/bench/shim_containerd.sh;
#   its column stays empty without containerd);
# - log throughput: one stream of SHIM_BENCH_MB (default 200) MB of 64-byte
#   lines into the log (k8s-file for the shim and conmon; containerd's shim
#   copies it raw to a file: --log-uri file://): MB/s from `run -d` (conmon:
#   `start`; containerd: `ctr run -d`) until END is in the log, the
#   supervisor's CPU time per GB, and its memory after the stream;
# - `run -d` until the process runs against `create` + `start`: medians of
#   SHIM_BENCH_RUNS (default 20).
# No assertions: figures only.
set -euo pipefail

JFRUN=$(realpath "$1")
BUNDLE=$(realpath "$2")
OUT=$(realpath -m "${3:-bench-shim.txt}")
MB=${SHIM_BENCH_MB:-200}
RUNS=${SHIM_BENCH_RUNS:-20}
DIR=$(mktemp -d /tmp/jfrun-bench-shim.XXXXXX)
ROOT=$DIR/root
CROOT=$DIR/croot
# Ids of this run only: the cgroup path comes from the id.
P=bs$$-
jf() { "$JFRUN" --root "$ROOT" "$@"; }

cleanup() {
	local id
	for id in $(ls "$ROOT" 2>/dev/null) ; do jf delete --force "$id" >/dev/null 2>&1 || true; done
	for id in $(ls "$CROOT" 2>/dev/null) ; do "$JFRUN" --root "$CROOT" delete --force "$id" >/dev/null 2>&1 || true; done
	[ -s "$DIR/conmon.pid" ] && kill "$(cat "$DIR/conmon.pid")" 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT

# bundle NAME ARGS_JSON: a bundle on BUNDLE's rootfs with these args.
bundle() {
	mkdir -p "$DIR/$1"
	jq --arg root "$BUNDLE/rootfs" ".root.path = \$root | .process.terminal = false | .process.args = $2" \
		"$BUNDLE/config.json" >"$DIR/$1/config.json"
}

printf '#!/bin/sh\nexec %s --root %s "$@"\n' "$JFRUN" "$CROOT" >"$DIR/jfrun-conmon"
chmod +x "$DIR/jfrun-conmon"

# conmon_run ID BUNDLE LOG: conmon supervising jfrun's container, started.
conmon_run() {
	rm -f "$DIR/conmon.pid"
	mkdir -p "$DIR/exit" "$DIR/sock"
	conmon --cid "$1" --cuuid "$1" -n "$1" --runtime "$DIR/jfrun-conmon" --bundle "$2" \
		--exit-dir "$DIR/exit" --log-path "k8s-file:$3" --container-pidfile "$DIR/$1.pid" \
		--conmon-pidfile "$DIR/conmon.pid" --socket-dir-path "$DIR/sock" --api-version 1 \
		--syslog=false >/dev/null 2>&1
	# (conmon returns before the runtime's create has.)
	until_true test -s "$DIR/$1.pid"
}

mem() { # PID -> "RSS Pss" in kB
	echo "$(awk '/^VmRSS/ {print $2}' "/proc/$1/status") $(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")"
}

cpu_ms() { # PID -> user+system CPU time in ms
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}

now_ms() { date +%s%3N; }

# until_true CMD...: poll CMD (5 minutes at most).
until_true() {
	local i
	for ((i = 0; i < 15000; i++)); do
		"$@" && return 0
		sleep 0.02
	done
	echo "bench: timed out waiting for: $*" >&2
	exit 1
}
ends_with_end() { tail -c 100 "$1" 2>/dev/null | grep -q ' END$'; }

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

command -v conmon >/dev/null || echo "conmon not installed: its columns stay empty" >&2

# 1. Memory.
bundle sleep '["sleep", "1000"]'
jf run -d -b "$DIR/sleep" ${P}m1
sleep 0.5
read -r shim_rss shim_pss < <(mem "$(cut -d' ' -f1 "$ROOT/${P}m1/shim.pid")")
jf delete --force ${P}m1
conmon_rss="" conmon_pss=""
if command -v conmon >/dev/null; then
	conmon_run ${P}m2 "$DIR/sleep" "$DIR/m2.log"
	"$JFRUN" --root "$CROOT" start ${P}m2
	sleep 0.5
	read -r conmon_rss conmon_pss < <(mem "$(cat "$DIR/conmon.pid")")
	"$JFRUN" --root "$CROOT" delete --force ${P}m2
fi

# 2. Log throughput: the same stream, then END; the container waits so
# that the supervisor's CPU time can be read before it exits.
lines=$((MB * 16384))
bundle burst "[\"sh\", \"-c\", \"yes 'a line of the burst, 64 bytes long, said again and again......' | head -n $lines; echo END; sleep 30\"]"
t0=$(now_ms)
jf run -d -b "$DIR/burst" ${P}b1
shim=$(cut -d' ' -f1 "$ROOT/${P}b1/shim.pid")
until_true ends_with_end "$ROOT/${P}b1/container.log"
shim_ms=$(($(now_ms) - t0)) shim_cpu=$(cpu_ms "$shim")
read -r shim_rss2 shim_pss2 < <(mem "$shim")
jf delete --force ${P}b1
conmon_ms="" conmon_cpu="" conmon_rss2="" conmon_pss2=""
if command -v conmon >/dev/null; then
	conmon_run ${P}b2 "$DIR/burst" "$DIR/b2.log"
	t0=$(now_ms)
	"$JFRUN" --root "$CROOT" start ${P}b2
	until_true ends_with_end "$DIR/b2.log"
	conmon_ms=$(($(now_ms) - t0)) conmon_cpu=$(cpu_ms "$(cat "$DIR/conmon.pid")")
	read -r conmon_rss2 conmon_pss2 < <(mem "$(cat "$DIR/conmon.pid")")
	"$JFRUN" --root "$CROOT" delete --force ${P}b2
fi
ctd_rss="" ctd_pss="" ctd_ms="" ctd_cpu="" ctd_rss2="" ctd_pss2=""
if command -v containerd-shim-runc-v2 >/dev/null && command -v ctr >/dev/null; then
	read -r ctd_rss ctd_pss ctd_ms ctd_cpu ctd_rss2 ctd_pss2 < <(bash "$(dirname "$0")/shim_containerd.sh" "$JFRUN" "$DIR/ctd" "$MB" || true)
else
	echo "containerd-shim-runc-v2 or ctr not installed: its column stays empty" >&2
fi

# 3. run -d against create + start.
bundle true '["sleep", "1000"]'
for ((i = 0; i < RUNS; i++)); do
	t0=$(now_ms); jf run -d -b "$DIR/true" ${P}r$i; echo $(($(now_ms) - t0)) >>"$DIR/run-d"
	jf delete --force ${P}r$i
	t0=$(now_ms); jf create -b "$DIR/true" ${P}c$i </dev/null >/dev/null 2>&1; jf start ${P}c$i; echo $(($(now_ms) - t0)) >>"$DIR/create-start"
	jf delete --force ${P}c$i
done

rate() { [ -n "$2" ] && [ "$2" -gt 0 ] && awk -v mb="$1" -v ms="$2" 'BEGIN {printf "%.0f", mb * 1000 / ms}'; }
per_gb() { [ -n "$2" ] && awk -v mb="$1" -v ms="$2" 'BEGIN {printf "%.0f", ms * 1024 / mb}'; }
{
	echo "jfrun's shim against conmon $(conmon --version 2>/dev/null | head -1 | awk '{print $3}') and containerd-shim-runc-v2 $(containerd --version 2>/dev/null | awk '{print $3}') ($(date -u +%F), $(nproc) CPUs)"
	printf '%-44s %11s %11s %11s\n' "" "jfrun shim" "conmon" "ctrd shim"
	printf '%-44s %11s %11s %11s\n' "VmRSS of a sleep container's (kB)" "$shim_rss" "$conmon_rss" "$ctd_rss"
	printf '%-44s %11s %11s %11s\n' "Pss (kB)" "$shim_pss" "$conmon_pss" "$ctd_pss"
	printf '%-44s %11s %11s %11s\n' "log throughput, $MB MB stream (MB/s)" "$(rate "$MB" "$shim_ms")" "$(rate "$MB" "$conmon_ms" || true)" "$(rate "$MB" "$ctd_ms" || true)"
	printf '%-44s %11s %11s %11s\n' "supervisor CPU per GB logged (ms)" "$(per_gb "$MB" "$shim_cpu")" "$(per_gb "$MB" "$conmon_cpu" || true)" "$(per_gb "$MB" "$ctd_cpu" || true)"
	printf '%-44s %11s %11s %11s\n' "VmRSS after the stream (kB)" "$shim_rss2" "$conmon_rss2" "$ctd_rss2"
	printf '%-44s %11s %11s %11s\n' "Pss after the stream (kB)" "$shim_pss2" "$conmon_pss2" "$ctd_pss2"
	printf '%-44s %11s\n' "run -d until it runs, median (ms)" "$(median <"$DIR/run-d")"
	printf '%-44s %11s\n' "create + start, median (ms)" "$(median <"$DIR/create-start")"
	echo "(containerd's shim writes the stream raw, conmon and jfrun's shim with the k8s-file prefix: 1.7x the bytes)"
} | tee "$OUT"
