/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The jfrun_monitor module's tests (tests/kmod/monitor.sh runs them in the
 * test VM, with the module loaded), through jfrun's own client
 * (src/monitor/).  A static binary: it also runs inside busybox containers
 * as the memory hog.
 *
 *   monitor_test abi                       print the module's ABI version
 *   monitor_test watch PID ID SOFT HARD MS SECONDS
 *        register PID, print "registered", then one line per event
 *        ("soft|hard rss=N limit=N procs=N", "gone") until "gone" or, after
 *        SECONDS, "timeout"
 *   monitor_test hog MIB [STEP_MS]         touch MIB MiB, 1 MiB per STEP_MS,
 *                                          print "hogging", sleep forever
 *   monitor_test hold PID                  register PID, print "held", sleep
 *   monitor_test SCENARIO [N]              bad-ioctls, hysteresis, shared-mm,
 *        kill-tree, kill-ns, many, killed-holder, zombie, cycles N: print "ok"
 *        and exit 0, or "FAIL: <why>" and exit 1
 *
 * Sizes take K/M/G suffixes.  In the scenarios, a "container" is a child
 * driven through pipes: it holds the number of MiB it is told to (touched,
 * so resident), in a new pid namespace or not, itself or as the init's
 * child (the grandchild of this program).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "monitor/monitor.h"

#define MIB	    (1024 * 1024ULL)
#define COUNT_PARAM "/sys/module/jfrun_monitor/parameters/registrations"

/* Processes to kill when a scenario fails half-way. */
static pid_t spawned[64];
static int n_spawned;

/* Kill what a failed scenario left: the inits it tracked (each one's pid
 * namespace dies with it), then the rest of its process group (clones and
 * grandchildren would hold the caller's stdout open). */
static void cleanup(void)
{
	for (int i = 0; i < n_spawned; i++)
		kill(spawned[i], SIGKILL);
	if (getpgrp() == getpid()) {
		signal(SIGTERM, SIG_IGN);
		kill(0, SIGTERM);
	}
}

static void track(pid_t pid)
{
	if (n_spawned < (int)(sizeof(spawned) / sizeof(spawned[0])))
		spawned[n_spawned++] = pid;
}

/* SIGALRM (a scenario's own time limit) or SIGTERM (timeout(1)). */
static void on_timeout(int sig)
{
	static const char msg[] = "FAIL: timed out\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	cleanup();
	_exit(1);
}

__attribute__((format(printf, 2, 3), noreturn)) static void
fail_at(int line, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL: line %d: ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	cleanup();
	exit(1);
}

#define EXPECT(cond, ...)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			fail_at(__LINE__, __VA_ARGS__);                        \
	} while (0)

/* ioctl(2) as an errno: 0 on success. */
#define IOCTL_ERR(fd, req, arg) (ioctl((fd), (req), (arg)) < 0 ? errno : 0)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Bytes, with a K/M/G suffix (powers of 1024). */
static uint64_t size_arg(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == 0 && end != s) {
		const char *units = "KMG",
			   *u = *end ? strchr(units, *end) : NULL;

		if (u && end[1] == '\0')
			return (uint64_t)v << (10 * (u - units + 1));
		if (*end == '\0')
			return v;
	}
	fprintf(stderr, "monitor_test: %s: not a size\n", s);
	exit(2);
}

static int open_dev(void)
{
	struct jf_error err = {0};
	int fd = jf_monitor_open(NULL, &err);

	EXPECT(fd >= 0, "%s", err.msg);
	return fd;
}

static struct jfmon_register request(pid_t pid, uint64_t soft, uint64_t hard,
				     uint32_t ms)
{
	struct jf_monitor_limits l = {soft, hard, ms};
	struct jf_error err = {0};
	struct jfmon_register r;
	char id[32];

	snprintf(id, sizeof(id), "test-%d", (int)pid);
	EXPECT(jf_monitor_request(pid, id, &l, &r, &err) == 0, "%s", err.msg);
	return r;
}

static void register_ok(int fd, pid_t pid, uint64_t soft, uint64_t hard,
			uint32_t ms)
{
	struct jfmon_register r = request(pid, soft, hard, ms);
	struct jf_error err = {0};

	EXPECT(jf_monitor_register(fd, &r, &err) == 0, "%s", err.msg);
}

