#!/bin/bash
# containerd-shim-runc-v2's column of make bench-shim (tests/bench/shim.sh):
#
#   bash tests/bench/shim_containerd.sh JFRUN DIR MB
#
# starts a containerd of its own in DIR the way clients_containerd.sh does
# (its file_setup and file_teardown), runs jfrun under its runc shim, and
# prints "RSS PSS MS CPU_MS RSS_AFTER PSS_AFTER": the shim's VmRSS and Pss
# (kB) for a `sleep` task; the time (ms) until a stream of MB MB of 64-byte
# lines, then END, is in the task's log (--log-uri file://: the shim
# copies stdout to the file, without a per-line prefix); the shim's CPU
# time meanwhile; its VmRSS and Pss after the stream.
set -euo pipefail

export JFRUN=$(realpath "$1")
DIR=$(realpath -m "$2")
MB=$3
cd "$(dirname "$0")/../.."
export TEST_DIR=$DIR/t FILE_DIR=$DIR/f
rm -rf "$TEST_DIR" "$FILE_DIR"
mkdir -p "$TEST_DIR" "$FILE_DIR"
# (Only its helpers and hooks: the tests are not run.)
source tests/lib.sh
source tests/integration/clients_containerd.sh
trap 'file_teardown >/dev/null 2>&1 || true; rm -rf "$TEST_DIR" "$FILE_DIR"' EXIT
file_setup >/dev/null

shim_of() { # ID -> the pid of the task's containerd-shim-runc-v2
	pgrep -f -- "containerd-shim-runc-v2 .*-id $1 " | head -1
}
mem() { echo "$(awk '/^VmRSS/ {print $2}' "/proc/$1/status") $(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")"; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"; }
now_ms() { date +%s%3N; }
end_task() {
	ctr_ task kill -s KILL "$1" >/dev/null 2>&1 || true
	wait_task "$1" STOPPED
	ctr_ task delete "$1" >/dev/null 2>&1
	ctr_ containers delete "$1"
}

ctr_run -d m1 sleep 1000 >/dev/null
sleep 0.5
read -r rss pss < <(mem "$(shim_of m1)")
end_task m1

lines=$((MB * 16384))
t0=$(now_ms)
ctr_ run -d --log-uri "file://$FILE_DIR/b1.log" --runc-binary "$FILE_DIR/bin/jfrun" \
	--runc-root "$CTD_JFROOT" --fifo-dir "$FILE_DIR/fifo" --cgroup "$CTD_CGROUP/b1" "$CTD_IMAGE" b1 \
	sh -c "yes 'a line of the burst, 64 bytes long, said again and again......' | head -n $lines; echo END; sleep 30" >/dev/null
shim=$(shim_of b1)
for ((i = 0; i < 15000; i++)); do
	tail -c 100 "$FILE_DIR/b1.log" 2>/dev/null | grep -q '^END$' && break
	sleep 0.02
done
ms=$(($(now_ms) - t0)) cpu=$(cpu_ms "$shim")
read -r rss_after pss_after < <(mem "$shim")
size=$(stat -c %s "$FILE_DIR/b1.log")
[ "$size" -eq $((lines * 63 + 4)) ] || echo "containerd's log: $size bytes, not $((lines * 63 + 4))" >&2
end_task b1
echo "$rss $pss $ms $cpu $rss_after $pss_after"
