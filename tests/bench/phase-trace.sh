#!/bin/bash
# Where the time of `jfrun run` goes, phase by phase (JFRUN_TRACE_PHASES=1).
#
#   bash tests/bench/phase-trace.sh JFRUN BUNDLE [RUNS] [GAP]
#
# Runs `JFRUN run` RUNS times (20) on BUNDLE, back to back, and prints for
# every phase point (src/fault.h) the median time since the previous point
# and since jfrun's main(), in microseconds.  GAP: seconds of idle before
# each run (0.3 for cold starts; default none).  The points of the runtime and
# of the container's init share one monotonic clock, so the two processes'
# steps interleave as they happened.  make bench runs it on its bundle.
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: phase-trace.sh JFRUN BUNDLE [RUNS]" >&2; exit 2; }
JFRUN=$(realpath "$1")
BUNDLE=$(realpath "$2")
RUNS=${3:-20}
GAP=${4:-0}
ROOT=$(mktemp -d /tmp/jfphases.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

# Each run's trace goes to a file and is read afterwards: a pipeline's
# readers would compete for the CPUs the runtime and its init work on.
for ((i = 1; i <= RUNS; i++)); do
	[ "$GAP" = 0 ] || sleep "$GAP"
	JFRUN_TRACE_PHASES=1 "$JFRUN" --root "$ROOT" run -b "$BUNDLE" "phases-$$-$i" \
		>/dev/null 2>"$ROOT/trace-$i"
done
for ((i = 1; i <= RUNS; i++)); do
	grep '^jfrun-phase ' "$ROOT/trace-$i" | sort -k3,3n |
		awk -v run="$i" 'NR == 1 { t0 = $3; prev = $3 }
			{ print run, NR, $4, $3 - prev, $3 - t0; prev = $3 }'
done | awk '
	{ key = $3; step[key] = step[key] " " $4; at[key] = at[key] " " $5
	  if (!(key in order)) { order[key] = $2; names[++n] = key } }
	function median(list,    a, k, i, j, t) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		printf "| phase point | step (us) | since main (us) |\n|---|---|---|\n"
		for (i = 1; i <= n; i++) m[i] = median(at[names[i]])
		# in the order they happen (by median time since main)
		for (i = 1; i <= n; i++) for (j = i; j > 1 && m[j - 1] > m[j]; j--) {
			t = m[j]; m[j] = m[j - 1]; m[j - 1] = t
			t = names[j]; names[j] = names[j - 1]; names[j - 1] = t }
		for (i = 1; i <= n; i++)
			printf "| %s | %.0f | %.0f |\n", names[i], median(step[names[i]]), m[i]
	}'
