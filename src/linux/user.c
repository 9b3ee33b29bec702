/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/user.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

int jf_user_switch(const struct oci_user *u, struct jf_error *err)
{
	if (setgroups(u->n_additional_gids, u->additional_gids) < 0) {
		/* A user namespace with setgroups denied: fine if none asked. */
		if (!(errno == EPERM && u->n_additional_gids == 0))
			return jf_error_errno(err, "process.user.additionalGids");
	}
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		return jf_error_errno(err, "process.user.gid: setting %u", u->gid);
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		return jf_error_errno(err, "process.user.uid: setting %u", u->uid);
	if (u->has_umask)
		umask(u->umask & 0777);
	return 0;
}
