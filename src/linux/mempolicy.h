/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.memoryPolicy (runtime-spec 1.3): the container's NUMA memory policy,
 * set with set_mempolicy(2) by the init (and by each `exec`), inherited by
 * every process it starts.
 *
 * MPOL_DEFAULT and MPOL_LOCAL take no nodes, MPOL_PREFERRED zero or more
 * (none: the local node), the others at least one.  Checked at create,
 * before anything exists; what only the kernel can tell (a node that is not
 * online, flags the mode does not take) fails the set_mempolicy and names
 * the field.
 */
#ifndef JF_LINUX_MEMPOLICY_H
#define JF_LINUX_MEMPOLICY_H

#include "config.h"
#include "error.h"

int jf_mempolicy_check(const struct oci_config *c, struct jf_error *err);

/* No-op without linux.memoryPolicy. */
int jf_mempolicy_apply(const struct oci_config *c, struct jf_error *err);

#endif
