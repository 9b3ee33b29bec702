/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's process starts with every signal at its default action
 * and none blocked, whatever its runtime's caller had: an ignored SIGPIPE
 * (conmon ignores it) would otherwise survive execve, and `yes | head`
 * in the container would spin for ever.  runc (its Go runtime) and crun
 * leave the same clean slate.
 */
#ifndef JF_LINUX_SIGNALS_H
#define JF_LINUX_SIGNALS_H

/* In the init or exec'd process, before seccomp (which may forbid
 * rt_sigaction) and execve. */
void jf_signals_default(void);

#endif
