/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pid's identity: its start time and state from /proc/<pid>/stat, so that
 * a reused pid is never taken for the process that had it. */
#ifndef JF_PID_IDENTITY_H
#define JF_PID_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Field 22 of /proc/<pid>/stat (start time in clock ticks since boot) and
 * field 3 (state letter).  Returns -1 when the process does not exist. */
int jf_proc_stat(pid_t pid, uint64_t *ret_start_time, char *ret_state);

/* True when pid is alive, not a zombie, and started at start_time: a pid
 * that was reused by another process is never taken for the container. */
bool jf_proc_is_same_alive(pid_t pid, uint64_t start_time);

/* A pidfd for pid that is known to refer to the process started at
 * start_time, or -1 (errno set: ESRCH when gone or reused). */
int jf_pidfd_open_checked(pid_t pid, uint64_t start_time);

#endif
