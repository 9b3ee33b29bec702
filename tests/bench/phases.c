/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OCI lifecycle one phase at a time, for several runtimes interleaved:
 *
 *   phases [-n ROUNDS] [-s IDLE_MS] BUNDLE NAME=RUNTIME...
 *
 * Each round runs, for every runtime in turn (the order rotates so none is
 * always first after the idle gap):
 *   create  `RUNTIME create --pid-file F --bundle BUNDLE ID`
 *   start   `RUNTIME start ID`
 *   wait    from start's return until the init has exited (pidfd readable:
 *           the process ran, its pid namespace was torn down); often ~0:
 *           a short process is gone before start returns
 *   start_to_exit  from start's launch until the init has exited
 *   delete  `RUNTIME delete ID`
 * With -s, each phase is preceded by IDLE_MS of sleep ("cold").  Prints
 * one line per runtime and phase: NAME PHASE MEDIAN_MS MIN_MS N.
 *
 * hyperfine cannot time "wait" (the process is gone before a command could
 * start), hence this helper; it times with CLOCK_MONOTONIC around
 * fork+exec+waitpid, like hyperfine -N does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { CREATE, START, WAIT, EXITED, DELETE, N_PHASES };

static const char *const phase_names[N_PHASES] = {"create", "start", "wait",
						  "start_to_exit", "delete"};

#define MAX_RUNTIMES 8
#define MAX_ROUNDS   10000

struct runtime {
	const char *name;
	const char *path;
	char id[64];
	char pid_file[128];
	double *ms[N_PHASES];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void idle(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (ms > 0)
		nanosleep(&ts, NULL);
}

/* fork+exec ARGV with stdio on /dev/null; its exit status, -1 on error. */
static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		if (getenv("PHASES_VERBOSE") == NULL)
			dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static pid_t read_pid(const char *path)
{
	char buf[32] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? (pid_t)atoi(buf) : -1;
}

static int timed(struct runtime *rt, int phase, int round, char *const argv[])
{
	double t0 = now_ms();
	int rc = run(argv);

	rt->ms[phase][round] = now_ms() - t0;
	if (rc != 0)
		fprintf(stderr, "phases: %s %s exited %d\n", rt->name,
			phase_names[phase], rc);
	return rc;
}

/* One lifecycle; 0 when every phase succeeded. */
static int one_round(struct runtime *rt, const char *bundle, int round,
		     long idle_ms)
{
	char *create[] = {(char *)rt->path, "create",	"--pid-file",
			  rt->pid_file,	    "--bundle", (char *)bundle,
			  rt->id,	    NULL};
	char *start[] = {(char *)rt->path, "start", rt->id, NULL};
	char *del[] = {(char *)rt->path, "delete", rt->id, NULL};
	struct pollfd pfd = {.events = POLLIN};
	double t0, t1, t2;
	pid_t pid;

	unlink(rt->pid_file);
	idle(idle_ms);
	if (timed(rt, CREATE, round, create) != 0)
		return -1;
	pid = read_pid(rt->pid_file);
	pfd.fd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pfd.fd < 0) {
		fprintf(stderr, "phases: %s: no init pid in %s\n", rt->name,
			rt->pid_file);
		return -1;
	}
	idle(idle_ms);
	t0 = now_ms();
	if (timed(rt, START, round, start) != 0) {
		close(pfd.fd);
		return -1;
	}
	t1 = now_ms();
	while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
		;
	t2 = now_ms();
	rt->ms[WAIT][round] = t2 - t1;
	rt->ms[EXITED][round] = t2 - t0;
	close(pfd.fd);
	idle(idle_ms);
	return timed(rt, DELETE, round, del);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(struct runtime *rt, int rounds)
{
	for (int p = 0; p < N_PHASES; p++) {
		double *v = rt->ms[p];
		double med;

		qsort(v, (size_t)rounds, sizeof(*v), cmp_double);
		med = rounds % 2 ? v[rounds / 2]
				 : (v[rounds / 2 - 1] + v[rounds / 2]) / 2;
		printf("%s %s %.3f %.3f %d\n", rt->name, phase_names[p], med,
		       v[0], rounds);
	}
}

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: phases [-n ROUNDS] [-s IDLE_MS] BUNDLE NAME=RUNTIME...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct runtime rts[MAX_RUNTIMES];
	int rounds = 20, n = 0, opt;
	long idle_ms = 0;
	const char *bundle;

	while ((opt = getopt(argc, argv, "n:s:")) != -1) {
		if (opt == 'n')
			rounds = atoi(optarg);
		else if (opt == 's')
			idle_ms = atol(optarg);
		else
			usage();
	}
	if (optind + 2 > argc || rounds < 1 || rounds > MAX_ROUNDS)
		usage();
	bundle = argv[optind++];
	for (; optind < argc && n < MAX_RUNTIMES; optind++, n++) {
		struct runtime *rt = &rts[n];
		char *eq = strchr(argv[optind], '=');

		if (eq == NULL)
			usage();
		*eq = '\0';
		rt->name = argv[optind];
		rt->path = eq + 1;
		snprintf(rt->id, sizeof(rt->id), "bench-ph-%s-%d", rt->name,
			 (int)getpid());
		snprintf(rt->pid_file, sizeof(rt->pid_file),
			 "/tmp/bench-ph-%s-%d.pid", rt->name, (int)getpid());
		for (int p = 0; p < N_PHASES; p++) {
			rt->ms[p] = calloc((size_t)rounds, sizeof(double));
			if (rt->ms[p] == NULL)
				return 1;
		}
	}
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			struct runtime *rt = &rts[(i + r) % n];

			if (one_round(rt, bundle, r, idle_ms) < 0) {
				char *force[] = {(char *)rt->path, "delete",
						 "--force", rt->id, NULL};

				run(force);
				unlink(rt->pid_file);
				return 1;
			}
		}
	for (int i = 0; i < n; i++) {
		report(&rts[i], rounds);
		unlink(rts[i].pid_file);
	}
	return 0;
}
