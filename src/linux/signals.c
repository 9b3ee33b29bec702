/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "signals.h"

#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's struct sigaction (rt_sigaction(2)), which glibc's wrapper
 * hides: glibc refuses signals 32 and 33 (its own, for threads and setxid)
 * with EINVAL, yet a caller may have set them to SIG_IGN and execve keeps
 * an ignored signal ignored. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void jf_signals_default(void)
{
	struct kernel_sigaction dfl = {.handler = SIG_DFL};
	unsigned long none = 0;

	/* (SIGKILL and SIGSTOP fail with EINVAL: they are never caught.)
	 * Raw calls: no other thread is left and execve comes next. */
	for (int sig = 1; sig <= 64; sig++)
		syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof(none));
}
