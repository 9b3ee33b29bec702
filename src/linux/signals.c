/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "signals.h"

#include <signal.h>
#include <stddef.h>

void jf_signals_default(void)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	sigset_t all;

	/* (SIGKILL, SIGSTOP and the C library's own fail with EINVAL.) */
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}
