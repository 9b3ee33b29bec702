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
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "fault.h"
#include "fs_util.h"
#include "pid_identity.h"

/* state.json copies the config's annotations: the config's bound, plus
 * room for the other fields. */
#define STATE_MAX_BYTES (OCI_CONFIG_MAX_BYTES + 64 * 1024)
#define PRIVATE_PREFIX	".new-"
/* Deleted state dirs kept for reuse (jf_container_remove), at most this
 * many: on an ext4 /run, making a directory and two files and removing
 * them again costs ~0.8 ms when the disk has been idle; renaming a spare
 * in and out ~0.1 ms. */
#define SPARE_PREFIX	".spare-"
#define SPARES_KEPT	4
/* Files a spare keeps to be written over: no bigger than this. */
#define SPARE_FILE_MAX	(64 * 1024)
/* The most save_in_place writes: one page, so one write is atomic. */
#define STATE_PAGE_BYTES 4096

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
		return fd >= 0 ? fd
			       : jf_error_errno(err, "state root %s", root);
	if (jf_mkdir_p(root, 0700, err) < 0)
		return jf_error_wrap(err, "state root");
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd >= 0 ? fd : jf_error_errno(err, "state root %s", root);
}

/* Whether <root>/<id> is still the directory c->dirfd refers to. */
static bool still_in_place(const struct jf_container *c)
{
	struct stat mine, named;
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", c->root, c->id) >=
	    sizeof(path))
		return false;
	return fstat(c->dirfd, &mine) == 0 && mine.st_nlink > 0 &&
	       lstat(path, &named) == 0 && mine.st_dev == named.st_dev &&
	       mine.st_ino == named.st_ino;
}

static int load_state(struct jf_container *c, bool broken_ok,
		      struct jf_error *err)
{
	cleanup_free char *text = NULL;
	cleanup_close int fd =
	    openat(c->dirfd, JF_STATE_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t len;
	int rc;

	/* Shared: an in-place save (save_in_place) holds it exclusively. */
	if (fd < 0 || flock(fd, LOCK_SH) < 0)
		rc = jf_error_errno(err, "open %s", JF_STATE_FILE);
	else
		rc = jf_read_fd(fd, JF_STATE_FILE, STATE_MAX_BYTES, &text, &len,
				err);
	if (rc < 0) {
		if (err->errnum != ENOENT)
			goto broken;
		/* state.json is written before the directory is published
		 * and removed only by delete: it is gone, or going. */
		if (!still_in_place(c))
			return jf_error_set(err, ENOENT,
					    "container \"%s\" does not exist",
					    c->id);
		return 0;
	}
	if (oci_state_parse(text, len, &c->state, err) < 0 && !still_in_place(c))
		/* Zeroed as a spare (keep_as_spare) behind an old handle. */
		return jf_error_set(err, ENOENT, "container \"%s\" does not exist",
				    c->id);
	if (c->state != NULL) {
		/* Opened (unlocked) before a delete kept the directory as a
		 * spare that another id has since claimed. */
		if (c->state->id != NULL && strcmp(c->state->id, c->id) != 0) {
			oci_state_free(c->state);
			c->state = NULL;
			return jf_error_set(err, ENOENT,
					    "container \"%s\" does not exist",
					    c->id);
		}
		return 0;
	}
broken:
	jf_error_wrap(err, "container \"%s\"", c->id);
	if (!broken_ok)
		return -1;
	c->state_error = strdup(err->msg);
	return c->state_error != NULL ? 0 : jf_error_errno(err, "state");
}

/* A claim's private directory whose jfrun is gone: nobody holds its lock
 * and the pid in its name is dead. */
static bool private_dir_stale(int rootfd, const char *name)
{
	cleanup_close int fd = -1;
	long pid = strtol(name + strlen(PRIVATE_PREFIX), NULL, 10);
	char state;

	/* A zombie is dead too (its parent may not have reaped it yet). */
	if (pid <= 0 || (jf_proc_stat((pid_t)pid, NULL, &state) == 0 &&
			 state != 'Z' && state != 'X'))
		return false;
	fd = openat(rootfd, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0;
}

/* Also names a spare directory seen, if spare is not NULL. */
static void sweep_at(int rootfd, char *spare, size_t size)
{
	DIR *dir;
	struct dirent *de;
	struct jf_error ignored;
	int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strncmp(de->d_name, PRIVATE_PREFIX,
			    strlen(PRIVATE_PREFIX)) == 0 &&
		    private_dir_stale(rootfd, de->d_name))
			jf_remove_tree_at(rootfd, de->d_name, &ignored);
		else if (spare != NULL && spare[0] == '\0' &&
			 strncmp(de->d_name, SPARE_PREFIX,
				 strlen(SPARE_PREFIX)) == 0)
			snprintf(spare, size, "%s", de->d_name);
	}
	closedir(dir);
}

