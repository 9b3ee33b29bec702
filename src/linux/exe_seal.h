/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime binary out of a container's reach (the CVE-2019-5736 class).
 *
 * A process that jfrun puts into a container (the init, an exec'd process)
 * runs jfrun's code until its execve.  If the container's program is
 * /proc/self/exe, directly, as a script's interpreter or as an ELF
 * interpreter, that execve starts the host's jfrun binary again, inside the
 * container and dumpable; another process of the container opens its
 * /proc/<pid>/exe and, as soon as no jfrun runs, reopens it for writing and
 * overwrites the host's binary.  (A container with CAP_SYS_PTRACE can open
 * the /proc/<pid>/exe of a jfrun process that joins it even when that is
 * not dumpable.)
 *
 * runc and crun copy the binary into a sealed memfd and execute the copy.
 * jfrun gives its own image another exe instead: the same file through a
 * detached, read-only bind mount of it.  Every mapping of the binary is
 * moved onto that mount (read-only segments mapped again from it, the same
 * page-cache pages; the data segment, written since, moved into anonymous
 * memory as it is) and PR_SET_MM_MAP points /proc/self/exe there.
 * Whatever reaches the binary through /proc/<pid>/exe then gets EROFS for
 * writing.  No copy of the binary, no re-exec; processes cloned afterwards
 * inherit it.
 */
#ifndef JF_LINUX_EXE_SEAL_H
#define JF_LINUX_EXE_SEAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Seal this process's exe as above.  Nothing to do (0) when the binary is
 * on a read-only mount already (sealed before, or installed so), or when
 * the caller may not write it anyway and lacks the privileges to seal
 * (rootless, with a binary it does not own).  *tree as below. */
int jf_exe_seal(int *tree, struct jf_error *err);

/* The same in two halves, so that a cloned process can do the costly one
 * (~0.5 ms where page faults are slow) while it waits anyway: the binary
 * opened through its read-only bind mount, in the runtime (*fd = -1 when
 * there is nothing to do).  *tree is the detached mount itself: closing its
 * last copy unmounts it and waits for an RCU grace period (20 us to 1.5 ms
 * here), so the caller closes it where nobody waits for that.  ... */
int jf_exe_seal_open(int *fd, int *tree, struct jf_error *err);

/* ... and the image moved onto it, in the process itself (fd stays open).
 * stat_fd: the process's /proc/self/stat opened before it left the host's
 * /proc behind (a chroot, a pivot_root, a config without /proc), or -1 to
 * open it now. */
int jf_exe_seal_apply(int fd, int stat_fd, struct jf_error *err);

#endif
