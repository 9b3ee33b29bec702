# A process started by `jfrun exec` gets what the container's init gets:
# one table of expectations (the config's values, chosen so that nobody
# inherits them), checked on the init and on an exec'd process of the same
# container.  Each is a shell that reads its own /proc/$$ (the process
# jfrun exec'd, before any execve of its own) and then becomes a sleep, so
# that the host can read its cgroup and namespaces too.

# probe_bundle: the config the table below expects, and /probe.sh.
probe_bundle() {
	cat >"$BUNDLE/rootfs/probe.sh" <<-'EOF'
		s=/proc/$$/status
		for k in NoNewPrivs Seccomp Seccomp_filters CapInh CapPrm CapEff CapBnd CapAmb Uid Gid Groups; do
			echo "$k=$(awk -v k="$k:" '$1 == k { $1 = ""; print substr($0, 2) }' "$s")"
		done
		echo "nofile=$(awk '/^Max open files/ { print $4, $5 }' /proc/$$/limits)"
		echo "core=$(awk '/^Max core file size/ { print $5, $6 }' /proc/$$/limits)"
		echo "msgqueue=$(awk '/^Max msgqueue size/ { print $4, $5 }' /proc/$$/limits)"
		echo "oom_score_adj=$(cat /proc/$$/oom_score_adj)"
		echo "label=$(cat /proc/$$/attr/current 2>/dev/null | tr -d '\0')"
		echo "sethostname=$(hostname probe 2>&1 | grep -o 'not permitted\|Operation not permitted\|Permission denied' | head -1)"
		echo END
		exec sleep 300
	EOF
	# Bounding {CHOWN, KILL, SETGID, NET_BIND_SERVICE, SYS_CHROOT}; the
	# user is not root, so after its execve a process keeps the ambient
	# set only (NET_BIND_SERVICE) in permitted and effective.
	cfg '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [10, 20]}
		| .process.args = ["sh", "/probe.sh"]
		| .process.noNewPrivileges = true
		| .process.oomScoreAdj = 123
		| .process.capabilities = {
			"bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SETGID", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT"],
			"effective": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"permitted": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"inheritable": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
			"ambient": ["CAP_NET_BIND_SERVICE"]}
		| .process.rlimits = [
			{"type": "RLIMIT_NOFILE", "soft": 1234, "hard": 2345},
			{"type": "RLIMIT_CORE", "soft": 4096, "hard": 8192},
			{"type": "RLIMIT_MSGQUEUE", "soft": 77777, "hard": 88888}]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
			"syscalls": [{"names": ["sethostname"], "action": "SCMP_ACT_ERRNO"}]}
		| .linux.namespaces += [{"type": "cgroup"}]
		| .linux.cgroupsPath = "'"$CG_PATH"'"'
}

# The table: what every process of that container must show.
declare -A WANT=(
	[NoNewPrivs]=1
	[Seccomp]=2
	[Seccomp_filters]=1
	[CapBnd]=$(((1 << 0) | (1 << 5) | (1 << 6) | (1 << 10) | (1 << 18)))
	[CapInh]=$(((1 << 5) | (1 << 10)))
	[CapPrm]=$((1 << 10))
	[CapEff]=$((1 << 10))
	[CapAmb]=$((1 << 10))
	[Uid]="1000 1000 1000 1000"
	[Gid]="1000 1000 1000 1000"
	[Groups]="10 20"
	[nofile]="1234 2345"
	[core]="4096 8192"
	[msgqueue]="77777 88888"
	[oom_score_adj]=123
	[sethostname]="Operation not permitted"
)