void jf_container_sweep(const char *root)
{
	cleanup_close int rootfd =
	    open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (rootfd >= 0)
		sweep_at(rootfd, NULL, 0);
}

int jf_container_claim(const char *root, const char *id,
		       struct jf_container **ret, struct jf_error *err)
{
	cleanup_close int rootfd = -1;
	struct jf_container *c;
	char tmp[NAME_MAX + 1], spare[NAME_MAX + 1] = "";
	struct jf_error ignored;
	struct stat st;

	rootfd = open_root(root, err);
	if (rootfd < 0)
		return -1;
	sweep_at(rootfd, spare, sizeof(spare));
	/* Fail early in the common case; publishing decides races. */
	if (fstatat(rootfd, id, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return jf_error_set(err, EEXIST,
				    "container \"%s\" already exists", id);
	c = container_new(root, id);
	if (c == NULL)
		return jf_error_errno(err, "container \"%s\"", id);
	/* Unique even among jfruns of other pid namespaces sharing root. */
	for (unsigned n = 0;; n++) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(tmp, sizeof(tmp), PRIVATE_PREFIX "%d-%ld%u",
			 (int)getpid(), ts.tv_nsec, n);
		/* A spare is taken whole or not at all: one rename.  Its
		 * files are written over before it is published. */
		if (spare[0] != '\0' &&
		    renameat2(rootfd, spare, rootfd, tmp, RENAME_NOREPLACE) == 0)
			break;
		spare[0] = '\0'; /* taken by another claim: make one */
		if (mkdirat(rootfd, tmp, 0700) == 0)
			break;
		if (errno != EEXIST || n > 100) {
			jf_error_errno(err, "container \"%s\": state dir", id);
			jf_container_close(c);
			return -1;
		}
	}
	c->private_name = strdup(tmp);
	if (c->private_name == NULL)
		goto fail_errno;
	c->dirfd = openat(rootfd, tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dirfd < 0 || flock(c->dirfd, LOCK_EX) < 0)
		goto fail_errno;
	c->locked = true;
	*ret = c;
	return 0;

fail_errno:
	jf_error_errno(err, "container \"%s\": state dir", id);
	jf_remove_tree_at(rootfd, tmp, &ignored); /* a spare has files */
	jf_container_close(c);
	return -1;
}

int jf_container_publish(struct jf_container *c, struct jf_error *err)
{
	cleanup_close int rootfd =
	    open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (rootfd < 0)
		return jf_error_errno(err, "state root %s", c->root);
	if (renameat2(rootfd, c->private_name, rootfd, c->id,
		      RENAME_NOREPLACE) < 0) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			return jf_error_set(err, EEXIST,
					    "container \"%s\" already exists",
					    c->id);
		return jf_error_errno(err, "container \"%s\"", c->id);
	}
	free(c->private_name);
	c->private_name = NULL;
	return 0;
}

static int open_container(const char *root, const char *id, bool lock,
			  bool broken_ok, struct jf_container **ret,
			  struct jf_error *err)
{
	cleanup_free char *seen = NULL;
	struct jf_container *c;
	char path[PATH_MAX];

