/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "state_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"

#define STATE_MAX_BYTES (1024 * 1024)

static struct jf_container *container_new(const char *root, const char *id)
{
	struct jf_container *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->dirfd = -1;
	c->root = strdup(root);
	c->id = strdup(id);
	if (c->root == NULL || c->id == NULL) {
		jf_container_close(c);
		return NULL;
	}
	return c;
}

static int open_root(const char *root, struct jf_error *err)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : jf_error_errno(err, "state root %s", root);
	if (jf_mkdir_p(root, 0700, err) < 0)
		return jf_error_wrap(err, "state root");
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 ? fd : jf_error_errno(err, "state root %s", root);
}

static int load_state(struct jf_container *c, struct jf_error *err)
{
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(c->dirfd, JF_STATE_FILE, STATE_MAX_BYTES, &text,
			    &len, err) < 0) {
		if (err->errnum == ENOENT)
			return 0; /* still being created */
		return -1;
	}
	if (oci_state_parse(text, len, &c->state, err) < 0)
		return jf_error_wrap(err, "container \"%s\": %s", c->id,
				     JF_STATE_FILE);
	return 0;
}

int jf_container_claim(const char *root, const char *id,
		       struct jf_container **ret, struct jf_error *err)
{
	cleanup_close int rootfd = -1;
	struct jf_container *c;
	char tmp[NAME_MAX + 1];

	rootfd = open_root(root, err);
	if (rootfd < 0)
		return -1;
	c = container_new(root, id);
	if (c == NULL)
		return jf_error_errno(err, "container \"%s\"", id);
	/* Made under a private name, locked, then renamed into place with
	 * RENAME_NOREPLACE: other jfruns never see an unlocked new dir. */
	snprintf(tmp, sizeof(tmp), ".new-%d", (int)getpid());
	if (mkdirat(rootfd, tmp, 0700) < 0 && errno != EEXIST)
		goto fail_errno;
	c->dirfd = openat(rootfd, tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dirfd < 0 || flock(c->dirfd, LOCK_EX) < 0)
		goto fail_errno;
	c->locked = true;
	if (renameat2(rootfd, tmp, rootfd, id, RENAME_NOREPLACE) < 0) {
		int saved = errno;
		unlinkat(rootfd, tmp, AT_REMOVEDIR);
		jf_container_close(c);
		if (saved == EEXIST || saved == ENOTEMPTY)
			return jf_error_set(err, EEXIST,
					    "container \"%s\" already exists", id);
		return jf_error_set(err, saved, "container \"%s\"", id);
	}
	*ret = c;
	return 0;

fail_errno:
	jf_error_errno(err, "container \"%s\": state dir", id);
	unlinkat(rootfd, tmp, AT_REMOVEDIR);
	jf_container_close(c);
	return -1;
}

int jf_container_open(const char *root, const char *id, bool lock,
		      struct jf_container **ret, struct jf_error *err)
{
	struct jf_container *c;
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, id) >= sizeof(path))
		return jf_error_set(err, ENAMETOOLONG, "container \"%s\"", id);
	c = container_new(root, id);
	if (c == NULL)
		return jf_error_errno(err, "container \"%s\"", id);
	c->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->dirfd < 0) {
		int saved = errno;
		jf_container_close(c);
		if (saved == ENOENT || saved == ENOTDIR)
			return jf_error_set(err, ENOENT,
					    "container \"%s\" does not exist", id);
		return jf_error_set(err, saved, "container \"%s\"", id);
	}
	if (lock) {
		if (flock(c->dirfd, LOCK_EX) < 0) {
			jf_container_close(c);
			return jf_error_errno(err, "container \"%s\": lock", id);
		}
		c->locked = true;
		/* Deleted while we waited for the lock. */
		if (fstat(c->dirfd, &st) == 0 && st.st_nlink == 0) {
			jf_container_close(c);
			return jf_error_set(err, ENOENT,
					    "container \"%s\" does not exist", id);
		}
	}
	if (load_state(c, err) < 0) {
		jf_container_close(c);
		return -1;
	}
	*ret = c;
	return 0;
}

int jf_container_save(struct jf_container *c, struct jf_error *err)
{
	cleanup_free char *json = NULL;
	size_t len;

	if (oci_state_to_json(c->state, true, &json, &len, err) < 0)
		return -1;
	if (jf_write_file_atomic_at(c->dirfd, JF_STATE_FILE, json, len, err) < 0)
		return jf_error_wrap(err, "container \"%s\": saving state", c->id);
	return 0;
}

int jf_container_remove(struct jf_container *c, struct jf_error *err)
{
	cleanup_close int rootfd = open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (rootfd < 0)
		return jf_error_errno(err, "state root %s", c->root);
	if (jf_remove_tree_at(rootfd, c->id, err) < 0)
		return jf_error_wrap(err, "container \"%s\": removing state", c->id);
	return 0;
}

void jf_container_close(struct jf_container *c)
{
	if (c == NULL)
		return;
	if (c->dirfd >= 0)
		close(c->dirfd); /* releases the lock */
	oci_state_free(c->state);
	free(c->root);
	free(c->id);
	free(c);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int jf_container_list_ids(const char *root, char ***ret, size_t *ret_n,
			  struct jf_error *err)
{
	DIR *dir = opendir(root);
	struct dirent *de;
	char **ids = NULL;
	size_t n = 0;

	*ret = NULL;
	*ret_n = 0;
	if (dir == NULL)
		return errno == ENOENT ? 0 : jf_error_errno(err, "state root %s", root);
	while ((de = readdir(dir)) != NULL) {
		char **bigger;
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		bigger = realloc(ids, (n + 1) * sizeof(*ids));
		if (bigger == NULL)
			break;
		ids = bigger;
		ids[n] = strdup(de->d_name);
		if (ids[n] != NULL)
			n++;
	}
	closedir(dir);
	qsort(ids, n, sizeof(*ids), compare_names);
	*ret = ids;
	*ret_n = n;
	return 0;
}
