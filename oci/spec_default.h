/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The default config.json written by `jfrun spec`. */
#ifndef JF_OCI_SPEC_DEFAULT_H
#define JF_OCI_SPEC_DEFAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * The same configuration runc and crun write: rootfs "rootfs", args ["sh"],
 * terminal true, the default mounts (/proc, /dev tmpfs, /dev/pts, /dev/shm,
 * /dev/mqueue, /sys, /sys/fs/cgroup), default capabilities
 * (CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE), RLIMIT_NOFILE 1024,
 * namespaces pid network ipc uts mount (+cgroup), maskedPaths and
 * readonlyPaths as runc.  rootless=true adds a user namespace with the
 * calling user mapped to 0 and the rootless adjustments runc makes.
 * *ret_buf is malloc'd, pretty-printed JSON.
 */
int oci_spec_default_json(bool rootless, unsigned uid, unsigned gid,
			  char **ret_buf, size_t *ret_len, struct jf_error *err);

#endif
