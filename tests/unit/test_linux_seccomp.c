/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.seccomp: prepare in this process, load in a forked child (a filter
 * cannot be removed), and let the child report what its syscalls returned.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/seccomp.h"
#include "unit.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct call {
	long nr;
	long a0, a1;
};

/* An i386 syscall through int $0x80, to see the filter's arch checks. */
#define I386_NR_GETPPID	  64
#define CALL_I386_GETPPID -1

static long call_i386(long nr)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/* Whether this kernel runs i386 syscalls of a 64-bit process (some do not:
 * IA32 emulation off, or a hypervisor that refuses int $0x80). */
static bool i386_syscalls_work(void)
{
	static int known = -1; /* probed once per run */
	int status = -1;
	pid_t pid;

	if (known >= 0)
		return known;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		syscall(SYS_exit_group,
			call_i386(I386_NR_GETPPID) == (long)getppid() ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	known = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return known;
}

/* errno of one call, 0 when it succeeded. */
static int make_call(const struct call *c)
{
	long r;

	if (c->nr == CALL_I386_GETPPID) {
		r = call_i386(I386_NR_GETPPID);
		return r < 0 ? (int)-r : 0;
	}
	r = syscall(c->nr, c->a0, c->a1);
	return r < 0 ? errno : 0;
}

/*
 * Load `sc` in a child, make `calls` there and store each call's errno in
 * `errs`.  Returns the child's wait status; the child exits 0 when it could
 * report, 100 when the load failed.  Filters under test must allow write and
 * exit_group.
 */
static int run_calls(const struct jf_seccomp *sc, const struct call *calls,
		     size_t n, int *errs)
{
	int fds[2], status = -1;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct jf_error err;
		int res[8];

		close(fds[0]);
		/* SIGSYS deaths must not leave core files behind. */
		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		if (jf_seccomp_load(sc, &err) < 0) {
			fprintf(stderr, "load: %s\n", err.msg);
			_exit(100);
		}
		for (size_t i = 0; i < n && i < ARRAY_LEN(res); i++)
			res[i] = make_call(&calls[i]);
		/* exit_group directly: the sanitizers' exit path makes
		 * syscalls the filter under test may refuse. */
		syscall(SYS_exit_group, write(fds[1], res, n * sizeof(int)) ==
						(ssize_t)(n * sizeof(int))
					    ? 0
					    : 101);
	}
	close(fds[1]);
	if (read(fds[0], errs, n * sizeof(int)) != (ssize_t)(n * sizeof(int)))
		memset(errs, 0xff, n * sizeof(int));
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static bool exited_ok(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool killed_by_sigsys(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
}

/* A profile with one rule for `name`. */
static struct oci_seccomp one_rule(const char *def, char *name,
				   const char *action,
				   struct oci_seccomp_syscall *call)
{
	static char *names[1];

	names[0] = name;
	*call = (struct oci_seccomp_syscall){
	    .names = names,
	    .n_names = 1,
	    .action = (char *)action,
	};
	return (struct oci_seccomp){
	    .default_action = (char *)def,
	    .syscalls = call,
	    .n_syscalls = 1,
	};
}

/* Load `s` and make one call; its errno, or -1 if the child died. */
static int errno_of_call(const struct oci_seccomp *s, struct call c,
			 int *status)
{
	struct jf_seccomp *sc = NULL;
	struct jf_error err;
	int e = -1;

	if (jf_seccomp_prepare(s, &sc, &err) < 0) {
		printf("  prepare: %s\n", err.msg);
		return -2;
	}
	*status = run_calls(sc, &c, 1, &e);
	jf_seccomp_free(sc);
	return exited_ok(*status) ? e : -1;
}

static const struct call getppid_call = {SYS_getppid, 0, 0};

/* --- prepare/load basics --- */

static void test_no_seccomp_prepares_and_loads_nothing(const char *name)
{
	struct jf_seccomp *sc = (void *)1;
	struct jf_error err;

	CHECK(jf_seccomp_prepare(NULL, &sc, &err) == 0);
	CHECK(sc == NULL);
	CHECK(jf_seccomp_load(NULL, &err) == 0);
}

static void test_errno_rule_returns_errno_ret(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);
	int status;

	call.has_errno_ret = true;
	call.errno_ret = ENOSPC;
	CHECK(errno_of_call(&s, getppid_call, &status) == ENOSPC);
}

static void test_errno_rule_defaults_to_eperm(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);
	int status;

	CHECK(errno_of_call(&s, getppid_call, &status) == EPERM);
}

