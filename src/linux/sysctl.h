/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.sysctl: only keys that belong to a namespace the container has of
 * its own (not the host's) are accepted, as runc does:
 *   ipc      kernel.msg*, kernel.sem*, kernel.shm*, fs.mqueue.*
 *   network  net.*   (the kernel shows a new network namespace only its
 *                     per-namespace keys: a global one fails to open)
 * kernel.hostname and kernel.domainname are refused (the config has
 * hostname and domainname for them), every other key too: it would change
 * the host.  Checked at create, before anything exists.
 */
#ifndef JF_LINUX_SYSCTL_H
#define JF_LINUX_SYSCTL_H

#include "config.h"
#include "error.h"
#include "linux/namespaces.h"

int jf_sysctl_check(const struct oci_config *c, const struct jf_namespaces *ns,
		    struct jf_error *err);

/* Write every linux.sysctl through procfd (jf_procfs_open, opened before
 * the root is entered), from inside the container's namespaces. */
int jf_sysctl_apply(const struct oci_config *c, int procfd,
		    struct jf_error *err);

#endif