# probe_check WHO FILE HOST-PID: FILE (the probe's lines) against the table,
# and the host's view of HOST-PID: the container's cgroup in every hierarchy,
# the init's namespaces.
probe_check() {
	local who=$1 file=$2 pid=$3 k got ns
	wait_lines "$file" 18
	grep -qx END "$file" || fail "$who: the probe did not finish: $(cat "$file")"
	for k in "${!WANT[@]}"; do
		got=$(sed -n "s/^$k=//p" "$file" | xargs)
		case $k in Cap*) got=$((16#${got:-x})) ;; esac
		[ "$got" = "${WANT[$k]}" ] || fail "$who: $k is \"$got\", expected \"${WANT[$k]}\""
	done
	# The LSM label (apparmor/selinux) of the init, whatever it is here.
	[ "$(sed -n 's/^label=//p' "$file")" = "$(sed -n 's/^label=//p' "$TEST_DIR/init.txt")" ] ||
		fail "$who: label differs from the init's"
	wait_comm "$pid" sleep
	# In the container's cgroup wherever the init is, and the init is in
	# it in every hierarchy a manager reads (a cgroupsPath is given).
	diff "/proc/$pid/cgroup" "/proc/$INIT_PID/cgroup" >"$TEST_DIR/diff" ||
		fail "$who: cgroups differ from the init's: $(tr '\n' ' ' <"$TEST_DIR/diff")"
	for ctrl in devices memory cpu cpuacct pids blkio; do
		[ -d "/sys/fs/cgroup/$ctrl" ] || continue
		grep -qE "^[0-9]+:([^:]*,)?$ctrl(,[^:]*)?:$CG_PATH\$" "/proc/$pid/cgroup" ||
			fail "$who: not in $CG_PATH of the $ctrl hierarchy: $(tr '\n' ' ' <"/proc/$pid/cgroup")"
	done
	for ns in cgroup ipc mnt net pid user uts; do
		assert_eq "$(readlink "/proc/$pid/ns/$ns")" "$(readlink "/proc/$INIT_PID/ns/$ns")" "$who: $ns namespace"
	done
}

# The init's namespaces are the container's own (not the host's).
init_namespaces_are_new() {
	local ns
	for ns in cgroup ipc mnt net pid uts; do
		[ "$(readlink "/proc/$INIT_PID/ns/$ns")" != "$(readlink "/proc/self/ns/$ns")" ] ||
			fail "init: $ns namespace is the host's"
	done
}

start_probe_container() {
	ID=xp${TEST_DIR##*.}
	CG_PATH=/jfrun/$ID
	probe_bundle
	jf run -d -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/init.err" ||
		fail "run: $(cat "$TEST_DIR/init.err")"
	INIT_PID=$(jf state "$ID" | jq -r .pid)
	# Under run -d the init's output is in its shim's log.
	local i
	for i in $(seq 1 100); do
		jf logs "$ID" >"$TEST_DIR/init.txt" 2>/dev/null || true
		[ "$(wc -l <"$TEST_DIR/init.txt")" -ge 18 ] && break
		sleep 0.05
	done
}

test_exec_parity_init_gets_the_table() {
	start_probe_container
	init_namespaces_are_new
	probe_check init "$TEST_DIR/init.txt" "$INIT_PID"
	jf delete --force "$ID"
}

test_exec_parity_exec_gets_the_same_table() {
	local pid
	start_probe_container
	probe_check init "$TEST_DIR/init.txt" "$INIT_PID"
	jf exec -d --pid-file "$TEST_DIR/exec.pid" "$ID" sh /probe.sh </dev/null \
		>"$TEST_DIR/exec.txt" 2>"$TEST_DIR/exec.err" || fail "exec: $(cat "$TEST_DIR/exec.err")"
	pid=$(cat "$TEST_DIR/exec.pid")
	probe_check exec "$TEST_DIR/exec.txt" "$pid"
	# And in the foreground (the way clients usually exec).
	jf exec "$ID" sh -c 'sed "s/exec sleep 300//" /probe.sh | sh -s' \
		>"$TEST_DIR/exec-fg.txt" 2>"$TEST_DIR/exec.err" || fail "exec: $(cat "$TEST_DIR/exec.err")"
	diff <(grep -v '^label=' "$TEST_DIR/exec-fg.txt" | grep -E '^(NoNewPrivs|Seccomp|CapBnd|CapInh|Groups|nofile|core|msgqueue|oom_score_adj|sethostname)=') \
		<(grep -E '^(NoNewPrivs|Seccomp|CapBnd|CapInh|Groups|nofile|core|msgqueue|oom_score_adj|sethostname)=' "$TEST_DIR/init.txt") >"$TEST_DIR/diff" ||
		fail "foreground exec differs from the init: $(cat "$TEST_DIR/diff" | tr '\n' ' ')"
	jf delete --force "$ID"
}

# --no-new-privs on a container without noNewPrivileges.
test_exec_no_new_privs_flag_sets_it() {
	local id=xn${TEST_DIR##*.}
	set_args sleep 300
	cfg '.process.noNewPrivileges = false'
	jf_quiet run -d -b "$BUNDLE" "$id"
	assert_eq "$(jf exec "$id" awk '/^NoNewPrivs:/ { print $2 }' /proc/self/status)" 0 "NoNewPrivs without the flag"
	assert_eq "$(jf exec --no-new-privs "$id" awk '/^NoNewPrivs:/ { print $2 }' /proc/self/status)" 1 "NoNewPrivs with --no-new-privs"
	jf delete --force "$id"
}