/* Default ERRNO with an allow list: what is not listed fails. */
static struct oci_seccomp allow_list(struct oci_seccomp_syscall *call)
{
	static char *names[] = {"write", "exit_group", "exit", "getppid"};

	*call = (struct oci_seccomp_syscall){
	    .names = names,
	    .n_names = ARRAY_LEN(names),
	    .action = "SCMP_ACT_ALLOW",
	};
	return (struct oci_seccomp){
	    .default_action = "SCMP_ACT_ERRNO",
	    .syscalls = call,
	    .n_syscalls = 1,
	};
}

static void
test_default_errno_ret_applies_to_unlisted_syscalls(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s = allow_list(&call);
	struct call c = {SYS_getuid, 0, 0};
	int status;

	s.has_default_errno_ret = true;
	s.default_errno_ret = EXDEV;
	CHECK(errno_of_call(&s, c, &status) == EXDEV);
}

static void test_default_errno_defaults_to_eperm(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s = allow_list(&call);
	struct call c = {SYS_getuid, 0, 0};
	int status;

	CHECK(errno_of_call(&s, c, &status) == EPERM);
}

static void test_allow_rule_passes_under_default_errno(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s = allow_list(&call);
	int status;

	CHECK(errno_of_call(&s, getppid_call, &status) == 0);
}

/* --- actions --- */

static int status_of_action(const char *action)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", (char *)action, &call);
	int status = -1;

	errno_of_call(&s, getppid_call, &status);
	return status;
}

/* How the actions differ: getppid is called in a second thread, with a
 * SIGSYS handler installed.  The child exits THREAD_TRAPPED when the
 * handler saw the seccomp trap, THREAD_DIED when the thread ended without
 * it (only the thread was killed), THREAD_RETURNED when the call returned;
 * the whole process dies of SIGSYS for KILL_PROCESS. */
enum { THREAD_TRAPPED = 10, THREAD_DIED = 20, THREAD_RETURNED = 30 };
static volatile sig_atomic_t trapped;

static void on_sigsys(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	trapped = info->si_code == 1 /* SYS_SECCOMP */ &&
		  info->si_syscall == SYS_getppid;
}

static void *call_getppid(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return (void *)1;
}

static int status_in_a_thread(const char *action)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", (char *)action, &call);
	struct jf_seccomp *sc = NULL;
	struct jf_error err;
	int status = -1;
	pid_t pid;

	if (jf_seccomp_prepare(&s, &sc, &err) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = {.sa_sigaction = on_sigsys,
				       .sa_flags = SA_SIGINFO};
		pthread_t t;
		void *ret = NULL;

		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		sigaction(SIGSYS, &sa, NULL);
		if (jf_seccomp_load(sc, &err) < 0)
			syscall(SYS_exit_group, 100);
		if (pthread_create(&t, NULL, call_getppid, NULL) != 0)
			syscall(SYS_exit_group, 101);
		pthread_join(t, &ret);
		syscall(SYS_exit_group, trapped	      ? THREAD_TRAPPED
					: ret == NULL ? THREAD_DIED
						      : THREAD_RETURNED);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	jf_seccomp_free(sc);
	return status;
}

