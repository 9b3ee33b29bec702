/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/user_db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "fs_util.h"
#include "linux/safe_path.h"

struct span {
	const char *p;
	size_t len;
};

/* The next line of *text (without its '\n'); false at the end. */
static bool next_line(const char **text, struct span *line)
{
	const char *end;

	if (**text == '\0')
		return false;
	end = strchrnul(*text, '\n');
	line->p = *text;
	line->len = (size_t)(end - *text);
	*text = *end == '\n' ? end + 1 : end;
	return true;
}

/* Splits s at `sep` into at most max fields; returns how many. */
static size_t split(struct span s, char sep, struct span *f, size_t max)
{
	size_t n = 0;
	const char *p = s.p, *end = s.p + s.len;

	while (n < max) {
		const char *q = memchr(p, sep, (size_t)(end - p));

		f[n].p = p;
		f[n++].len = (size_t)((q ? q : end) - p);
		if (q == NULL)
			break;
		p = q + 1;
	}
	return n;
}

static bool span_is(struct span s, const char *text)
{
	return strlen(text) == s.len && memcmp(s.p, text, s.len) == 0;
}

/* Decimal digits only, 0 to OCI_ID_MAX. */
static bool span_id(struct span s, uint32_t *ret)
{
	uint64_t v = 0;

	if (s.len == 0 || s.len > 10)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v > OCI_ID_MAX)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* name:password:id:rest... with a usable id, else false. */
static size_t entry_fields(struct span line, struct span *f, size_t max,
			   size_t id_field, uint32_t *id)
{
	size_t n;

	if (line.len == 0 || line.p[0] == '#')
		return 0;
	n = split(line, ':', f, max);
	if (n <= id_field || f[0].len == 0 || !span_id(f[id_field], id))
		return 0;
	return n;
}

void jf_passwd_clear(struct jf_passwd *p)
{
	free(p->name);
	free(p->home);
	memset(p, 0, sizeof(*p));
}

int jf_passwd_find(const char *text, const char *name, uint32_t uid,
		   struct jf_passwd *ret)
{
	struct span line, f[7];

	memset(ret, 0, sizeof(*ret));
	while (next_line(&text, &line)) {
		uint32_t id, gid;
		size_t n = entry_fields(line, f, 7, 2, &id);

		if (n < 4 || !span_id(f[3], &gid))
			continue;
		if (name != NULL ? !span_is(f[0], name) : id != uid)
			continue;
		ret->uid = id;
		ret->gid = gid;
		ret->name = strndup(f[0].p, f[0].len);
		ret->home = n > 5 ? strndup(f[5].p, f[5].len) : strdup("");
		if (ret->name == NULL || ret->home == NULL) {
			jf_passwd_clear(ret);
			return -1;
		}
		return 1;
	}
	return 0;
}

int jf_group_find(const char *text, const char *name, uint32_t *ret_gid)
{
	struct span line, f[4];

	while (next_line(&text, &line)) {
		uint32_t gid;

		if (entry_fields(line, f, 4, 2, &gid) == 0 ||
		    !span_is(f[0], name))
			continue;
		*ret_gid = gid;
		return 1;
	}
	return 0;
}

static bool lists_member(struct span members, const char *user)
{
	const char *p = members.p, *end = members.p + members.len;

	while (p <= end) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		struct span m = {p, (size_t)((q ? q : end) - p)};

		if (span_is(m, user))
			return true;
		if (q == NULL)
			break;
		p = q + 1;
	}
	return false;
}

int jf_group_memberships(const char *text, const char *user, uint32_t **ret,
			 size_t *ret_n)
{
	struct span line, f[4];
	uint32_t *gids = NULL;
	size_t n = 0;

	*ret = NULL;
	*ret_n = 0;
	while (next_line(&text, &line)) {
		uint32_t gid, *bigger;
		bool seen = false;

		if (entry_fields(line, f, 4, 2, &gid) < 4 ||
		    !lists_member(f[3], user))
			continue;
		for (size_t i = 0; i < n; i++)
			seen |= gids[i] == gid;
		if (seen)
			continue;
		bigger = realloc(gids, (n + 1) * sizeof(*gids));
		if (bigger == NULL) {
			free(gids);
			return -1;
		}
		gids = bigger;
		gids[n++] = gid;
	}
	*ret = gids;
	*ret_n = n;
	return 0;
}

int jf_user_db_read(int rootfd, const char *path, char **ret,
		    struct jf_error *err)
{
	cleanup_close int pathfd = -1, fd = -1;
	struct stat st, st2;
	size_t len;

	*ret = NULL;
	pathfd = jf_open_in_root(rootfd, path, O_PATH);
	if (pathfd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return jf_error_errno(err, "%s", path);
	}
	if (fstat(pathfd, &st) < 0)
		return jf_error_errno(err, "%s", path);
	if (!S_ISREG(st.st_mode))
		return jf_error_set(err, 0, "%s: not a regular file", path);
	/* Opened again for reading, and checked to be the same file (O_PATH
	 * fds cannot be read, and /proc may be the image's own here). */
	fd = jf_open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return jf_error_errno(err, "%s", path);
	if (fstat(fd, &st2) < 0)
		return jf_error_errno(err, "%s", path);
	if (st2.st_dev != st.st_dev || st2.st_ino != st.st_ino)
		return jf_error_set(err, 0, "%s: changed while it was opened",
				    path);
	return jf_read_fd(fd, path, JF_USER_DB_MAX, ret, &len, err);
}