static uint32_t fd_count(int fd)
{
	struct jf_error err = {0};
	uint32_t n = 0;

	EXPECT(jf_monitor_count(fd, &n, &err) == 0, "%s", err.msg);
	return n;
}

static unsigned int module_count(void)
{
	unsigned int n = 0;
	FILE *f = fopen(COUNT_PARAM, "r");

	EXPECT(f != NULL, "%s: %s", COUNT_PARAM, strerror(errno));
	EXPECT(fscanf(f, "%u", &n) == 1, "%s: not a number", COUNT_PARAM);
	fclose(f);
	return n;
}

/* The next event within MS milliseconds: 1, or 0 on timeout. */
static int next_event(int fd, int ms, struct jfmon_event *ev)
{
	long long deadline = now_ms() + ms;
	struct jf_error err = {0};

	for (;;) {
		int r = jf_monitor_read(fd, ev, &err);
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long long left;

		EXPECT(r >= 0, "%s", err.msg);
		if (r == 1)
			return 1;
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		poll(&p, 1, (int)left);
	}
}

static void expect_event(int fd, int ms, uint32_t type, pid_t pid,
			 struct jfmon_event *ev)
{
	EXPECT(next_event(fd, ms, ev) == 1, "no %s event for %d within %d ms",
	       jf_monitor_event_name(type), (int)pid, ms);
	EXPECT(ev->type == type && ev->pid == pid,
	       "expected %s for %d, got %s for %d (rss %llu)",
	       jf_monitor_event_name(type), (int)pid,
	       jf_monitor_event_name(ev->type), (int)ev->pid,
	       (unsigned long long)ev->rss);
}

static void expect_no_event(int fd, int ms)
{
	struct jfmon_event ev;

	EXPECT(next_event(fd, ms, &ev) == 0,
	       "unexpected %s event for %d (rss %llu, limit %llu)",
	       jf_monitor_event_name(ev.type), (int)ev.pid,
	       (unsigned long long)ev.rss, (unsigned long long)ev.limit);
}

/* waitpid with a timeout: the status, or -1. */
static int reap(pid_t pid, int ms)
{
	long long deadline = now_ms() + ms;
	int status;

	do {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		EXPECT(r == 0, "waitpid %d: %s", (int)pid, strerror(errno));
		sleep_ms(5);
	} while (now_ms() < deadline);
	return -1;
}

static void expect_killed(pid_t pid, const char *what)
{
	int status = reap(pid, 10000);

	EXPECT(status != -1, "%s (%d) still alive", what, (int)pid);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "%s (%d) ended with status 0x%x, not SIGKILL", what, (int)pid,
	       status);
}

/* ---- the driven "container" ---- */

#define HOG_CLONES 0xffffffffu /* command: start 3 CLONE_VM processes */
#define HOG_FORKS  0xfffffffeu /* command: fork 100 idle children */

struct hog {
	pid_t pid; /* the init, in our pid namespace */
	pid_t hog; /* the process holding the memory, as it sees itself */
	int cmd;   /* commands: uint32 MiB wanted, or HOG_CLONES */
	int ack;   /* one pid_t per command done */
};

static int clone_idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return 0;
}

/* Hold exactly `want` MiB, touched. */
static void hold_mib(void **chunks, uint32_t *have, uint32_t want)
{
	while (*have < want) {
		void *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			_exit(3);
		memset(p, 0x5a, MIB);
		chunks[(*have)++] = p;
	}
	while (*have > want)
		munmap(chunks[--(*have)], MIB);
}

static __attribute__((noreturn)) void hog_loop(int cmd, int ack)
{
	static void *chunks[4096];
	uint32_t have = 0, want;
	pid_t self = getpid();

	while (read(cmd, &want, sizeof(want)) == sizeof(want)) {
		if (want == HOG_CLONES) {
			for (int i = 0; i < 3; i++) {
				char *stack = malloc(64 * 1024);

				if (!stack ||
				    clone(clone_idle, stack + 64 * 1024,
					  CLONE_VM | SIGCHLD, NULL) < 0)
					_exit(4);
			}
		} else if (want == HOG_FORKS) {
			for (int i = 0; i < 100; i++) {
				pid_t c = fork();

				if (c < 0)
					_exit(7);
				if (c == 0)
					for (;;)
						pause();
			}
		} else {
			hold_mib(chunks, &have, want > 4096 ? 4096 : want);
		}
		if (write(ack, &self, sizeof(self)) != sizeof(self))
			_exit(5);
	}
	_exit(0);
}

