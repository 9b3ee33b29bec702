/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

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

	if (at == NULL || strncmp(at, name, len) != 0 ||
	    (at[len] != '\0' && at[len] != ':'))
		return;
	/* "<point>:<ms>": let other processes (the init) run ahead first. */
	if (at[len] == ':') {
		long ms = strtol(at + len + 1, NULL, 10);
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
		nanosleep(&ts, NULL);
	}
	msg[0].iov_len = strlen(msg[0].iov_base);
	msg[2].iov_len = strlen(msg[2].iov_base);
	/* Unbuffered: SIGKILL gives stdio no chance to flush. */
	if (writev(2, msg, 3) < 0) {
		/* nothing to do: dying anyway */
	}
	raise(SIGKILL);
}
