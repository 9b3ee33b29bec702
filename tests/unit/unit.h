/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal unit-test harness.
 *
 * RUN(test) forks: the test runs in a child, in a process group of its own,
 * with its stdout and stderr in a pipe that the harness copies out, each
 * line prefixed with "  | ".  The child's exit status is the result: 0 pass,
 * 77 skipped (SKIP: this host cannot run it), anything else a failure; a
 * signal (a crash, a sanitizer abort) or a timeout (UNIT_TIMEOUT seconds,
 * 60 by default; RUN_TIMEOUT(test, s) for one test) is a failure by name,
 * and so is a process the test leaves running (it is killed).
 *
 * The harness alone writes the result lines: "PASS <name>", "FAIL <name>:
 * <why>", "SKIP <name>: <why>", on stdout and, when UNIT_RESULT_FD names an
 * open descriptor, there too, plus a last "END <passed> <failed> <skipped>"
 * from UNIT_EXIT.  tests/run-unit.sh counts those records, never the text
 * the tests print (which cannot reach that descriptor: the child closes it).
 */
#ifndef JF_UNIT_H
#define JF_UNIT_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int unit_failed;	 /* in the child: this test failed */
static int unit_skipped; /* in the child: this test was skipped */
static int unit_any_failed, unit_n_pass, unit_n_fail, unit_n_skip;

#define UNIT_FAIL(name, ...)                                                   \
	do {                                                                   \
		printf("%s: ", name);                                          \
		printf(__VA_ARGS__);                                           \
		printf(" (%s:%d)\n", __FILE__, __LINE__);                      \
		unit_failed = 1;                                               \
		return;                                                        \
	} while (0)

/* Ends the test as skipped, with the reason this host cannot run it. */
#define SKIP(...)                                                              \
	do {                                                                   \
		printf("skipped: ");                                           \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		unit_skipped = 1;                                              \
		return;                                                        \
	} while (0)

/* Inside a `static void test_x(const char *name)` function. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			UNIT_FAIL(name, "check failed: %s", #cond);            \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *_a = (a), *_b = (b);                               \
		if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0)           \
			UNIT_FAIL(name, "%s is \"%s\", expected \"%s\"", #a,   \
				  _a ? _a : "(null)", _b ? _b : "(null)");     \
	} while (0)

/* The descriptor the result records go to, or -1. */
static int unit_result_fd(void)
{
	static int fd = -2;
	const char *v;

	if (fd == -2) {
		v = getenv("UNIT_RESULT_FD");
		fd = v != NULL ? atoi(v) : -1;
		if (fd <= 2 || fcntl(fd, F_GETFD) < 0)
			fd = -1;
	}
	return fd;
}

/* One result record: on stdout and on the result descriptor. */
static void unit_record(const char *what, const char *test, const char *why)
{
	char line[600];
	int n;

	n = snprintf(line, sizeof(line), "%s %s%s%s\n", what, test,
		     why[0] ? ": " : "", why);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1, line[n - 1] = '\n';
	fflush(stdout);
	if (write(1, line, (size_t)n) < 0) {
		/* nowhere to say it */
	}
	if (unit_result_fd() >= 0 &&
	    write(unit_result_fd(), line, (size_t)n) < 0)
		unit_any_failed = 1;
	if (strcmp(what, "PASS") == 0)
		unit_n_pass++;
	else if (strcmp(what, "SKIP") == 0)
		unit_n_skip++;
	else
		unit_n_fail++, unit_any_failed = 1;
}

/* For a test main() decides not to run: a skip, with its reason. */
static inline void unit_skip(const char *test, const char *why)
{
	unit_record("SKIP", test, why);
}

static double unit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What a test printed: copied out, "  | " before each line.  The reason
 * given for a failure is the test's own (UNIT_FAIL's "<test>: ..." line),
 * else a sanitizer's "SUMMARY:" line, else the last non-empty line. */
struct unit_out {
	const char *test;
	int at_start, rank; /* rank of `last`: 2 own, 1 summary, 0 other */
	size_t cur_len;
	char cur[400], last[400];
};

static void unit_line_done(struct unit_out *o)
{
	size_t n = strlen(o->test);
	int rank = strncmp(o->cur, o->test, n) == 0 && o->cur[n] == ':'
		       ? 2
		       : strncmp(o->cur, "SUMMARY: ", 9) == 0;

	if (o->cur_len > 0 && rank >= o->rank) {
		const char *from = rank == 2 ? o->cur + n + 1 : o->cur;
		memmove(o->last, from + (rank == 2 && *from == ' '),
			strlen(from) + 1);
		o->rank = rank;
	}
	o->cur_len = 0;
	o->cur[0] = '\0';
}

static void unit_copy_out(struct unit_out *o, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (o->at_start) {
			fputs("  | ", stdout);
			o->at_start = 0;
		}
		putchar(buf[i]);
		if (buf[i] == '\n') {
			o->at_start = 1;
			unit_line_done(o);
		} else if (o->cur_len + 1 < sizeof(o->cur)) {
			o->cur[o->cur_len++] = buf[i];
			o->cur[o->cur_len] = '\0';
		}
	}
}

/* Kills and reaps whatever of the test is still alive: its process group
 * and the orphans it left (the harness is their subreaper).  Returns
 * whether anything was left. */
