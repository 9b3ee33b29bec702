# Seccomp (config-linux.md "Seccomp").  Every filter allows by default so
# that the runtime's own last steps and the shell keep working; the rules
# single out harmless syscalls that jfcheck then calls.
# jq programs are single-quoted on purpose; helpers take optional arguments.
# shellcheck disable=SC2016,SC2119,SC2120,SC2153

# seccomp_rules JQ-ARRAY: defaultAction ALLOW with these syscall rules.
seccomp_rules() {
	cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
			       architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
			       syscalls: '"$1"'}'
}

case_seccomp_filter_installed() {
	new_bundle
	seccomp_rules '[{names: ["getcwd"], action: "SCMP_ACT_ERRNO"}]'
	expect_checks seccomp=2
}

case_seccomp_errno_action() {
	new_bundle
	seccomp_rules '[{names: ["getcwd"], action: "SCMP_ACT_ERRNO", errnoRet: 42}]'
	expect_checks seccomp-errno=getcwd,0,0:42
}

case_seccomp_errno_default_is_eperm() {
	new_bundle
	seccomp_rules '[{names: ["getcwd"], action: "SCMP_ACT_ERRNO"}]'
	expect_checks seccomp-errno=getcwd,0,0:1
}

case_seccomp_rule_names_several_syscalls() {
	new_bundle
	seccomp_rules '[{names: ["getcwd", "getpgrp"], action: "SCMP_ACT_ERRNO", errnoRet: 13}]'
	expect_checks seccomp-errno=getcwd,0,0:13 seccomp-errno=getpgrp:13 \
		seccomp-allowed=getppid:13
}

case_seccomp_args_condition() {
	new_bundle
	# getpriority(PRIO_PROCESS=0, 0) is refused, getpriority(PRIO_PGRP=1, 0)
	# is not.
	seccomp_rules '[{names: ["getpriority"], action: "SCMP_ACT_ERRNO", errnoRet: 13,
			 args: [{index: 0, value: 0, op: "SCMP_CMP_EQ"}]}]'
	expect_checks seccomp-errno=getpriority,0,0:13 \
		seccomp-allowed=getpriority,1,0:13
}

case_seccomp_args_masked_eq() {
	new_bundle
	# Refused when (arg0 & 0xff) == 0x12.
	seccomp_rules '[{names: ["getpriority"], action: "SCMP_ACT_ERRNO", errnoRet: 13,
			 args: [{index: 0, value: 255, valueTwo: 18, op: "SCMP_CMP_MASKED_EQ"}]}]'
	expect_checks seccomp-errno=getpriority,0x112,0:13 \
		seccomp-allowed=getpriority,0,0:13
}

case_seccomp_kill_action() {
	new_bundle
	seccomp_rules '[{names: ["getcwd"], action: "SCMP_ACT_KILL"}]'
	args /bin/jfcheck seccomp-errno=getcwd,0,0:1
	run_container
	# SIGSYS (31) ends the process: 128 + 31.
	[ "$RC" -eq 159 ] || fail "run exited $RC, want 159 (killed by SIGSYS)"
}

# What a static binary needs to start and run jfcheck's checks, plus what a
# runtime may still call between loading the filter and execve (Go's
# runtime in runc's init).
SECCOMP_ALLOW_LIST="execve execveat exit exit_group brk mmap munmap mprotect
madvise arch_prctl set_tid_address set_robust_list rseq prlimit64 readlinkat
getrandom uname read write close openat fstat newfstatat fcntl getppid getpid
gettid tgkill futex nanosleep clock_gettime clock_nanosleep sched_yield
sched_getaffinity rt_sigreturn rt_sigprocmask rt_sigaction sigaltstack
capget capset prctl setuid setgid setgroups setresuid setresgid fstatfs statfs
close_range dup3 epoll_pwait epoll_ctl getdents64 lseek"

case_seccomp_default_errno_ret() {
	local allow
	new_bundle
	# shellcheck disable=SC2086
	allow=$(jq -cn '$ARGS.positional' --args $SECCOMP_ALLOW_LIST)
	cfg '.process.noNewPrivileges = true
	   | .linux.seccomp = {defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: 38,
			       architectures: ["SCMP_ARCH_X86_64"],
			       syscalls: [{action: "SCMP_ACT_ALLOW", names: $allow}]}' \
		--argjson allow "$allow"
	expect_checks seccomp-errno=getpgrp:38 seccomp-allowed=getppid:38
}