static bool exited_with(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* The whole process dies, though another thread made the call. */
static void test_kill_process_action_kills_with_sigsys(const char *name)
{
	CHECK(killed_by_sigsys(status_of_action("SCMP_ACT_KILL_PROCESS")));
	CHECK(killed_by_sigsys(status_in_a_thread("SCMP_ACT_KILL_PROCESS")));
}

/* Only the calling thread dies: the process goes on, no handler runs. */
static void test_kill_thread_action_kills_with_sigsys(const char *name)
{
	CHECK(killed_by_sigsys(status_of_action("SCMP_ACT_KILL_THREAD")));
	CHECK(exited_with(status_in_a_thread("SCMP_ACT_KILL_THREAD"),
			  THREAD_DIED));
}

/* SCMP_ACT_KILL is KILL_THREAD (the spec's and libseccomp's meaning). */
static void test_kill_action_kills_with_sigsys(const char *name)
{
	CHECK(killed_by_sigsys(status_of_action("SCMP_ACT_KILL")));
	CHECK(exited_with(status_in_a_thread("SCMP_ACT_KILL"), THREAD_DIED));
}

/* A SIGSYS that a handler catches, with the syscall's number. */
static void test_trap_action_raises_sigsys(const char *name)
{
	CHECK(killed_by_sigsys(status_of_action("SCMP_ACT_TRAP")));
	CHECK(exited_with(status_in_a_thread("SCMP_ACT_TRAP"), THREAD_TRAPPED));
}

static void test_log_action_lets_the_syscall_run(const char *name)
{
	CHECK(exited_ok(status_of_action("SCMP_ACT_LOG")));
}

/*
 * What tells LOG from ALLOW: the kernel's audit record of the call (type
 * 1326, AUDIT_SECCOMP), which reaches /dev/kmsg when no auditd takes it.
 * The kernel's printk rate limit may drop a record (other filters log
 * too): the call is repeated, a few seconds apart, before giving up.
 */
#define KMSG_WAIT_MS	 3000
#define KMSG_TRIES	 4
#define RET_KILL_PROCESS 0x80000000U /* SECCOMP_RET_*, the record's code */
#define RET_LOG		 0x7ffc0000U

/* A child that loads `sc`, calls getppid and exits 0; its pid, or -1. */
static pid_t getppid_under(const struct jf_seccomp *sc)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct jf_error err;

		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		if (jf_seccomp_load(sc, &err) < 0)
			syscall(SYS_exit_group, 100);
		syscall(SYS_getppid);
		syscall(SYS_exit_group, 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return pid;
}

/* Whether a record of /dev/kmsg (read from `fd` on) says that `pid`'s
 * getppid met a filter whose action was `code`, within KMSG_WAIT_MS. */
static bool kmsg_has_seccomp_record(int fd, pid_t pid, unsigned code)
{
	char rec[2048], pid_field[32], syscall_field[32], code_field[32];
	double end = unit_now() + KMSG_WAIT_MS / 1000.0;
	ssize_t n;

	snprintf(pid_field, sizeof(pid_field), " pid=%d ", (int)pid);
	snprintf(syscall_field, sizeof(syscall_field), " syscall=%d ",
		 SYS_getppid);
	snprintf(code_field, sizeof(code_field), " code=0x%x", code);
	while (unit_now() < end) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EAGAIN) {
			usleep(20000);
			continue;
		}
		if (n <= 0)
			continue; /* EPIPE: records overwritten, go on */
		rec[n] = '\0';
		if (strstr(rec, "type=1326") != NULL &&
		    strstr(rec, pid_field) != NULL &&
		    strstr(rec, syscall_field) != NULL &&
		    strstr(rec, code_field) != NULL)
			return true;
	}
	return false;
}

/* 1: `action`'s record was seen; 0: not; -1: the child did not run. */
static int action_logged(const char *action, unsigned code, int kmsg)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", action, &call);
	struct jf_seccomp *sc = NULL;
	struct jf_error err;
	int seen = 0;

	if (jf_seccomp_prepare(&s, &sc, &err) < 0)
		return -1;
	for (int i = 0; i < KMSG_TRIES && !seen; i++) {
		pid_t pid = getppid_under(sc);

		if (pid < 0) {
			seen = -1;
			break;
		}
		seen = kmsg_has_seccomp_record(kmsg, pid, code);
	}
	jf_seccomp_free(sc);
	return seen;
}