static void hog_send(struct hog *h, uint32_t cmd, bool wait_ack)
{
	pid_t who;

	EXPECT(write(h->cmd, &cmd, sizeof(cmd)) == sizeof(cmd),
	       "command to %d: %s", (int)h->pid, strerror(errno));
	if (wait_ack)
		EXPECT(read(h->ack, &who, sizeof(who)) == sizeof(who),
		       "no answer from %d", (int)h->pid);
}

/*
 * A container: in a new pid namespace (NEWNS) or not; the memory held by
 * its init or (GRANDCHILD) by a child of the init, which then only sleeps
 * and never reaps.
 */
static struct hog spawn(bool newns, bool grandchild)
{
	struct hog h;
	int cmd[2], ack[2];
	pid_t pid;

	EXPECT(pipe(cmd) == 0 && pipe(ack) == 0, "pipe: %s", strerror(errno));
	fflush(stdout);
	if (newns)
		pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL,
				     NULL, NULL, NULL);
	else
		pid = fork();
	EXPECT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL); /* cleanup() terminates it */
		close(cmd[1]);
		close(ack[0]);
		if (grandchild) {
			pid_t g = fork();

			if (g < 0)
				_exit(6);
			if (g == 0)
				hog_loop(cmd[0], ack[1]);
			close(cmd[0]);
			close(ack[1]);
			for (;;)
				pause();
		}
		hog_loop(cmd[0], ack[1]);
	}
	track(pid);
	close(cmd[0]);
	close(ack[1]);
	h.pid = pid;
	h.cmd = cmd[1];
	h.ack = ack[0];
	h.hog = 0;
	/* Ready once it answered; the answer says who holds the memory. */
	EXPECT(write(h.cmd, &(uint32_t){0}, 4) == 4, "command: %s",
	       strerror(errno));
	EXPECT(read(h.ack, &h.hog, sizeof(h.hog)) == sizeof(h.hog),
	       "no answer from %d", (int)pid);
	if (!newns && grandchild)
		track(h.hog);
	return h;
}

static void hog_close(struct hog *h)
{
	close(h->cmd);
	close(h->ack);
}

/* ---- commands ---- */

static int cmd_abi(void)
{
	int fd = open_dev();
	uint32_t abi = 0;

	EXPECT(IOCTL_ERR(fd, JFMON_IOC_ABI_VERSION, &abi) == 0, "ABI ioctl");
	printf("abi %u\n", abi);
	return abi == JFMON_ABI_VERSION ? 0 : 1;
}

static int cmd_watch(char **argv)
{
	struct jf_monitor_limits l = {size_arg(argv[2]), size_arg(argv[3]),
				      (uint32_t)atoi(argv[4])};
	long long deadline = now_ms() + atoi(argv[5]) * 1000LL;
	struct jf_error err = {0};
	struct jfmon_register r;
	struct jfmon_event ev;
	int fd = open_dev();

	if (jf_monitor_request(atoi(argv[0]), argv[1], &l, &r, &err) < 0 ||
	    jf_monitor_register(fd, &r, &err) < 0) {
		printf("error: %s\n", err.msg);
		return 1;
	}
	printf("registered\n");
	fflush(stdout);
	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0 || next_event(fd, (int)left, &ev) == 0) {
			printf("timeout\n");
			return 0;
		}
		if (ev.type == JFMON_EVENT_GONE) {
			printf("gone\n");
			return 0;
		}
		printf("%s rss=%llu limit=%llu procs=%u\n",
		       ev.type == JFMON_EVENT_SOFT ? "soft" : "hard",
		       (unsigned long long)ev.rss, (unsigned long long)ev.limit,
		       ev.nr_procs);
		fflush(stdout);
	}
}

__attribute__((noreturn)) static void cmd_hog(int argc, char **argv)
{
	static void *chunks[4096];
	uint32_t have = 0, mib = (uint32_t)atoi(argv[0]);
	int step = argc > 1 ? atoi(argv[1]) : 0;

	while (have < mib && have < 4096) {
		hold_mib(chunks, &have, have + 1);
		if (step > 0)
			sleep_ms(step);
	}
	printf("hogging %u MiB\n", have);
	fflush(stdout);
	for (;;)
		pause();
}

