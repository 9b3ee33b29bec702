/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wait status of a process that is not our child (the sidecar's view
 * of an init that conmon or containerd's shim reaps): through its pidfd
 * (PIDFD_GET_INFO's exit, Linux 6.15, once its parent has reaped it) or,
 * while it is a zombie, field 52 of its /proc/<pid>/stat.
 */
#ifndef JF_SHIM_EXIT_STATUS_H
#define JF_SHIM_EXIT_STATUS_H

/* pidfd: the process's; procfd: its /proc/<pid> directory (or -1).  Once
 * it has exited: 0 and its wait status, trying for up to timeout_ms while
 * neither source has it yet; -1 when none says (an older kernel and a
 * parent that reaped it at once). */
int jf_exit_status_of(int pidfd, int procfd, int timeout_ms, int *status);

#endif