static void test_log_action_is_logged_by_the_kernel(const char *name)
{
	char logged[256] = "";
	int kmsg, seen;
	FILE *f = fopen("/proc/sys/kernel/seccomp/actions_logged", "r");

	if (f != NULL) {
		if (fgets(logged, sizeof(logged), f) == NULL)
			logged[0] = '\0';
		fclose(f);
	}
	if (strstr(logged, "log") == NULL ||
	    strstr(logged, "kill_process") == NULL)
		SKIP("kernel.seccomp.actions_logged does not log \"log\" and "
		     "\"kill_process\" here: \"%s\"",
		     logged);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg < 0)
		SKIP("/dev/kmsg: %s (where the audit records are read)",
		     strerror(errno));
	lseek(kmsg, 0, SEEK_END);
	/* Where the records go: a KILL_PROCESS, always logged, shows it. */
	seen = action_logged("SCMP_ACT_KILL_PROCESS", RET_KILL_PROCESS, kmsg);
	if (seen == 0) {
		close(kmsg);
		SKIP("seccomp's audit records do not reach /dev/kmsg here "
		     "(an auditd takes them, or audit=0)");
	}
	CHECK(seen == 1);
	seen = action_logged("SCMP_ACT_LOG", RET_LOG, kmsg);
	close(kmsg);
	CHECK(seen == 1);
}

/* With no tracer attached the kernel fails a TRACE rule with ENOSYS. */
static void test_trace_action_without_tracer_fails_with_enosys(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_TRACE", &call);
	int status;

	call.has_errno_ret = true;
	call.errno_ret = 1234;
	CHECK(errno_of_call(&s, getppid_call, &status) == ENOSYS);
}

/* --- argument conditions (dup's fd argument; no fd 500+ is open) --- */

static int dup_errs(struct oci_seccomp_arg *args, size_t n_args,
		    const long *fds, size_t n_fds, int *errs)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "dup", "SCMP_ACT_ERRNO", &call);
	struct jf_seccomp *sc = NULL;
	struct call calls[8];
	struct jf_error err;
	int status;

	call.has_errno_ret = true;
	call.errno_ret = EXDEV;
	call.args = args;
	call.n_args = n_args;
	if (jf_seccomp_prepare(&s, &sc, &err) < 0) {
		printf("  prepare: %s\n", err.msg);
		return -1;
	}
	for (size_t i = 0; i < n_fds; i++)
		calls[i] = (struct call){SYS_dup, fds[i], 0};
	status = run_calls(sc, calls, n_fds, errs);
	jf_seccomp_free(sc);
	return exited_ok(status) ? 0 : -1;
}

static void test_each_operator_compares_as_named(const char *name)
{
	static const struct {
		const char *op;
		int expect[3]; /* for fd 599, 600, 601 */
	} cases[] = {
	    {"SCMP_CMP_EQ", {EBADF, EXDEV, EBADF}},
	    {"SCMP_CMP_NE", {EXDEV, EBADF, EXDEV}},
	    {"SCMP_CMP_LT", {EXDEV, EBADF, EBADF}},
	    {"SCMP_CMP_LE", {EXDEV, EXDEV, EBADF}},
	    {"SCMP_CMP_GE", {EBADF, EXDEV, EXDEV}},
	    {"SCMP_CMP_GT", {EBADF, EBADF, EXDEV}},
	};
	static const long fds[] = {599, 600, 601};
	int errs[3];

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct oci_seccomp_arg arg = {
		    .index = 0, .value = 600, .op = (char *)cases[i].op};

		CHECK(dup_errs(&arg, 1, fds, 3, errs) == 0);
		for (int j = 0; j < 3; j++) {
			if (errs[j] != cases[i].expect[j])
				UNIT_FAIL(name, "%s: dup(%ld) gave errno %d",
					  cases[i].op, fds[j], errs[j]);
		}
	}
}

static void test_masked_eq_compares_the_masked_argument(const char *name)
{
	/* value is the mask, valueTwo the expected result. */
	struct oci_seccomp_arg arg = {.index = 0,
				      .value = 0xf00,
				      .value_two = 0x300,
				      .op = "SCMP_CMP_MASKED_EQ"};
	static const long fds[] = {0x3ff, 0x400};
	int errs[2];

	CHECK(dup_errs(&arg, 1, fds, 2, errs) == 0);
	CHECK(errs[0] == EXDEV);
	CHECK(errs[1] == EBADF);
}

/* Eight conditions: more than a rule can hold, each becomes its own rule. */
static void test_conditions_on_one_index_match_any(const char *name)
{
	struct oci_seccomp_arg args[8];
	static const long fds[] = {500, 507, 508};
	int errs[3];

	for (int i = 0; i < 8; i++)
		args[i] = (struct oci_seccomp_arg){
		    .index = 0, .value = 500 + i, .op = "SCMP_CMP_EQ"};
	CHECK(dup_errs(args, 8, fds, 3, errs) == 0);
	CHECK(errs[0] == EXDEV);
	CHECK(errs[1] == EXDEV);
	CHECK(errs[2] == EBADF);
}

