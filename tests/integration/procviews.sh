# /proc views (annotation org.jfrun.proc.virtualize, DESIGN.md section 4):
# what programs inside read about memory, CPUs, uptime and load is the
# container's; every read is whole while the views are refreshed; a killed
# refresher costs freshness only; nothing grows.
# test-timeout: 600  (10,000 refreshes in the no-growth test)

ID=v${TEST_DIR##*.}
PROBE=$REPO/build/tests/procviews_probe

# views_on [JQ-EXPR]: the annotation, a sleeping init, and more config.
views_on() {
	cfg '.annotations["org.jfrun.proc.virtualize"] = "true" | .process.args = ["sleep", "1000"]'
	[ $# -eq 0 ] || cfg "$1"
}

run_d() {
	jf run -d -b "$BUNDLE" "$1" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "run -d $1: $(cat "$TEST_DIR/err")"
}

# in ID CMD...: a command in the container, its stdout.
in_ct() {
	local id=$1
	shift
	jf exec "$id" "$@"
}

need_probe() {
	[ -x "$PROBE" ] || skip "build/tests/procviews_probe is not built (make check builds it)"
	cp "$PROBE" "$BUNDLE/rootfs/probe"
}

# Whether the kernel has MOVE_MOUNT_BENEATH (6.5): before it, the views
# always go the propagation way (linux/view_mounts.h).
has_beneath() {
	local v major minor
	v=$(uname -r)
	major=${v%%.*} minor=${v#*.}
	minor=${minor%%[.-]*}
	[ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 5 ]; }
}

host_cpus() {
	grep -c '^processor' /proc/cpuinfo
}

# The kB value of a meminfo key.
kb_of() {
	awk -v k="$2:" '$1 == k { print $2 }' <<<"$1"
}

test_procviews_meminfo_is_the_memory_limit() {
	views_on '.linux.resources.memory = {"limit": 268435456}'
	run_d "$ID"
	OUT=$(in_ct "$ID" cat /proc/meminfo)
	assert_eq "$(kb_of "$OUT" MemTotal)" 262144 "MemTotal (kB) under a 256 MiB limit"
	# no field above MemTotal (swap aside)
	BAD=$(awk '$1 !~ /^Swap/ && $3 == "kB" && $2 > 262144' <<<"$OUT")
	assert_eq "$BAD" "" "fields above MemTotal"
	[ "$(kb_of "$OUT" MemFree)" -le 262144 ] || fail "MemFree above MemTotal"
	[ "$(kb_of "$OUT" MemAvailable)" -ge "$(kb_of "$OUT" MemFree)" ] ||
		fail "MemAvailable below MemFree"
	# busybox free: its available column comes from /proc/meminfo
	OUT=$(in_ct "$ID" free)
	AVAIL=$(awk '/^Mem:/ { print $7 }' <<<"$OUT")
	[ -n "$AVAIL" ] && [ "$AVAIL" -le 262144 ] || fail "free's available: $OUT"
	# the host's is untouched
	[ "$(kb_of "$(cat /proc/meminfo)" MemTotal)" -gt 262144 ] || fail "host MemTotal changed"
	jf delete -f "$ID"
}

test_procviews_memory_usage_follows() {
	views_on '.linux.resources.memory = {"limit": 268435456}'
	run_d "$ID"
	FREE1=$(kb_of "$(in_ct "$ID" cat /proc/meminfo)" MemFree)
	# 64 MiB in a tmpfs file (shmem, charged to the container)
	in_ct "$ID" dd if=/dev/zero of=/dev/shm/fill bs=1M count=64 2>/dev/null ||
		fail "64 MiB into /dev/shm"
	for i in $(seq 1 50); do
		FREE2=$(kb_of "$(in_ct "$ID" cat /proc/meminfo)" MemFree)
		[ "$FREE2" -lt $((FREE1 - 50000)) ] && break
		sleep 0.2
	done
	[ "$FREE2" -lt $((FREE1 - 50000)) ] || fail "MemFree went from $FREE1 to $FREE2 kB after 64 MiB"
	jf delete -f "$ID"
}

test_procviews_cpu_quota_is_one_count() {
	need_probe
	views_on '.linux.resources.cpu = {"quota": 50000, "period": 100000}'
	run_d "$ID"
	assert_eq "$(in_ct "$ID" grep -c ^processor /proc/cpuinfo)" 1 "cpuinfo processors"
	assert_eq "$(in_ct "$ID" cat /sys/devices/system/cpu/online)" 0 "cpu/online"
	assert_eq "$(in_ct "$ID" grep -c '^cpu[0-9]' /proc/stat)" 1 "cpuK lines of /proc/stat"
	OUT=$(in_ct "$ID" /probe cpus)
	assert_contains "$OUT" "onln=1 " "sysconf(_SC_NPROCESSORS_ONLN)"
	assert_contains "$OUT" "nprocs=1 " "get_nprocs()"
	jf delete -f "$ID"
}

test_procviews_cpuset_is_one_count() {
	need_probe
	[ "$(host_cpus)" -ge 2 ] || skip "one CPU: a cpuset cannot make fewer"
	views_on '.linux.resources.cpu = {"cpus": "1"}'
	run_d "$ID"
	assert_eq "$(in_ct "$ID" grep -c ^processor /proc/cpuinfo)" 1 "cpuinfo processors"
	assert_eq "$(in_ct "$ID" cat /sys/devices/system/cpu/online)" 0 "cpu/online"
	OUT=$(in_ct "$ID" /probe cpus)
	assert_contains "$OUT" "onln=1 " "sysconf(_SC_NPROCESSORS_ONLN)"
	assert_contains "$OUT" "nprocs=1 " "get_nprocs()"
	jf delete -f "$ID"
}

test_procviews_unlimited_cpus_are_the_hosts() {
	need_probe
	views_on
	run_d "$ID"
	N=$(host_cpus)
	assert_eq "$(in_ct "$ID" grep -c ^processor /proc/cpuinfo)" "$N" "cpuinfo processors"
	assert_contains "$(in_ct "$ID" /probe cpus)" "onln=$N " "sysconf"
	jf delete -f "$ID"
}

test_procviews_uptime_is_the_containers() {
	views_on
	run_d "$ID"
	sleep 1.2
	read -r UP IDLE < <(in_ct "$ID" cat /proc/uptime)
	HOST=$(cut -d. -f1 /proc/uptime)
	[ "$HOST" -gt 10 ] || skip "the host booted less than 10 s ago"
	[ "${UP%.*}" -lt 60 ] && [ $((${UP%.*} + 5)) -lt "$HOST" ] ||
		fail "container uptime $UP, host's $HOST"
	# busybox uptime reads /proc/uptime and /proc/loadavg
	assert_contains "$(in_ct "$ID" uptime)" "load average: " "uptime"
	OUT=$(in_ct "$ID" cat /proc/loadavg)
	[[ $OUT =~ ^[0-9]+\.[0-9]{2}\ [0-9]+\.[0-9]{2}\ [0-9]+\.[0-9]{2}\ [0-9]+/[0-9]+\ [0-9]+$ ]] ||
		fail "loadavg: $OUT"
	jf delete -f "$ID"
}

test_procviews_off_without_annotation() {
	local v
	for v in none false; do
		cfg '.process.args = ["sleep", "1000"]'
		[ $v = none ] || cfg '.annotations["org.jfrun.proc.virtualize"] = "false"'
		run_d "$ID$v"
		OUT=$(in_ct "$ID$v" cat /proc/self/mountinfo)
		case $OUT in *" /proc/meminfo "*) fail "a mount over /proc/meminfo with $v" ;; esac
		[ ! -e "$ROOT/$ID$v/procviews.pid" ] || fail "a refresher with $v"
		jf delete -f "$ID$v"
	done
}

test_procviews_malformed_annotation_fails_create() {
	cfg '.annotations["org.jfrun.proc.virtualize"] = "yes"'
	expect_fail "create with a malformed annotation" jf create -b "$BUNDLE" "$ID"
	assert_contains "$ERR" "org.jfrun.proc.virtualize"
	cfg '.annotations["org.jfrun.proc.virtualize"] = "true" | .annotations["org.jfrun.proc.refresh-ms"] = "soon"'
	expect_fail "create with a malformed period" jf create -b "$BUNDLE" "$ID"
	assert_contains "$ERR" "org.jfrun.proc.refresh-ms"
	[ ! -e "$ROOT/$ID" ] || fail "state left by a failed create"
}

test_procviews_cannot_be_written_or_unmounted() {
	# root with CAP_DAC_OVERRIDE: only the read-only mount refuses a write
	views_on '.process.capabilities.bounding += ["CAP_DAC_OVERRIDE"] | .process.capabilities.effective += ["CAP_DAC_OVERRIDE"] | .process.capabilities.permitted += ["CAP_DAC_OVERRIDE"]'
	run_d "$ID"
	expect_fail "a write to /proc/meminfo" in_ct "$ID" sh -c 'echo x >/proc/meminfo'
	assert_contains "$ERR" "Read-only file system" "the write's error"
	expect_fail "umount of /proc/meminfo without CAP_SYS_ADMIN" in_ct "$ID" umount /proc/meminfo
	expect_fail "lazy umount of /proc/meminfo" in_ct "$ID" umount -l /proc/meminfo
	assert_contains "$(in_ct "$ID" cat /proc/self/mountinfo)" " /proc/meminfo ro," "the view after the attempts"
	jf delete -f "$ID"
}

torn_reads() {
	need_probe
	views_on '.annotations["org.jfrun.proc.refresh-ms"] = "10" | .linux.resources.memory = {"limit": 268435456}'
	run_d "$ID"
	# a busy container, so that meminfo, stat and loadavg change too
	in_ct "$ID" sh -c 'while :; do :; done' &
	BUSY=$!
	OUT=$(in_ct "$ID" /probe hammer 100000 /proc/meminfo /proc/uptime /proc/stat /proc/loadavg 2>&1) ||
		fail "torn or failed reads: $OUT"
	assert_contains "$OUT" "bad=0"
	# the views did change while it read: the refresher made many versions
	GEN=$(in_ct "$ID" grep ' /proc/uptime ' /proc/self/mountinfo | awk '{ print $4 }' | sed 's|^/r||; s|\..*||' | sort -n | tail -n 1)
	[ "$GEN" -gt 50 ] || fail "only $GEN refreshes during the reads"
	kill "$BUSY" 2>/dev/null || true
	jf delete -f "$ID"
	wait "$BUSY" 2>/dev/null || true
}

test_procviews_reads_are_never_torn() {
	torn_reads
}

# The way of kernels before 6.5 (Debian 12's 6.1), forced where the kernel
# has MOVE_MOUNT_BENEATH (linux/view_mounts.h).
test_procviews_reads_are_never_torn_propagation_way() {
	has_beneath || skip "kernel $(uname -r) has no MOVE_MOUNT_BENEATH: the test above ran this way"
	export JFRUN_PROC_VIEWS_PROPAGATION=1
	torn_reads
}

test_procviews_refresher_killed_costs_staleness_only() {
	views_on
	run_d "$ID"
	# the shim writes it once it supervises (after run -d returned)
	for i in $(seq 1 200); do
		[ -s "$ROOT/$ID/procviews.pid" ] && break
		sleep 0.05
	done
	SHIM=$(cut -d' ' -f1 "$ROOT/$ID/procviews.pid")
	[ "$SHIM" = "$(cut -d' ' -f1 "$ROOT/$ID/shim.pid")" ] || fail "the refresher is not the shim"
	[ "$(jf state "$ID" | jq -r '.procViews // "fresh"')" = fresh ] || fail "stale before the kill"
	kill -9 "$SHIM"
	for i in $(seq 1 100); do
		[ -d "/proc/$SHIM" ] || break
		sleep 0.05
	done
	U1=$(in_ct "$ID" cat /proc/uptime) || fail "read after the kill"
	assert_contains "$(in_ct "$ID" cat /proc/meminfo)" "MemTotal:"
	sleep 1.5
	U2=$(in_ct "$ID" cat /proc/uptime)
	assert_eq "$U2" "$U1" "uptime after the refresher died (stale, not an error)"
	assert_eq "$(jf state "$ID" | jq -r .procViews)" stale "state's procViews"
	jf delete -f "$ID"
}

# The shim's fds, its memory and the container's mount table stay the
# same over 10,000 refreshes (org.jfrun.proc.refresh-ms=10; each refresh
# replaces uptime, whose version number names its file).
no_growth() {
	# Under ASan (jfrun-san) freed memory waits in a quarantine of up to
	# 256 MB before reuse: RSS would grow by design, not by a leak.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
	views_on '.annotations["org.jfrun.proc.refresh-ms"] = "10"'
	run_d "$ID"
	SHIM=$(cut -d' ' -f1 "$ROOT/$ID/shim.pid")
	# refreshes so far: uptime changes at each, and its file is named
	# r<refresh>.<i>
	gen() {
		in_ct "$ID" grep ' /proc/uptime ' /proc/self/mountinfo | awk '{ print $4 }' | sed 's|^/r||; s|\..*||' | sort -n | tail -n 1
	}
	# the least of several looks: a refresh in progress holds one more
	# mount, file and a few fds for a moment (spread over a second: on a
	# loaded machine a 10 ms refresh period keeps the shim busy for stretches)
	least() {
		local i n min=
		for i in $(seq 1 30); do
			n=$("$@")
			[ -z "$min" ] || [ "$n" -lt "$min" ] && min=$n
			sleep 0.03
		done
		echo "$min"
	}
	shim_fds() {
		ls /proc/$SHIM/fd | wc -l
	}
	mounts() {
		in_ct "$ID" grep -c . /proc/self/mountinfo
	}
	# the stage's tmpfs the versions are written to: the shim's one fd of
	# a tmpfs directory with mode 700 (in the stage namespace, not ours)
	tmpfs_inodes() {
		local fd
		for fd in /proc/$SHIM/fd/*; do
			[ "$(stat -f -c %T "$fd" 2>/dev/null)" = tmpfs ] &&
				[ "$(stat -L -c '%F %a' "$fd")" = "directory 700" ] || continue
			stat -f -c '%c %d' "$fd" | awk '{ print $1 - $2 }'
			return
		done
	}
	until [ "$(gen)" -ge 200 ]; do sleep 1; done
	MOUNTS1=$(least mounts)
	FDS1=$(least shim_fds)
	RSS1=$(awk '/^VmRSS/ { print $2 }' /proc/$SHIM/status)
	INODES1=$(least tmpfs_inodes)
	[ -n "$INODES1" ] || fail "the views' tmpfs not found among the shim's fds"
	for i in $(seq 1 300); do
		[ "$(gen)" -ge 10000 ] && break
		sleep 1
	done
	N=$(gen)
	MOUNTS2=$(least mounts)
	FDS2=$(least shim_fds)
	RSS2=$(awk '/^VmRSS/ { print $2 }' /proc/$SHIM/status)
	assert_eq "$MOUNTS2" "$MOUNTS1" "the container's mount count"
	assert_eq "$FDS2" "$FDS1" "the shim's fds"
	assert_eq "$(least tmpfs_inodes)" "$INODES1" "files in the views' tmpfs"
	# (ASan's allocator keeps per-size caches and redzones: 256 kB of slack
	# there, still less than 27 bytes a refresh over 10,000)
	local slack=64
	case "$JFRUN" in *-san) slack=256 ;; esac
	[ "$RSS2" -le $((RSS1 + slack)) ] || fail "the shim's RSS grew from $RSS1 to $RSS2 kB"
	jf delete -f "$ID"
	# (a VM without KVM refreshes far slower than every 10 ms)
	[ "$N" -ge 10000 ] ||
		skip "only $N refreshes in 300 s on this machine: no growth from 200 to $N"
}

test_procviews_no_growth_over_10000_refreshes() {
	no_growth
}

test_procviews_no_growth_over_10000_refreshes_propagation_way() {
	has_beneath || skip "kernel $(uname -r) has no MOVE_MOUNT_BENEATH: the test above ran this way"
	export JFRUN_PROC_VIEWS_PROPAGATION=1
	no_growth
}

# Managed mode (create/start, as podman and containerd call jfrun): the
# first versions are mounted by create, the sidecar refreshes them.
test_procviews_managed_mode_sidecar_refreshes() {
	views_on
	jf create -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
		fail "create: $(cat "$TEST_DIR/err")"
	jf start "$ID"
	for i in $(seq 1 200); do
		[ -s "$ROOT/$ID/procviews.pid" ] && break
		sleep 0.05
	done
	SIDECAR=$(cut -d' ' -f1 "$ROOT/$ID/procviews.pid")
	assert_eq "$SIDECAR" "$(cut -d' ' -f1 "$ROOT/$ID/sidecar.pid")" "the refresher"
	U1=$(in_ct "$ID" cat /proc/uptime)
	for i in $(seq 1 100); do
		U2=$(in_ct "$ID" cat /proc/uptime)
		[ "$U2" != "$U1" ] && break
		sleep 0.1
	done
	[ "$U2" != "$U1" ] || fail "uptime stayed $U1 for 10 s"
	[ "${U2%%.*}" -lt 60 ] || fail "uptime $U2 is not the container's"
	jf delete -f "$ID"
}
