/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.user: groups, gid, uid, umask of the container process. */
#ifndef JF_LINUX_USER_H
#define JF_LINUX_USER_H

#include "config.h"
#include "error.h"

/* setgroups + setresgid + setresuid (capabilities are kept by the caller
 * with PR_SET_KEEPCAPS around this). */
int jf_user_switch(const struct oci_user *u, struct jf_error *err);

#endif
