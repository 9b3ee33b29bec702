# create / start / state / kill / delete as the OCI spec describes them.

test_create_leaves_container_created() {
	set_args sh -c 'echo started >/tmp/marker; sleep 30'
	jf create -b "$BUNDLE" c1
	assert_eq "$(status_of c1)" created
	[ ! -e "$BUNDLE/rootfs/tmp/marker" ] || fail "process ran before start"
	jf delete --force c1
}

test_start_runs_the_process() {
	set_args sh -c 'echo started >/tmp/marker; sleep 30'
	jf create -b "$BUNDLE" c1
	jf start c1
	assert_eq "$(status_of c1)" running
	for i in $(seq 50); do [ -e "$BUNDLE/rootfs/tmp/marker" ] && break; sleep 0.05; done
	[ -e "$BUNDLE/rootfs/tmp/marker" ] || fail "process did not run"
	jf delete --force c1
}

test_state_has_oci_fields() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	local s
	s=$(jf state c1)
	# the config's own (bundles made by an older `jfrun spec` say 1.2.0)
	assert_eq "$(echo "$s" | jq -r .ociVersion)" "$(jq -r .ociVersion "$BUNDLE/config.json")"
	assert_eq "$(echo "$s" | jq -r .id)" c1
	assert_eq "$(echo "$s" | jq -r .bundle)" "$BUNDLE"
	[ "$(echo "$s" | jq -r .pid)" -gt 0 ] || fail "pid missing: $s"
	echo "$s" | jq -e '.annotations | type == "object"' >/dev/null || fail "annotations: $s"
	echo "$s" | jq -e '.created | test("^[0-9]{4}-")' >/dev/null || fail "created: $s"
	jf delete --force c1
}

test_state_pid_is_the_init() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	local pid
	pid=$(jf state c1 | jq -r .pid)
	assert_eq "$(readlink /proc/$pid/ns/pid)" "$(readlink /proc/$pid/ns/pid_for_children)"
	[ "$(readlink /proc/$pid/ns/pid)" != "$(readlink /proc/self/ns/pid)" ] ||
		fail "init shares the host pid namespace"
	jf delete --force c1
}

test_kill_then_stopped() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	jf start c1
	jf kill c1 KILL
	wait_status c1 stopped
	jf delete c1
}

test_kill_accepts_names_and_numbers() {
	# Each signal only after the last one was handled: two USR1 sent
	# during one sleep would be one.
	set_args sh -c 'trap "echo usr1 >>/tmp/log" USR1; trap "echo term >>/tmp/log; exit 0" TERM; echo ready >/tmp/log; while :; do sleep 0.05; done'
	jf create -b "$BUNDLE" c1
	jf start c1
	wait_lines "$BUNDLE/rootfs/tmp/log" 1
	jf kill c1 SIGUSR1
	wait_lines "$BUNDLE/rootfs/tmp/log" 2
	jf kill c1 usr1
	wait_lines "$BUNDLE/rootfs/tmp/log" 3
	jf kill c1 15
	wait_status c1 stopped
	assert_eq "$(cat "$BUNDLE/rootfs/tmp/log" | tr '\n' ' ')" "ready usr1 usr1 term "
	jf delete c1
}

test_kill_unknown_signal_fails() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	expect_fail "kill" jf kill c1 SIGNOPE
	assert_contains "$ERR" "SIGNOPE"
	jf delete --force c1
}

test_kill_stopped_container_fails() {
	set_args true
	jf create -b "$BUNDLE" c1
	jf start c1
	wait_status c1 stopped
	expect_fail "kill" jf kill c1 KILL
	assert_contains "$ERR" "stopped"
	jf delete c1
}

test_delete_running_without_force_fails() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	jf start c1
	expect_fail "delete" jf delete c1
	assert_contains "$ERR" "running"
	assert_eq "$(status_of c1)" running
	jf delete --force c1
}

test_delete_force_kills_running() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	jf start c1
	local pid
	pid=$(jf state c1 | jq -r .pid)
	jf delete --force c1
	[ ! -d /proc/$pid ] || grep -q '^State:.*Z' /proc/$pid/status || fail "init $pid still alive"
	expect_fail "state" jf state c1
	assert_contains "$ERR" "does not exist"
}

test_start_after_the_init_died_says_so() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	local pid
	pid=$(jf state c1 | jq -r .pid)
	kill -9 "$pid"
	wait_status c1 stopped
	expect_fail "start of a dead init" jf start c1
	assert_contains "$ERR" "its init exited before start"
	jf delete c1
}

test_start_twice_fails() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	jf start c1
	expect_fail "second start" jf start c1
	assert_contains "$ERR" "running"
	jf delete --force c1
}

test_duplicate_id_refused() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	expect_fail "second create" jf create -b "$BUNDLE" c1
	assert_contains "$ERR" "already exists"
	assert_eq "$(status_of c1)" created
	jf delete --force c1
}

test_pid_file_written() {
	set_args sleep 30
	jf create -b "$BUNDLE" --pid-file "$TEST_DIR/pid" c1
	assert_eq "$(cat "$TEST_DIR/pid")" "$(jf state c1 | jq -r .pid)"
	jf delete --force c1
}

test_list_shows_containers() {
	set_args sleep 30
	jf create -b "$BUNDLE" c1
	jf create -b "$BUNDLE" c2
	jf start c2
	local l
	l=$(jf list)
	assert_contains "$l" "c1"
	assert_contains "$(jf list --format json | jq -r '.[] | .id + "=" + .status' | tr '\n' ' ')" "c1=created c2=running"
	assert_eq "$(jf list -q | tr '\n' ' ')" "c1 c2 "
	jf delete --force c1
	jf delete --force c2
}

# A state dir without state.json (an interrupted delete, or one an older
# jfrun made, when ids could hold quotes and backslashes): state and list
# still print JSON that parses, with the id as it is.
test_state_and_list_print_an_odd_id_as_valid_json() {
	local id='q"b\c' out
	mkdir "$ROOT/$id"
	out=$(jf state "$id") || fail "state: $out"
	assert_eq "$(echo "$out" | jq -r .id)" "$id" "state's id ($out)"
	out=$(jf list --format json) || fail "list: $out"
	assert_eq "$(echo "$out" | jq -r '.[].id')" "$id" "list's id ($out)"
	jf delete --force "$id"
}

test_state_of_unknown_container_fails() {
	expect_fail "state" jf state nope
	assert_contains "$ERR" 'container "nope" does not exist'
}