static void test_conditions_on_distinct_indexes_must_all_match(const char *name)
{
	static char *names[] = {"dup2"};
	struct oci_seccomp_arg args[] = {
	    {.index = 0, .value = 0, .op = "SCMP_CMP_EQ"},
	    {.index = 1, .value = 777, .op = "SCMP_CMP_EQ"},
	};
	struct oci_seccomp_syscall call = {
	    .names = names,
	    .n_names = 1,
	    .action = "SCMP_ACT_ERRNO",
	    .has_errno_ret = true,
	    .errno_ret = EXDEV,
	    .args = args,
	    .n_args = 2,
	};
	struct oci_seccomp s = {.default_action = "SCMP_ACT_ALLOW",
				.syscalls = &call,
				.n_syscalls = 1};
	struct call calls[] = {
	    {SYS_dup2, 0, 777}, {SYS_dup2, 0, 778}, {SYS_dup2, 1, 777}};
	struct jf_seccomp *sc = NULL;
	struct jf_error err;
	int errs[3];

	CHECK(jf_seccomp_prepare(&s, &sc, &err) == 0);
	CHECK(exited_ok(run_calls(sc, calls, 3, errs)));
	jf_seccomp_free(sc);
	CHECK(errs[0] == EXDEV);
	CHECK(errs[1] == 0);
	CHECK(errs[2] == 0);
}

/* --- what prepare skips --- */

static void test_rule_repeating_the_default_action_is_skipped(const char *name)
{
	static char *names[] = {"getppid"};
	struct oci_seccomp_syscall call = {
	    .names = names,
	    .n_names = 1,
	    .action = "SCMP_ACT_ERRNO",
	    .has_errno_ret = true,
	    .errno_ret = EPERM,
	};
	struct oci_seccomp s = {.default_action = "SCMP_ACT_ERRNO",
				.syscalls = &call,
				.n_syscalls = 1};
	struct jf_seccomp *sc = NULL;
	struct jf_error err;

	CHECK(jf_seccomp_prepare(&s, &sc, &err) == 0);
	CHECK(sc != NULL);
	jf_seccomp_free(sc);
}

static void
test_syscall_names_unknown_to_libseccomp_are_skipped(const char *name)
{
	static char *names[] = {"no_such_syscall_2099", "getppid"};
	struct oci_seccomp_syscall call = {
	    .names = names,
	    .n_names = 2,
	    .action = "SCMP_ACT_ERRNO",
	    .has_errno_ret = true,
	    .errno_ret = EXDEV,
	};
	struct oci_seccomp s = {.default_action = "SCMP_ACT_ALLOW",
				.syscalls = &call,
				.n_syscalls = 1};
	int status;

	CHECK(errno_of_call(&s, getppid_call, &status) == EXDEV);
}

/* --- architectures and flags --- */

static void test_listed_architecture_gets_the_rules(const char *name)
{
	static char *archs[] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
				"SCMP_ARCH_X32"};
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);
	struct call c = {CALL_I386_GETPPID, 0, 0};
	int status;

	if (!i386_syscalls_work())
		SKIP("this kernel runs no i386 syscalls (int $0x80)");

	call.has_errno_ret = true;
	call.errno_ret = EXDEV;
	s.architectures = archs;
	s.n_architectures = ARRAY_LEN(archs);
	CHECK(errno_of_call(&s, c, &status) == EXDEV);
}

static void test_unlisted_architecture_is_killed(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);
	struct call c = {CALL_I386_GETPPID, 0, 0};
	int status = -1;

	if (!i386_syscalls_work())
		SKIP("this kernel runs no i386 syscalls (int $0x80)");

	errno_of_call(&s, c, &status);
	CHECK(killed_by_sigsys(status));
}

static void test_every_flag_loads(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);
	char *flag[1];
	int status;

	call.has_errno_ret = true;
	call.errno_ret = EXDEV;
	for (size_t i = 0; jf_seccomp_flags[i] != NULL; i++) {
		flag[0] = (char *)jf_seccomp_flags[i];
		s.flags = flag;
		s.n_flags = 1;
		if (errno_of_call(&s, getppid_call, &status) != EXDEV)
			UNIT_FAIL(name, "%s: status %#x", flag[0], status);
	}
}

