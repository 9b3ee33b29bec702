/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's user database: /etc/passwd and /etc/group, read inside
 * the container's root (never a host file, whatever symlinks the image has)
 * and looked up by name or id.  The parsers take the text of a file and do
 * no I/O, so they are tested on their own.
 */
#ifndef JF_LINUX_USER_DB_H
#define JF_LINUX_USER_DB_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* A larger file is refused: nothing real comes near it. */
#define JF_USER_DB_MAX (4u << 20)

struct jf_passwd {
	char *name; /* malloc'd */
	uint32_t uid, gid;
	char *home; /* malloc'd, "" when the entry has none */
};

/*
 * The first entry of passwd `text` named `name` (name != NULL) or, with
 * name NULL, whose uid is `uid`.  Lines that are comments ('#'), too short
 * (name:password:uid:gid at least) or whose ids are not numbers from 0 to
 * 2^31-1 are skipped.  Returns 1 when found (*ret filled; clear it with
 * jf_passwd_clear), 0 when not, -1 out of memory.
 */
int jf_passwd_find(const char *text, const char *name, uint32_t uid,
		   struct jf_passwd *ret);
void jf_passwd_clear(struct jf_passwd *p);

/* The gid of the first group named `name` in /etc/group `text`: 1 found,
 * 0 not. */
int jf_group_find(const char *text, const char *name, uint32_t *ret_gid);

/* The gids of the groups whose member list names `user`, in file order:
 * a malloc'd array (NULL when none).  0, or -1 out of memory. */
int jf_group_memberships(const char *text, const char *user, uint32_t **ret,
			 size_t *ret_n);

/*
 * Read `path` ("/etc/passwd") of the root rootfd: resolved with
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, so an absolute symlink ends in
 * the container's root too; a regular file only, checked on an O_PATH fd
 * before it is opened for reading (a FIFO or a device node is not opened),
 * and the file read is checked to be that one; at most JF_USER_DB_MAX
 * bytes.  *ret is NULL when the file does not exist.  Called by the
 * container's init and exec'd processes, inside the container's cgroup.
 */
int jf_user_db_read(int rootfd, const char *path, char **ret,
		    struct jf_error *err);

#endif