__attribute__((noreturn)) static void cmd_hold(char **argv)
{
	int fd = open_dev();

	register_ok(fd, atoi(argv[0]), 0, 1ULL << 40, 50);
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}

/* ---- scenarios ---- */

static void *thread_idle(void *arg)
{
	*(pid_t *)arg = gettid();
	for (;;)
		pause();
	return NULL;
}

static void drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		_exit(20);
	d[0].effective &= ~(1u << CAP_SYS_ADMIN);
	d[0].permitted &= ~(1u << CAP_SYS_ADMIN);
	d[0].inheritable &= ~(1u << CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &h, d) < 0)
		_exit(21);
}

/* Without CAP_SYS_ADMIN: no open, no register through an inherited fd. */
static void check_privilege(int fd, pid_t target)
{
	struct jfmon_register r = request(target, 0, 1ULL << 30, 100);
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	EXPECT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		uint32_t abi;
		int e;

		drop_cap_sys_admin();
		e = open(JF_MONITOR_DEVICE, O_RDWR) < 0 ? errno : 0;
		if (e != EPERM)
			_exit(10);
		if (IOCTL_ERR(fd, JFMON_IOC_REGISTER, &r) != EPERM)
			_exit(11);
		if (IOCTL_ERR(fd, JFMON_IOC_ABI_VERSION, &abi) != 0)
			_exit(12);
		if (setresuid(65534, 65534, 65534) < 0)
			_exit(13);
		e = open(JF_MONITOR_DEVICE, O_RDWR) < 0 ? errno : 0;
		_exit(e == EACCES ? 0 : 14);
	}
	EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status),
	       "privilege child died");
	EXPECT(WEXITSTATUS(status) == 0,
	       "privilege check %d (10: open without CAP_SYS_ADMIN, 11: "
	       "register through an inherited fd, 12: ABI, 14: open as nobody)",
	       WEXITSTATUS(status));
}

static void check_fields(int fd, pid_t target)
{
	const struct jfmon_register ok = request(target, 0, 1ULL << 30, 100);
	struct jfmon_register r;
	pid_t gone;

#define BAD(field_change, want)                                                \
	do {                                                                   \
		int e_;                                                        \
		r = ok;                                                        \
		field_change;                                                  \
		e_ = IOCTL_ERR(fd, JFMON_IOC_REGISTER, &r);                    \
		EXPECT(e_ == (want), "%s: got %s, expected %s", #field_change, \
		       strerror(e_), strerror(want));                          \
	} while (0)

	BAD(r.abi = JFMON_ABI_VERSION + 1, EPROTO);
	BAD(r.abi = 0, EPROTO);
	BAD(r.pid = 0, EINVAL);
	BAD(r.pid = -1, EINVAL);
	BAD(r.pid = INT_MIN, EINVAL);
	BAD(r.soft = r.hard = 0, EINVAL);
	BAD(r.soft = (uint64_t)-1, EINVAL);
	BAD(r.hard = (uint64_t)INT64_MIN, EINVAL);
	BAD(r.hard = JFMON_LIMIT_MAX + 1, EINVAL);
	BAD((r.soft = 2 * MIB, r.hard = MIB), EINVAL);
	BAD(r.interval_ms = 0, EINVAL);
	BAD(r.interval_ms = JFMON_INTERVAL_MAX_MS + 1, EINVAL);
	BAD(r.interval_ms = UINT32_MAX, EINVAL);
	BAD(r.flags = 1, EINVAL);
	BAD(r.id[0] = '\0', EINVAL);
	BAD(memset(r.id, 'x', sizeof(r.id)), EINVAL);
	BAD(r.id[1] = '\n', EINVAL);
	/* Processes the monitor must not take. */
	BAD(r.pid = INT_MAX, ESRCH);
	BAD(r.pid = getpid(), EINVAL);	/* the caller */
	BAD(r.pid = getppid(), EINVAL); /* an ancestor */
	BAD(r.pid = 1, EINVAL);		/* init, an ancestor */
	BAD(r.pid = 2, EINVAL);		/* kthreadd */
	gone = fork();
	if (gone == 0)
		_exit(0);
	EXPECT(reap(gone, 5000) != -1, "child did not exit");
	BAD(r.pid = gone, ESRCH);
#undef BAD
}

