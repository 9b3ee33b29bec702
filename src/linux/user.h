/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.user: who the container's process becomes (uid, gid, groups,
 * umask), `exec --user USER[:GROUP]` resolved through the container's own
 * /etc/passwd and /etc/group, and HOME from the user's passwd entry.
 */
#ifndef JF_LINUX_USER_H
#define JF_LINUX_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

/* `exec --user`: USER[:GROUP], each a number from 0 to 2^31-1 or a name. */
struct jf_user_spec {
	char *user; /* a name, or NULL: uid */
	uint32_t uid;
	bool has_group;
	char *group; /* a name, or NULL: gid */
	uint32_t gid;
};

/* "--user: uid 4294967296 is out of range (0 to 2147483647)"; "-1" and
 * "+1" are out of range too, an empty USER or GROUP is refused. */
int jf_user_spec_parse(const char *text, struct jf_user_spec *ret,
		       struct jf_error *err);
void jf_user_spec_free(struct jf_user_spec *s);

/*
 * The identity a process takes, into *ret (clear it with jf_user_clear):
 * with spec NULL, `base` (process.user) as it is; else, as runc's user
 * lookup does:
 *   UID[:GID]       these ids (gid 0 without GID, as `runc exec --user`);
 *   NAME            uid and gid of NAME's passwd entry, and, as extra
 *                   groups, every group that lists NAME in /etc/group;
 *   NAME:GROUP, UID:GROUPNAME ...  names looked up, no extra groups.
 * The files are read inside the root rootfd (user_db.h).  umask comes from
 * base.  Errors name the flag: "--user: no user \"bob\" in the container's
 * /etc/passwd".
 */
int jf_user_resolve(int rootfd, const struct jf_user_spec *spec,
		    const struct oci_user *base, struct oci_user *ret,
		    struct jf_error *err);
void jf_user_clear(struct oci_user *u);

/*
 * When `env` (n entries, may be NULL) has no HOME, or an empty one, as
 * runc: *ret is a new NULL-terminated copy of env plus HOME=<the home of
 * uid's entry in /etc/passwd of rootfd>, or HOME=/ when there is none
 * (a missing or unreadable passwd included).  One malloc'd block to free;
 * *ret is NULL when env keeps its HOME.  rootfd < 0: "/" (the container's
 * init, after pivot_root).
 */
int jf_user_home_env(int rootfd, uint32_t uid, char *const *env, size_t n,
		     char ***ret, struct jf_error *err);

/* setgroups + setresgid + setresuid (capabilities are kept by the caller
 * with PR_SET_KEEPCAPS around this).  Ids above OCI_ID_MAX are refused:
 * (uid_t)-1 would leave the id unchanged. */
int jf_user_switch(const struct oci_user *u, struct jf_error *err);

#endif
