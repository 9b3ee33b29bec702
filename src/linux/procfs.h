/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writes into procfs that an image or a config cannot redirect: the proc
 * root is opened before the container's root is entered and checked to be
 * a procfs root, and every file under it is opened beneath it without
 * symlinks of the image, magic links or a crossing into another mount (a
 * bind mount over /proc/sys/... catches nothing).
 *
 * The sysctls of ipc, net and uts and a task's oom_score_adj belong to the
 * writing task's namespaces and to the task itself, not to the procfs
 * instance: the host's /proc written from inside the container's
 * namespaces changes the container's values.
 */
#ifndef JF_LINUX_PROCFS_H
#define JF_LINUX_PROCFS_H

#include <stddef.h>

#include "config.h"
#include "error.h"

/* An O_PATH fd of the procfs mounted at path ("/proc"), verified. */
int jf_procfs_open(const char *path, struct jf_error *err);

/* Write data to rel (e.g. "sys/kernel/shmmax", "self/oom_score_adj")
 * under the procfs root procfd.  Only "self" may be a symlink. */
int jf_procfs_write(int procfd, const char *rel, const char *data, size_t len,
		    struct jf_error *err);

/* Mounts inside /proc are refused, as runc does, except a procfs at /proc
 * and binds over the files that /proc views replace (cpuinfo, meminfo,
 * stat, uptime, loadavg, swaps, diskstats, slabinfo, net/dev, the files of
 * pressure/, sys/kernel/ns_last_pid): a mount over /proc/sys/... would catch
 * what is meant for the kernel.  Checked on the destination made clean ("//",
 * ".",
 * ".." resolved by name). */
int jf_procfs_check_mounts(const struct oci_config *c, struct jf_error *err);

#endif
