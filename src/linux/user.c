/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/user.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/user_db.h"

#define PASSWD_PATH "/etc/passwd"
#define GROUP_PATH  "/etc/group"

/* One side of USER:GROUP: 1 a number (*id), 0 a name, -1 an error.  Only
 * digits make a number; a sign makes an id out of range, as a value past
 * 2^31-1 does (runc's range: (uid_t)-1 would change nothing). */
static int parse_part(const char *part, const char *what, uint32_t *id,
		      struct jf_error *err)
{
	const char *digits = part + (*part == '-' || *part == '+');
	size_t n = strspn(digits, "0123456789");
	uint64_t v = 0;

	if (n == 0 || digits[n] != '\0')
		return 0;
	for (size_t i = 0; i < n && v <= OCI_ID_MAX; i++)
		v = v * 10 + (uint64_t)(digits[i] - '0');
	if (digits != part || v > OCI_ID_MAX)
		return jf_error_set(err, 0,
				    "--user: %s %s is out of range (0 to %u)",
				    what, part, OCI_ID_MAX);
	*id = (uint32_t)v;
	return 1;
}

int jf_user_spec_parse(const char *text, struct jf_user_spec *ret,
		       struct jf_error *err)
{
	const char *colon = strchr(text, ':');
	cleanup_free char *user =
	    strndup(text, colon ? (size_t)(colon - text) : strlen(text));
	int r;

	memset(ret, 0, sizeof(*ret));
	if (user == NULL)
		return jf_error_errno(err, "--user");
	if (*user == '\0' || (colon != NULL && colon[1] == '\0'))
		return jf_error_set(err, 0,
				    "--user: \"%s\" is not USER[:GROUP]", text);
	r = parse_part(user, "uid", &ret->uid, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		ret->user = user;
		user = NULL;
	}
	if (colon == NULL)
		return 0;
	ret->has_group = true;
	r = parse_part(colon + 1, "gid", &ret->gid, err);
	if (r == 0 && (ret->group = strdup(colon + 1)) == NULL)
		r = jf_error_errno(err, "--user");
	if (r < 0) {
		jf_user_spec_free(ret);
		return -1;
	}
	return 0;
}

void jf_user_spec_free(struct jf_user_spec *s)
{
	free(s->user);
	free(s->group);
	memset(s, 0, sizeof(*s));
}

void jf_user_clear(struct oci_user *u)
{
	free(u->additional_gids);
	memset(u, 0, sizeof(*u));
}

static int copy_user(const struct oci_user *base, struct oci_user *ret,
		     struct jf_error *err)
{
	size_t size = base->n_additional_gids * sizeof(*base->additional_gids);

	*ret = *base;
	ret->username = NULL;
	ret->additional_gids = NULL;
	if (size == 0)
		return 0;
	ret->additional_gids = malloc(size);
	if (ret->additional_gids == NULL)
		return jf_error_errno(err, "process.user");
	memcpy(ret->additional_gids, base->additional_gids, size);
	return 0;
}

static int lookup_user(int rootfd, const char *name, struct oci_user *ret,
		       bool take_gid, struct jf_error *err)
{
	cleanup_free char *text = NULL;
	struct jf_passwd pw;
	int r;

	if (jf_user_db_read(rootfd, PASSWD_PATH, &text, err) < 0)
		return jf_error_wrap(err, "--user %s", name);
	r = text != NULL ? jf_passwd_find(text, name, 0, &pw) : 0;
	if (r < 0)
		return jf_error_errno(err, "--user");
	if (r == 0)
		return jf_error_set(
		    err, 0,
		    "--user: no user \"%s\" in the container's " PASSWD_PATH,
		    name);
	ret->uid = pw.uid;
	if (take_gid)
		ret->gid = pw.gid;
	jf_passwd_clear(&pw);
	return 0;
}

/* The group named spec->group, or the groups that list spec->user. */
static int lookup_groups(int rootfd, const struct jf_user_spec *spec,
			 struct oci_user *ret, struct jf_error *err)
{
	cleanup_free char *text = NULL;

	if (jf_user_db_read(rootfd, GROUP_PATH, &text, err) < 0)
		return jf_error_wrap(err, "--user %s",
				     spec->group ? spec->group : spec->user);
	if (spec->group != NULL) {
		if (text == NULL ||
		    jf_group_find(text, spec->group, &ret->gid) == 0)
			return jf_error_set(err, 0,
					    "--user: no group \"%s\" in the "
					    "container's " GROUP_PATH,
					    spec->group);
		return 0;
	}
	if (text != NULL &&
	    jf_group_memberships(text, spec->user, &ret->additional_gids,
				 &ret->n_additional_gids) < 0)
		return jf_error_errno(err, "--user");
	return 0;
}

