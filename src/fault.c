/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fault.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* JFRUN_TRACE_PHASES=1: "jfrun-phase <pid> <µs> <point>" on stderr, the
 * time on CLOCK_MONOTONIC (comparable across the runtime and the init). */
static void trace_phase(const char *name)
{
	static int enabled = -1;
	struct timespec ts;
	char line[128];
	int n;

	if (enabled < 0) {
		const char *v = getenv(JF_TRACE_PHASES_ENV);
		enabled = v != NULL && strcmp(v, "1") == 0;
	}
	if (!enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(line, sizeof(line), "jfrun-phase %d %lld %s\n", (int)getpid(),
		     (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, name);
	if (n > 0 && write(2, line, (size_t)n) < 0) {
		/* a trace line lost: nothing to do */
	}
}

/* The milliseconds of a "<point>:<ms>" value, slept. */
static void sleep_ms(const char *ms_text)
{
	long ms = strtol(ms_text, NULL, 10);
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* JFRUN_TEST_PAUSE_AT=<point>:<ms>: sleep there and go on. */
static void pause_at(const char *name, size_t len)
{
	const char *at = getenv(JF_PAUSE_ENV);

	if (at != NULL && strncmp(at, name, len) == 0 && at[len] == ':')
		sleep_ms(at + len + 1);
}

void jf_fault_point(const char *name)
{
	const char *at = getenv(JF_FAULT_ENV);
	size_t len = strlen(name);
	struct iovec msg[] = {
	    {.iov_base = (void *)"jfrun: " JF_FAULT_ENV "=", .iov_len = 0},
	    {.iov_base = (void *)name, .iov_len = len},
	    {.iov_base = (void *)": killing myself (a test hook)\n",
	     .iov_len = 0},
	};

	trace_phase(name);
	pause_at(name, len);
	if (at == NULL || strncmp(at, name, len) != 0 ||
	    (at[len] != '\0' && at[len] != ':'))
		return;
	/* "<point>:<ms>": let other processes (the init) run ahead first. */
	if (at[len] == ':')
		sleep_ms(at + len + 1);
	msg[0].iov_len = strlen(msg[0].iov_base);
	msg[2].iov_len = strlen(msg[2].iov_base);
	/* Unbuffered: SIGKILL gives stdio no chance to flush. */
	if (writev(2, msg, 3) < 0) {
		/* nothing to do: dying anyway */
	}
	raise(SIGKILL);
}