/* --- errors name the field --- */

static void check_prepare_error(const char *name, const struct oci_seccomp *s,
				const char *expect)
{
	struct jf_seccomp *sc = NULL;
	struct jf_error err;

	if (jf_seccomp_prepare(s, &sc, &err) == 0) {
		jf_seccomp_free(sc);
		UNIT_FAIL(name, "prepare succeeded");
	}
	CHECK(sc == NULL);
	CHECK_STR(err.msg, expect);
}

static void test_unknown_default_action_names_the_field(const char *name)
{
	struct oci_seccomp s = {.default_action = "SCMP_ACT_FOO"};

	check_prepare_error(
	    name, &s,
	    "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_FOO\"");
}

static void test_unknown_rule_action_names_the_field(const char *name)
{
	static char *names[] = {"getppid"};
	struct oci_seccomp_syscall calls[4] = {
	    {.names = names, .n_names = 1, .action = "SCMP_ACT_ALLOW"},
	    {.names = names, .n_names = 1, .action = "SCMP_ACT_ALLOW"},
	    {.names = names, .n_names = 1, .action = "SCMP_ACT_ALLOW"},
	    {.names = names, .n_names = 1, .action = "SCMP_ACT_FOO"},
	};
	struct oci_seccomp s = {.default_action = "SCMP_ACT_ERRNO",
				.syscalls = calls,
				.n_syscalls = 4};

	check_prepare_error(name, &s,
			    "linux.seccomp.syscalls[3].action: unknown action "
			    "\"SCMP_ACT_FOO\"");
}

static void test_errno_ret_above_16_bits_names_the_field(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_ERRNO", &call);

	call.has_errno_ret = true;
	call.errno_ret = 70000;
	check_prepare_error(name, &s,
			    "linux.seccomp.syscalls[0].errnoRet: 70000 is out "
			    "of range [0, 65535]");
}

static void test_unknown_architecture_names_the_field(const char *name)
{
	static char *archs[] = {"SCMP_ARCH_X86", "SCMP_ARCH_Z80"};
	struct oci_seccomp s = {.default_action = "SCMP_ACT_ALLOW",
				.architectures = archs,
				.n_architectures = 2};

	check_prepare_error(name, &s,
			    "linux.seccomp.architectures[1]: unknown "
			    "architecture \"SCMP_ARCH_Z80\"");
}

static void test_unknown_operator_names_the_field(const char *name)
{
	struct oci_seccomp_arg args[] = {
	    {.index = 0, .op = "SCMP_CMP_EQ"},
	    {.index = 1, .op = "SCMP_CMP_ALMOST"},
	};
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "dup2", "SCMP_ACT_ERRNO", &call);

	call.args = args;
	call.n_args = 2;
	check_prepare_error(name, &s,
			    "linux.seccomp.syscalls[0].args[1].op: unknown "
			    "operator \"SCMP_CMP_ALMOST\"");
}

static void test_argument_index_above_5_names_the_field(const char *name)
{
	struct oci_seccomp_arg arg = {.index = 6, .op = "SCMP_CMP_EQ"};
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "dup2", "SCMP_ACT_ERRNO", &call);

	call.args = &arg;
	call.n_args = 1;
	check_prepare_error(name, &s,
			    "linux.seccomp.syscalls[0].args[0].index: 6 is out "
			    "of range [0, 5]");
}

static void test_unknown_flag_names_the_field(const char *name)
{
	static char *flags[] = {"SECCOMP_FILTER_FLAG_LOG",
				"SECCOMP_FILTER_FLAG_FOO"};
	struct oci_seccomp s = {
	    .default_action = "SCMP_ACT_ALLOW", .flags = flags, .n_flags = 2};

	check_prepare_error(name, &s,
			    "linux.seccomp.flags[1]: unknown flag "
			    "\"SECCOMP_FILTER_FLAG_FOO\"");
}