int jf_user_resolve(int rootfd, const struct jf_user_spec *spec,
		    const struct oci_user *base, struct oci_user *ret,
		    struct jf_error *err)
{
	memset(ret, 0, sizeof(*ret));
	if (spec == NULL)
		return copy_user(base, ret, err);
	ret->has_umask = base->has_umask;
	ret->umask = base->umask;
	ret->uid = spec->uid;
	ret->gid = spec->has_group ? spec->gid : 0;
	if (spec->user != NULL &&
	    lookup_user(rootfd, spec->user, ret, !spec->has_group, err) < 0)
		return -1;
	/* Extra groups only for a bare NAME: runc's "implicit form". */
	if ((spec->group != NULL || (spec->user != NULL && !spec->has_group)) &&
	    lookup_groups(rootfd, spec, ret, err) < 0) {
		jf_user_clear(ret);
		return -1;
	}
	return 0;
}

/* The home of uid in the container's passwd; "/" when it has none, or
 * the file cannot be read (a HOME is no reason to refuse a process). */
static char *home_of(int rootfd, uint32_t uid)
{
	cleanup_free char *text = NULL;
	struct jf_error ignored;
	struct jf_passwd pw;
	char *home;

	if (jf_user_db_read(rootfd, PASSWD_PATH, &text, &ignored) < 0 ||
	    text == NULL || jf_passwd_find(text, NULL, uid, &pw) <= 0)
		return strdup("/");
	home = pw.home[0] != '\0' ? strdup(pw.home) : strdup("/");
	jf_passwd_clear(&pw);
	return home;
}

int jf_user_home_env(int rootfd, uint32_t uid, char *const *env, size_t n,
		     char ***ret, struct jf_error *err)
{
	cleanup_close int own_root = -1;
	cleanup_free char *home = NULL;
	size_t at = n, size;
	char **out;

	*ret = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(env[i], "HOME=", 5) != 0)
			continue;
		if (env[i][5] != '\0')
			return 0;
		at = i; /* HOME= (empty): replaced, as runc's Setenv does */
	}
	if (rootfd < 0) {
		own_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (own_root < 0)
			return jf_error_errno(err, "HOME: opening /");
		rootfd = own_root;
	}
	home = home_of(rootfd, uid);
	if (home == NULL)
		return jf_error_errno(err, "HOME");
	/* The array, then the "HOME=..." string, in one block. */
	size = (n + 2) * sizeof(*out);
	out = malloc(size + 5 + strlen(home) + 1);
	if (out == NULL)
		return jf_error_errno(err, "HOME");
	for (size_t i = 0; i < n; i++)
		out[i] = env[i];
	out[at] = (char *)out + size;
	strcpy(stpcpy(out[at], "HOME="), home);
	out[at == n ? n + 1 : n] = NULL;
	*ret = out;
	return 0;
}

int jf_user_switch(const struct oci_user *u, struct jf_error *err)
{
	if (u->uid > OCI_ID_MAX || u->gid > OCI_ID_MAX)
		return jf_error_set(
		    err, 0, "process.user: uid %u, gid %u: ids are 0 to %u",
		    u->uid, u->gid, OCI_ID_MAX);
	for (size_t i = 0; i < u->n_additional_gids; i++)
		if (u->additional_gids[i] > OCI_ID_MAX)
			return jf_error_set(err, 0,
					    "process.user.additionalGids[%zu]: "
					    "%u is out of range (0 to %u)",
					    i, u->additional_gids[i],
					    OCI_ID_MAX);
	if (setgroups(u->n_additional_gids, u->additional_gids) < 0) {
		/* A user namespace with setgroups denied: fine if none asked.
		 */
		if (!(errno == EPERM && u->n_additional_gids == 0))
			return jf_error_errno(err,
					      "process.user.additionalGids");
	}
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		return jf_error_errno(err, "process.user.gid: setting %u",
				      u->gid);
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		return jf_error_errno(err, "process.user.uid: setting %u",
				      u->uid);
	if (u->has_umask)
		umask(u->umask & 0777);
	return 0;
}