static int unit_kill_leftovers(pid_t pgid)
{
	int left = 0;
	char path[64], buf[4096];
	FILE *f;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		; /* zombies are not left running */
	if (kill(-pgid, 0) == 0) {
		left = 1;
		kill(-pgid, SIGKILL);
	}
	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
		 (int)getpid());
	f = fopen(path, "r");
	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) != NULL) {
			for (char *p = strtok(buf, " \n"); p;
			     p = strtok(NULL, " \n")) {
				kill(atoi(p), SIGKILL);
				left = 1;
			}
		}
		fclose(f);
	}
	if (left) {
		/* Reap what was killed (a killed process may take a while). */
		double until = unit_now() + 5;
		while (unit_now() < until) {
			pid_t p = waitpid(-1, NULL, WNOHANG);
			if (p < 0)
				break;
			if (p == 0)
				usleep(10 * 1000);
		}
	}
	return left;
}

/* The test's result from its exit status and what it printed. */
static void unit_result(const char *test, int status, int timed_out,
			int timeout, int left, const char *last)
{
	char why[512];

	if (timed_out) {
		snprintf(why, sizeof(why), "timed out after %d s (killed)",
			 timeout);
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof(why), "killed by signal %d (%s)%s%s",
			 WTERMSIG(status), strsignal(WTERMSIG(status)),
			 last[0] ? "; last output: " : "", last);
	} else if (WEXITSTATUS(status) == 0 && left) {
		snprintf(why, sizeof(why),
			 "left processes running after it returned (killed)");
	} else if (WEXITSTATUS(status) == 0) {
		unit_record("PASS", test, "");
		return;
	} else if (WEXITSTATUS(status) == 77 && !left) {
		unit_record("SKIP", test,
			    strncmp(last, "skipped: ", 9) == 0 ? last + 9
							       : last);
		return;
	} else if (WEXITSTATUS(status) == 1 && last[0]) {
		snprintf(why, sizeof(why), "%s%s", last,
			 left ? "; left processes running (killed)" : "");
	} else {
		snprintf(why, sizeof(why), "exited %d%s%s%s",
			 WEXITSTATUS(status),
			 left ? ", left processes running (killed)" : "",
			 last[0] ? "; last output: " : "", last);
	}
	unit_record("FAIL", test, why);
}

static void unit_run(void (*fn)(const char *), const char *test, int timeout)
{
	char buf[4096];
	struct unit_out o = {.test = test, .at_start = 1};
	int out[2], status = 0, timed_out = 0, left;
	pid_t child;
	double deadline;

	if (timeout <= 0)
		timeout =
		    getenv("UNIT_TIMEOUT") ? atoi(getenv("UNIT_TIMEOUT")) : 60;
	if (timeout <= 0)
		timeout = 60;
	/* Orphans of the test come back here, to be found and killed. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(stdout);
	fflush(stderr);
	if (pipe2(out, O_CLOEXEC) < 0) {
		unit_record("FAIL", test, "pipe failed");
		return;
	}
	child = fork();
	if (child < 0) {
		unit_record("FAIL", test, "fork failed");
		return;
	}
	if (child == 0) {
		pid_t me = getpid();

		setpgid(0, 0);
		/* The harness killed (a timeout of the whole binary, ^C): the
		 * test goes with it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unit_result_fd() >= 0)
			close(unit_result_fd());
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		close(out[1]);
		setvbuf(stdout, NULL, _IOLBF, 0);
		unit_failed = unit_skipped = 0;
		fn(test);
		if (getpid() != me)
			_exit(125); /* a process the test forked came back */
		fflush(stdout);
		/* exit(), not _exit(): LeakSanitizer checks this test. */
		exit(unit_failed ? 1 : unit_skipped ? 77 : 0);
	}
	setpgid(child, child); /* either side may get there first */
	close(out[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	deadline = unit_now() + timeout;
	for (;;) {
		struct pollfd p = {.fd = out[0], .events = POLLIN};
		ssize_t n;
		pid_t w;

		if (p.fd >= 0 && poll(&p, 1, 100) > 0) {
			n = read(out[0], buf, sizeof(buf));
			if (n > 0)
				unit_copy_out(&o, buf, (size_t)n);
			else if (n == 0 || errno != EAGAIN)
				close(out[0]), out[0] = -1;
		} else if (p.fd < 0) {
			usleep(20 * 1000);
		}
		w = waitpid(child, &status, WNOHANG);
		if (w == child)
			break;
		if (unit_now() > deadline) {
			timed_out = 1;
			kill(-child, SIGKILL);
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
			break;
		}
	}
	left = unit_kill_leftovers(child);
	/* What is still in the pipe (its writers are gone now). */
	if (out[0] >= 0) {
		ssize_t n;
		while ((n = read(out[0], buf, sizeof(buf))) > 0)
			unit_copy_out(&o, buf, (size_t)n);
		close(out[0]);
	}
	if (!o.at_start)
		putchar('\n');
	unit_line_done(&o);
	unit_result(test, status, timed_out, timeout, left && !timed_out,
		    o.last);
}

#define RUN(test)		   unit_run(test, #test, 0)
#define RUN_TIMEOUT(test, seconds) unit_run(test, #test, seconds)

/* The end of main(): the END record, and the exit status. */
static inline int unit_end(void)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "END %d %d %d\n", unit_n_pass,
			 unit_n_fail, unit_n_skip);

	if (unit_result_fd() >= 0 &&
	    write(unit_result_fd(), line, (size_t)n) < 0)
		return 1;
	return unit_any_failed ? 1 : 0;
}

#define UNIT_EXIT() return unit_end()

#endif