	/* ".spare-0" and ".new-..." are nobody's. */
	if (id[0] == '.' || strchr(id, '/') != NULL)
		return jf_error_set(err, ENOENT, "container \"%s\" does not exist", id);

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, id) >=
	    sizeof(path))
		return jf_error_set(err, ENAMETOOLONG, "container \"%s\"", id);
	c = container_new(root, id);
	if (c == NULL)
		return jf_error_errno(err, "container \"%s\"", id);
	c->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->dirfd < 0) {
		int saved = errno;
		jf_container_close(c);
		if (saved == ENOENT || saved == ENOTDIR)
			return jf_error_set(
			    err, ENOENT, "container \"%s\" does not exist", id);
		return jf_error_set(err, saved, "container \"%s\"", id);
	}
	if (lock) {
		/* The container as it was before the wait: a delete meanwhile
		 * may keep its directory as a spare that a create of the same
		 * id then takes (the same inode). */
		if (load_state(c, true, err) == 0 && c->state != NULL &&
		    c->state->created != NULL)
			seen = strdup(c->state->created);
		oci_state_free(c->state);
		c->state = NULL;
		free(c->state_error);
		c->state_error = NULL;
		if (flock(c->dirfd, LOCK_EX) < 0) {
			jf_container_close(c);
			return jf_error_errno(err, "container \"%s\": lock",
					      id);
		}
		c->locked = true;
		/* Deleted (removed or kept as a spare) while we waited. */
		if (!still_in_place(c)) {
			jf_container_close(c);
			return jf_error_set(
			    err, ENOENT, "container \"%s\" does not exist", id);
		}
	}
	if (load_state(c, broken_ok, err) < 0) {
		jf_container_close(c);
		return -1;
	}
	if (seen != NULL && c->state != NULL && c->state->created != NULL &&
	    strcmp(seen, c->state->created) != 0) {
		jf_container_close(c);
		return jf_error_set(err, ENOENT, "container \"%s\" does not exist", id);
	}
	*ret = c;
	return 0;
}

int jf_container_open(const char *root, const char *id, bool lock,
		      struct jf_container **ret, struct jf_error *err)
{
	return open_container(root, id, lock, false, ret, err);
}

int jf_container_open_any(const char *root, const char *id, bool lock,
			  struct jf_container **ret, struct jf_error *err)
{
	return open_container(root, id, lock, true, ret, err);
}

/*
 * state.json is rewritten in place when old and new fit one page: no new
 * inode and no rename per save (on an ext4 /run each of those costs
 * 0.1-0.4 ms, and a rename over a file makes ext4 flush the new one).
 * Still never torn: one write() of at most a page at offset 0 is whole or
 * not done at all even when SIGKILL comes, readers hold a shared flock of
 * the file while the writer holds it exclusively, and a shorter text is
 * padded with spaces (JSON allows them) to the old length.
 * 0: saved; 1: not possible here (no file yet, or too big); -1: errno.
 */
static int save_in_place(int dirfd, const char *json, size_t len)
{
	char page[STATE_PAGE_BYTES];
	struct stat st;
	size_t size;
	int fd, rc = 1;

	if (len > sizeof(page))
		return 1;
	fd = openat(dirfd, JF_STATE_FILE, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0) {
		rc = -1;
	} else if (S_ISREG(st.st_mode) && (size_t)st.st_size <= sizeof(page)) {
		size = (size_t)st.st_size > len ? (size_t)st.st_size : len;
		memcpy(page, json, len);
		memset(page + len, ' ', size - len);
		jf_fault_point("state-writing");
		rc = pwrite(fd, page, size, 0) == (ssize_t)size ? 0 : -1;
		jf_fault_point("state-written");
	}
	close(fd); /* unlocks */
	return rc;
}

int jf_container_save(struct jf_container *c, struct jf_error *err)
{
	cleanup_free char *json = NULL;
	size_t len;

	if (oci_state_to_json(c->state, true, &json, &len, err) < 0)
		return -1;
	/* Never write what could not be read back. */
	if (len > STATE_MAX_BYTES)
		return jf_error_set(err, EFBIG,
				    "container \"%s\": state of %zu bytes, "
				    "more than the %u allowed",
				    c->id, len, (unsigned)STATE_MAX_BYTES);
	switch (save_in_place(c->dirfd, json, len)) {
	case 0:
		return 0;
	case 1:
		break;
	default:
		return jf_error_errno(err, "container \"%s\": saving state", c->id);
	}
	/* (jf_write_file_atomic_at, with a fault point before the rename.) */
	if (jf_write_file_at(c->dirfd, JF_STATE_FILE ".tmp", json, len, 0600,
			     err) < 0)
		return jf_error_wrap(err, "container \"%s\": saving state",
				     c->id);
	jf_fault_point("state-renaming");
	if (renameat(c->dirfd, JF_STATE_FILE ".tmp", c->dirfd, JF_STATE_FILE) <
	    0) {
		jf_error_errno(err, "rename %s", JF_STATE_FILE);
		unlinkat(c->dirfd, JF_STATE_FILE ".tmp", 0);
		return jf_error_wrap(err, "container \"%s\": saving state",
				     c->id);
	}
	return 0;
}