static void check_sizes_and_pointers(int fd, pid_t target)
{
	struct jfmon_register r = request(target, 0, 1ULL << 30, 100);
	char big[512] = {0};
	uint32_t u;

	memcpy(big, &r, sizeof(r));
	/* Our requests with another size or direction: another ABI. */
	EXPECT(IOCTL_ERR(fd,
			 _IOC(_IOC_WRITE, JFMON_IOC_MAGIC, 1, sizeof(r) - 8),
			 big) == EINVAL,
	       "short register");
	EXPECT(IOCTL_ERR(fd,
			 _IOC(_IOC_WRITE, JFMON_IOC_MAGIC, 1, sizeof(r) + 8),
			 big) == EINVAL,
	       "long register");
	EXPECT(IOCTL_ERR(fd, _IOR(JFMON_IOC_MAGIC, 1, struct jfmon_register),
			 big) == EINVAL,
	       "register read");
	EXPECT(IOCTL_ERR(fd, _IOC(_IOC_WRITE, JFMON_IOC_MAGIC, 2, 4), big) ==
		   EINVAL,
	       "short unregister");
	EXPECT(IOCTL_ERR(fd, _IOR(JFMON_IOC_MAGIC, 0, uint64_t), big) == EINVAL,
	       "long ABI query");
	/* Not ours at all. */
	EXPECT(IOCTL_ERR(fd, _IO(JFMON_IOC_MAGIC, 0x40), NULL) == ENOTTY,
	       "unknown number");
	EXPECT(IOCTL_ERR(fd, _IOW('x', 1, struct jfmon_register), big) ==
		   ENOTTY,
	       "another magic");
	EXPECT(IOCTL_ERR(fd, TCGETS, big) == ENOTTY, "TCGETS");
	/* Bad pointers. */
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_REGISTER, NULL) == EFAULT, "NULL reg");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_REGISTER, (void *)8) == EFAULT, "8 reg");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, NULL) == EFAULT, "NULL unr");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_ABI_VERSION, NULL) == EFAULT,
	       "NULL abi");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_COUNT, (void *)-4096L) == EFAULT,
	       "kernel address count");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_ABI_VERSION, &u) == 0 &&
		   u == JFMON_ABI_VERSION,
	       "ABI query");
}

static void check_file_ops(int fd)
{
	char buf[sizeof(struct jfmon_event)];
	struct pollfd p = {.fd = fd, .events = POLLIN};

	EXPECT(read(fd, buf, 10) < 0 && errno == EINVAL, "short read: %s",
	       strerror(errno));
	EXPECT(read(fd, buf, sizeof(buf)) < 0 && errno == EAGAIN,
	       "empty read: %s", strerror(errno));
	EXPECT(poll(&p, 1, 0) == 0, "poll says ready with no event");
	EXPECT(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek: %s",
	       strerror(errno));
	EXPECT(write(fd, "x", 1) < 0 && errno == EINVAL, "write: %s",
	       strerror(errno));
}

static void check_ownership(int fd, pid_t target)
{
	struct jfmon_register r = request(target, 0, 1ULL << 30, 100);
	struct jfmon_unregister u = {.pid = target};
	int other = open_dev();

	EXPECT(IOCTL_ERR(fd, JFMON_IOC_REGISTER, &r) == 0, "register");
	EXPECT(fd_count(fd) == 1, "count after register");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_REGISTER, &r) == EEXIST, "twice");
	EXPECT(IOCTL_ERR(other, JFMON_IOC_REGISTER, &r) == EEXIST,
	       "twice, from another fd");
	EXPECT(IOCTL_ERR(other, JFMON_IOC_UNREGISTER, &u) == ENOENT,
	       "unregister another fd's");
	u.flags = 1;
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == EINVAL, "flags");
	u.flags = 0;
	u.pid = 0;
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == EINVAL, "pid 0");
	u.pid = INT_MAX;
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == ENOENT, "unknown");
	u.pid = target;
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == 0, "unregister");
	EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == ENOENT, "again");
	EXPECT(fd_count(fd) == 0, "count after unregister");
	close(other);
}