static void test_notify_action_is_not_supported_yet(const char *name)
{
	struct oci_seccomp_syscall call;
	struct oci_seccomp s =
	    one_rule("SCMP_ACT_ALLOW", "getppid", "SCMP_ACT_NOTIFY", &call);

	s.listener_path = "/run/agent.sock";
	check_prepare_error(name, &s,
			    "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY "
			    "needs a seccomp listener "
			    "(linux.seccomp.listenerPath): not supported yet");
}

static void test_notify_default_action_is_not_supported_yet(const char *name)
{
	struct oci_seccomp s = {.default_action = "SCMP_ACT_NOTIFY"};

	check_prepare_error(name, &s,
			    "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY "
			    "needs a seccomp listener "
			    "(linux.seccomp.listenerPath): not supported yet");
}

/* --- features --- */

static bool listed(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

static void test_features_list_what_prepare_accepts(const char *name)
{
	char *arch[1];
	struct oci_seccomp s = {.architectures = arch, .n_architectures = 1};
	struct jf_seccomp *sc;
	struct jf_error err;

	CHECK(listed(jf_seccomp_actions, "SCMP_ACT_KILL_PROCESS"));
	CHECK(!listed(jf_seccomp_actions, "SCMP_ACT_NOTIFY"));
	CHECK(listed(jf_seccomp_operators, "SCMP_CMP_MASKED_EQ"));
	CHECK(listed(jf_seccomp_flags, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"));
	for (size_t i = 0; jf_seccomp_actions[i] != NULL; i++) {
		s.default_action = (char *)jf_seccomp_actions[i];
		arch[0] = "SCMP_ARCH_X86_64";
		if (jf_seccomp_prepare(&s, &sc, &err) < 0)
			UNIT_FAIL(name, "%s", err.msg);
		jf_seccomp_free(sc);
	}
	/* libseccomp knows every listed name, though it will not mix
	 * big-endian architectures into this little-endian filter. */
	s.default_action = "SCMP_ACT_ALLOW";
	for (size_t i = 0; jf_seccomp_archs[i] != NULL; i++) {
		arch[0] = (char *)jf_seccomp_archs[i];
		if (jf_seccomp_prepare(&s, &sc, &err) < 0 &&
		    strstr(err.msg, "unknown") != NULL)
			UNIT_FAIL(name, "%s", err.msg);
		jf_seccomp_free(sc);
	}
}

int main(void)
{
	RUN(test_no_seccomp_prepares_and_loads_nothing);
	RUN(test_errno_rule_returns_errno_ret);
	RUN(test_errno_rule_defaults_to_eperm);
	RUN(test_default_errno_ret_applies_to_unlisted_syscalls);
	RUN(test_default_errno_defaults_to_eperm);
	RUN(test_allow_rule_passes_under_default_errno);
	RUN(test_kill_process_action_kills_with_sigsys);
	RUN(test_kill_thread_action_kills_with_sigsys);
	RUN(test_kill_action_kills_with_sigsys);
	RUN(test_trap_action_raises_sigsys);
	RUN(test_log_action_lets_the_syscall_run);
	RUN(test_log_action_is_logged_by_the_kernel);
	RUN(test_trace_action_without_tracer_fails_with_enosys);
	RUN(test_each_operator_compares_as_named);
	RUN(test_masked_eq_compares_the_masked_argument);
	RUN(test_conditions_on_one_index_match_any);
	RUN(test_conditions_on_distinct_indexes_must_all_match);
	RUN(test_rule_repeating_the_default_action_is_skipped);
	RUN(test_syscall_names_unknown_to_libseccomp_are_skipped);
	RUN(test_listed_architecture_gets_the_rules);
	RUN(test_unlisted_architecture_is_killed);
	RUN(test_every_flag_loads);
	RUN(test_unknown_default_action_names_the_field);
	RUN(test_unknown_rule_action_names_the_field);
	RUN(test_errno_ret_above_16_bits_names_the_field);
	RUN(test_unknown_architecture_names_the_field);
	RUN(test_unknown_operator_names_the_field);
	RUN(test_argument_index_above_5_names_the_field);
	RUN(test_unknown_flag_names_the_field);
	RUN(test_notify_action_is_not_supported_yet);
	RUN(test_notify_default_action_is_not_supported_yet);
	RUN(test_features_list_what_prepare_accepts);
	UNIT_EXIT();
}