/* Whether a spare keeps this entry of the state dir, to be written over. */
static bool spare_keeps(int dirfd, const char *name)
{
	struct stat st;

	return (strcmp(name, JF_STATE_FILE) == 0 ||
		strcmp(name, JF_CONFIG_COPY) == 0) &&
	       fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISREG(st.st_mode) && st.st_size <= SPARE_FILE_MAX;
}

/* A kept file zeroed, its blocks left in place: nothing of a deleted
 * container (its config, its environment with it) stays behind. */
static void zero_file(int dirfd, const char *name)
{
	static const char zeros[4096];
	cleanup_close int fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return;
	for (off_t at = 0; at < st.st_size; at += (off_t)sizeof(zeros)) {
		size_t n = (size_t)(st.st_size - at) < sizeof(zeros)
			       ? (size_t)(st.st_size - at)
			       : sizeof(zeros);
		if (pwrite(fd, zeros, n, at) != (ssize_t)n)
			return;
	}
}

/* Keep c's directory as a spare: everything in it but state.json and
 * config.json removed first (exec.fifo's presence means "created"), then
 * renamed to a free spare name, then those two zeroed (still under the
 * lock, which a claim of the spare waits for; a reader through an old
 * handle then finds it gone).  0: kept; -1: not (no free name, or
 * something could not be removed), and the caller removes it. */
static int keep_as_spare(int rootfd, const struct jf_container *c,
			 const char *name)
{
	int fd = fcntl(c->dirfd, F_DUPFD_CLOEXEC, 0);
	struct jf_error ignored;
	struct dirent *de;
	struct stat st;
	char spare[32];
	DIR *dir;
	int rc = 0;

	/* As claimed: the exec fifo opened it to the container's users. */
	if (fstat(c->dirfd, &st) < 0 ||
	    ((st.st_mode & 07777) != 0700 && fchmod(c->dirfd, 0700) < 0)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    spare_keeps(c->dirfd, de->d_name))
			continue;
		rc = jf_remove_tree_at(c->dirfd, de->d_name, &ignored);
	}
	closedir(dir);
	for (unsigned i = 0; rc == 0 && i < SPARES_KEPT; i++) {
		snprintf(spare, sizeof(spare), SPARE_PREFIX "%u", i);
		if (renameat2(rootfd, name, rootfd, spare, RENAME_NOREPLACE) == 0) {
			zero_file(c->dirfd, JF_STATE_FILE);
			zero_file(c->dirfd, JF_CONFIG_COPY);
			return 0;
		}
		if (errno != EEXIST && errno != ENOTEMPTY)
			break;
	}
	return -1;
}

int jf_container_remove(struct jf_container *c, struct jf_error *err)
{
	cleanup_close int rootfd =
	    open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *name = c->private_name ? c->private_name : c->id;

	if (rootfd < 0)
		return jf_error_errno(err, "state root %s", c->root);
	if (c->dirfd >= 0 && keep_as_spare(rootfd, c, name) == 0) {
		/* Unlocked at once: the next claim may be waiting for it. */
		close(c->dirfd);
		c->dirfd = -1;
		c->locked = false;
		return 0;
	}
	if (jf_remove_tree_at(rootfd, name, err) < 0)
		return jf_error_wrap(err, "container \"%s\": removing state",
				     c->id);
	return 0;
}

void jf_container_close(struct jf_container *c)
{
	if (c == NULL)
		return;
	if (c->dirfd >= 0)
		close(c->dirfd); /* releases the lock */
	oci_state_free(c->state);
	free(c->state_error);
	free(c->private_name);
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
		return errno == ENOENT
			   ? 0
			   : jf_error_errno(err, "state root %s", root);
	while ((de = readdir(dir)) != NULL) {
		char **bigger;
		if (de->d_name[0] == '.' ||
		    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		bigger = realloc(ids, (n + 1) * sizeof(*ids));
		if (bigger == NULL || (bigger[n] = strdup(de->d_name)) == NULL) {
			/* A partial list would hide containers. */
			jf_error_errno(err, "state root %s", root);
			ids = bigger != NULL ? bigger : ids;
			while (n > 0)
				free(ids[--n]);
			free(ids);
			closedir(dir);
			return -1;
		}
		ids = bigger;
		n++;
	}
	closedir(dir);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(ids, n, sizeof(*ids), compare_names);
	*ret = ids;
	*ret_n = n;
	return 0;
}