static int scenario_bad_ioctls(void)
{
	int fd = open_dev();
	struct hog h = spawn(false, false);
	pthread_t th;
	pid_t tid = 0;

	check_fields(fd, h.pid);
	check_sizes_and_pointers(fd, h.pid);
	check_file_ops(fd);
	check_ownership(fd, h.pid);
	check_privilege(fd, h.pid);
	/* A thread's id is not a process. */
	EXPECT(pthread_create(&th, NULL, thread_idle, &tid) == 0, "thread");
	while (__atomic_load_n(&tid, __ATOMIC_SEQ_CST) == 0)
		sleep_ms(1);
	{
		struct jfmon_register r = request(tid, 0, 1ULL << 30, 100);

		EXPECT(IOCTL_ERR(fd, JFMON_IOC_REGISTER, &r) == EINVAL,
		       "a thread");
	}
	/* After all that, the device still works and nothing is held. */
	EXPECT(fd_count(fd) == 0, "registrations left");
	register_ok(fd, h.pid, 0, 1ULL << 30, 100);
	kill(h.pid, SIGKILL);
	EXPECT(reap(h.pid, 5000) != -1, "child");
	/* Its "gone" event, read into a bad buffer. */
	{
		struct pollfd p = {.fd = fd, .events = POLLIN};

		EXPECT(poll(&p, 1, 10000) == 1, "no gone event");
		EXPECT(syscall(SYS_read, fd, (void *)8,
			       sizeof(struct jfmon_event)) < 0 &&
			   errno == EFAULT,
		       "read into a bad buffer: %s", strerror(errno));
	}
	EXPECT(fd_count(fd) == 0, "registrations left at the end");
	printf("ok\n");
	return 0;
}

/* One soft event per upward crossing; re-armed below 90% of the limit. */
static int scenario_hysteresis(void)
{
	struct hog h = spawn(true, false);
	struct jfmon_event ev;
	int fd = open_dev();

	register_ok(fd, h.pid, 32 * MIB, 0, 10);
	expect_no_event(fd, 300);
	hog_send(&h, 40, true);
	expect_event(fd, 5000, JFMON_EVENT_SOFT, h.pid, &ev);
	EXPECT(ev.rss > 32 * MIB && ev.limit == 32 * MIB && ev.nr_procs == 1,
	       "soft event: rss %llu limit %llu procs %u",
	       (unsigned long long)ev.rss, (unsigned long long)ev.limit,
	       ev.nr_procs);
	EXPECT(strcmp(ev.id, "test-") > 0, "id %s", ev.id);
	/* Below the limit, not below 90% of it, and up again: no event. */
	hog_send(&h, 30, true);
	sleep_ms(500);
	hog_send(&h, 40, true);
	expect_no_event(fd, 1000);
	/* Well below, and up again: a second event. */
	hog_send(&h, 8, true);
	sleep_ms(500);
	hog_send(&h, 40, true);
	expect_event(fd, 5000, JFMON_EVENT_SOFT, h.pid, &ev);
	expect_no_event(fd, 500);
	kill(h.pid, SIGKILL);
	EXPECT(reap(h.pid, 5000) != -1, "child");
	expect_event(fd, 5000, JFMON_EVENT_GONE, h.pid, &ev);
	printf("ok\n");
	return 0;
}

/* CLONE_VM processes share one mm: counted once, killed all. */
static int scenario_shared_mm(void)
{
	struct hog h;
	struct jfmon_event ev;
	int fd = open_dev(), status;
	int reaped = 0;

	EXPECT(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "subreaper");
	h = spawn(false, false);
	register_ok(fd, h.pid, 30 * MIB, 64 * MIB, 10);
	hog_send(&h, 20, true);
	hog_send(&h, HOG_CLONES, true);
	/* 4 processes x 20 MiB would be past both limits. */
	expect_no_event(fd, 1500);
	hog_send(&h, 40, true);
	expect_event(fd, 5000, JFMON_EVENT_SOFT, h.pid, &ev);
	EXPECT(ev.nr_procs == 4, "soft event counted %u processes",
	       ev.nr_procs);
	EXPECT(ev.rss < 64 * MIB, "rss %llu: the shared mm counted twice",
	       (unsigned long long)ev.rss);
	hog_send(&h, 70, false);
	expect_event(fd, 5000, JFMON_EVENT_HARD, h.pid, &ev);
	EXPECT(ev.nr_procs == 4, "hard event signalled %u processes",
	       ev.nr_procs);
	expect_event(fd, 10000, JFMON_EVENT_GONE, h.pid, &ev);
	/* The hog and its 3 clones, all by SIGKILL. */
	for (long long deadline = now_ms() + 10000; reaped < 4;) {
		pid_t p = waitpid(-1, &status, WNOHANG);

		EXPECT(p >= 0, "waitpid: %s", strerror(errno));
		if (p == 0) {
			EXPECT(now_ms() < deadline,
			       "only %d of 4 processes died", reaped);
			sleep_ms(10);
			continue;
		}
		EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		       "process %d ended with 0x%x", (int)p, status);
		reaped++;
	}
	printf("ok\n");
	return 0;
}

