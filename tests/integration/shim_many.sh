# Many containers under their shims at once (issue 21, "Many containers"):
# SHIM_MANY (default 100) `run -d` containers supervised together, each by
# its own shim; every log whole, every exit recorded with its reason, and
# nothing left once they are deleted.
# test-timeout: 900  (100 containers started one by one, also under ASan on a loaded 2-core machine)

ID=m${TEST_DIR##*.}

# The shims of this test: their command line is the CLI's (a fork).
our_shims() {
	pgrep -f -- "--root $ROOT run" || true
}

# many_expected I: what the log of container I says (stdout).
many_expected() {
	local i
	for i in $(seq 0 19); do echo "$ID-$1 line $i"; done
	if [ $(($1 % 2)) -eq 1 ]; then
		echo "got TERM"
	else
		printf '%s' "$ID-$1 tail"
	fi
}

# wait_log_lines ID N: poll until the container's log has N records (120 s:
# 100 containers start and write on a loaded machine).
wait_log_lines() {
	local i
	for i in $(seq 1 1200); do
		[ "$(wc -l <"$ROOT/$1/container.log" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "$1: its log never reached $2 records: $(cat "$ROOT/$1/container.log" 2>&1)"
}

# shim_gone PID: poll until the shim PID has exited (a zombie or reaped,
# or its pid taken by something else) (60 s).
shim_gone() {
	local i
	for i in $(seq 1 600); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = jfrun-shim ] ||
			return 0
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ] && return 0
		sleep 0.1
	done
	return 1
}

test_shim_hundred_containers_at_once() {
	local n=${SHIM_MANY:-100} i id shim init rc want bad=0 shims=""
	# USR1 (sent by hand, not through jfrun): exits by itself, code I % 50;
	# TERM through `jfrun kill`: stopped.  Both leave a known last line.
	cat >"$BUNDLE/rootfs/many.sh" <<'EOF'
trap 'printf "%s tail" "$NAME"; exit $((${NAME##*-} % 50))' USR1
trap 'echo got TERM; exit 99' TERM
i=0
while [ $i -lt 20 ]; do echo "$NAME line $i"; i=$((i + 1)); done
echo "$NAME err" >&2
sleep 100000 &
wait
EOF
	set_args sh /many.sh
	for ((i = 0; i < n; i++)); do
		cfg ".process.env |= (map(select(startswith(\"NAME=\") | not)) + [\"NAME=$ID-$i\"])"
		jf run -d -b "$BUNDLE" "$ID-$i" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
			fail "run -d $ID-$i (the $((i + 1))th): $(cat "$TEST_DIR/err")"
	done

	# All of them at once, each with its own shim, its init's parent.
	for ((i = 0; i < n; i++)); do
		id=$ID-$i
		wait_log_lines "$id" 21
		shim=$(cut -d' ' -f1 "$ROOT/$id/shim.pid")
		init=$(jf state "$id" | jq -r .pid)
		assert_eq "$(cat "/proc/$shim/comm" 2>&1)" jfrun-shim "$id: its shim"
		assert_eq "$(ps -o ppid= -p "$init" | tr -d ' ')" "$shim" "$id: its init's parent"
		shims="$shims $shim"
	done
	assert_eq "$(tr ' ' '\n' <<<"$shims" | sed '/^$/d' | sort -u | wc -l)" "$n" "distinct shims"
	assert_eq "$(jf list | awk -v p="^$ID-" '$1 ~ p && $3 == "running"' | wc -l)" "$n" "running in list"

	# The odd ones stopped through jfrun, the even ones end by themselves.
	for ((i = 1; i < n; i += 2)); do
		jf kill "$ID-$i" TERM
	done
	for ((i = 0; i < n; i += 2)); do
		kill -USR1 "$(jf state "$ID-$i" | jq -r .pid)"
	done

	for ((i = 0; i < n; i++)); do
		id=$ID-$i
		set +e
		jf wait "$id"
		rc=$?
		set -e
		if [ $((i % 2)) -eq 1 ]; then
			want='{"code":99,"signal":0,"reason":"stopped"}'
		else
			want="{\"code\":$((i % 50)),\"signal\":0,\"reason\":\"exited\"}"
		fi
		assert_eq "$rc" "$(jq .code <<<"$want")" "$id: wait's exit code"
		assert_eq "$(jf state "$id" | jq -c .exit)" "$want" "$id: its exit"
		jf logs "$id" >"$TEST_DIR/out" 2>"$TEST_DIR/err2"
		if ! cmp -s "$TEST_DIR/out" <(many_expected "$i") ||
			[ "$(cat "$TEST_DIR/err2")" != "$id err" ]; then
			bad=$((bad + 1))
			echo "$id: log differs: $(tail -c 200 "$TEST_DIR/out" | od -c | tail -3)"
		fi
	done
	assert_eq "$bad" 0 "logs with a difference (of $n)"
	jf list >"$TEST_DIR/list"
	assert_eq "$(grep -c "^$ID-[0-9]* .* stopped .* stopped (99)\$" "$TEST_DIR/list")" $((n / 2)) "stopped in list"
	assert_eq "$(grep -c "^$ID-[0-9]* .* stopped .* exited ([0-9]*)\$" "$TEST_DIR/list")" $((n - n / 2)) "exited in list"

	# Every shim gone with its container (it exits right after its record;
	# under ASan its exit takes a while): none left running (60 s).
	for shim in $shims; do
		shim_gone "$shim" || fail "shim $shim still runs 60 s after its container stopped"
	done
	for ((i = 0; i < n; i++)); do
		jf delete "$ID-$i"
	done
	[ -z "$(our_shims)" ] || fail "shims left: $(our_shims | xargs -r ps -o pid,ppid,stat,args -p)"
}