/* The hog is the init's child; only counting it reaches the limit. */
static int scenario_kill(bool newns)
{
	struct jfmon_event ev;
	struct hog h;
	int fd = open_dev();
	long long crossed;

	EXPECT(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "subreaper");
	h = spawn(newns, true);
	register_ok(fd, h.pid, 16 * MIB, 32 * MIB, 10);
	expect_no_event(fd, 300);
	hog_send(&h, 48, false);
	expect_event(fd, 10000, JFMON_EVENT_SOFT, h.pid, &ev);
	crossed = now_ms();
	expect_event(fd, 10000, JFMON_EVENT_HARD, h.pid, &ev);
	EXPECT(ev.rss > 32 * MIB && ev.limit == 32 * MIB,
	       "hard event: rss %llu limit %llu", (unsigned long long)ev.rss,
	       (unsigned long long)ev.limit);
	EXPECT(ev.nr_procs == 2, "hard event signalled %u processes, not 2",
	       ev.nr_procs);
	expect_event(fd, 10000, JFMON_EVENT_GONE, h.pid, &ev);
	expect_killed(h.pid, "the init");
	if (!newns)
		expect_killed(h.hog, "the grandchild");
	EXPECT(fd_count(fd) == 0, "registration left");
	printf("ok (soft to gone in %lld ms)\n", now_ms() - crossed);
	hog_close(&h);
	return 0;
}

/* More processes than a scan's first arrays hold: all counted, all killed. */
static int scenario_many(void)
{
	struct hog h = spawn(true, false);
	struct jfmon_event ev;
	int fd = open_dev();

	hog_send(&h, HOG_FORKS, true);
	register_ok(fd, h.pid, 16 * MIB, 32 * MIB, 10);
	hog_send(&h, 20, true);
	expect_event(fd, 10000, JFMON_EVENT_SOFT, h.pid, &ev);
	EXPECT(ev.nr_procs == 101, "soft event counted %u processes, not 101",
	       ev.nr_procs);
	hog_send(&h, 40, false);
	expect_event(fd, 10000, JFMON_EVENT_HARD, h.pid, &ev);
	EXPECT(ev.nr_procs == 101, "hard event signalled %u processes, not 101",
	       ev.nr_procs);
	expect_event(fd, 10000, JFMON_EVENT_GONE, h.pid, &ev);
	expect_killed(h.pid, "the init");
	printf("ok\n");
	return 0;
}

/* A holder killed with its fd open: the close drops its registration. */
static int scenario_killed_holder(void)
{
	unsigned int base = module_count();
	struct hog sleeper = spawn(false, false);
	int ready[2], fd;
	pid_t holder;
	char c;

	EXPECT(pipe(ready) == 0, "pipe");
	fflush(stdout);
	holder = fork();
	EXPECT(holder >= 0, "fork");
	if (holder == 0) {
		int hfd;

		signal(SIGTERM, SIG_DFL);
		hfd = open_dev();

		register_ok(hfd, sleeper.pid, 0, 1ULL << 30, 10);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	track(holder);
	EXPECT(read(ready[0], &c, 1) == 1, "the holder did not register");
	EXPECT(module_count() == base + 1, "registrations: %u, expected %u",
	       module_count(), base + 1);
	kill(holder, SIGKILL);
	expect_killed(holder, "the holder");
	EXPECT(module_count() == base,
	       "registrations after the kill: %u, "
	       "expected %u",
	       module_count(), base);
	/* The process is free to be registered again. */
	fd = open_dev();
	register_ok(fd, sleeper.pid, 0, 1ULL << 30, 10);
	EXPECT(module_count() == base + 1, "registrations: %u", module_count());
	close(fd);
	EXPECT(module_count() == base, "registrations after close: %u",
	       module_count());
	kill(sleeper.pid, SIGKILL);
	reap(sleeper.pid, 5000);
	printf("ok\n");
	return 0;
}

/* A zombie is registered (it exists), and goes at the first scan. */
static int scenario_zombie(void)
{
	struct jfmon_event ev;
	int fd = open_dev();
	siginfo_t si;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(0);
	EXPECT(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "waitid");
	register_ok(fd, pid, 0, MIB, 10);
	expect_event(fd, 5000, JFMON_EVENT_GONE, pid, &ev);
	EXPECT(reap(pid, 1000) != -1, "reap");
	printf("ok\n");
	return 0;
}

/* Register, exit, repeat: unregistered by hand, or gone by the scan. */
static int scenario_cycles(int n)
{
	unsigned int base = module_count();
	struct jfmon_event ev;
	int fd = open_dev();
	long long t0 = now_ms();

	for (int i = 0; i < n; i++) {
		bool newns = i % 4 == 3, by_hand = i % 2 == 0;
		struct jfmon_unregister u;
		int p[2];
		pid_t pid;

		EXPECT(pipe(p) == 0, "pipe");
		if (newns)
			pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD,
					     NULL, NULL, NULL, NULL);
		else
			pid = fork();
		EXPECT(pid >= 0, "fork %d: %s", i, strerror(errno));
		if (pid == 0) {
			char c;

			close(p[1]);
			_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
		}
		close(p[0]);
		register_ok(fd, pid, 0, 1ULL << 30, 1);
		u = (struct jfmon_unregister){.pid = pid};
		if (by_hand)
			EXPECT(IOCTL_ERR(fd, JFMON_IOC_UNREGISTER, &u) == 0,
			       "unregister %d", i);
		close(p[1]);
		EXPECT(reap(pid, 10000) == 0, "cycle %d: child did not exit",
		       i);
		if (!by_hand)
			expect_event(fd, 10000, JFMON_EVENT_GONE, pid, &ev);
		EXPECT(fd_count(fd) == 0, "cycle %d: %u registrations left", i,
		       fd_count(fd));
	}
	expect_no_event(fd, 100);
	EXPECT(module_count() == base, "registrations: %u, expected %u",
	       module_count(), base);
	printf("ok (%d cycles in %lld ms)\n", n, now_ms() - t0);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: monitor_test abi | watch PID ID SOFT HARD MS "
			"SECONDS | hog MIB [STEP_MS] | hold PID | bad-ioctls | "
			"hysteresis | shared-mm | kill-tree | kill-ns | many | "
			"killed-holder | zombie | cycles N\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(c, "abi") == 0)
		return cmd_abi();
	if (strcmp(c, "watch") == 0 && argc == 8)
		return cmd_watch(argv + 2);
	if (strcmp(c, "hog") == 0 && (argc == 3 || argc == 4))
		cmd_hog(argc - 2, argv + 2);
	if (strcmp(c, "hold") == 0 && argc == 3)
		cmd_hold(argv + 2);
	/* The scenarios: a process group of their own, for cleanup(), and
	 * a time limit. */
	setpgid(0, 0);
	signal(SIGALRM, on_timeout);
	signal(SIGTERM, on_timeout);
	alarm(200);
	if (strcmp(c, "bad-ioctls") == 0)
		return scenario_bad_ioctls();
	if (strcmp(c, "hysteresis") == 0)
		return scenario_hysteresis();
	if (strcmp(c, "shared-mm") == 0)
		return scenario_shared_mm();
	if (strcmp(c, "kill-tree") == 0)
		return scenario_kill(false);
	if (strcmp(c, "kill-ns") == 0)
		return scenario_kill(true);
	if (strcmp(c, "many") == 0)
		return scenario_many();
	if (strcmp(c, "killed-holder") == 0)
		return scenario_killed_holder();
	if (strcmp(c, "zombie") == 0)
		return scenario_zombie();
	if (strcmp(c, "cycles") == 0 && argc == 3)
		return scenario_cycles(atoi(argv[2]));
	return usage();
}
