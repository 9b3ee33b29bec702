/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/copyup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"

/* Runs in the container's init before execve: no malloc (getdents64 into a
 * stack buffer instead of opendir), and a bounded recursion. */
#define COPYUP_MAX_DEPTH 32

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* chown first: it clears set-id bits that chmod then puts back. */
static int copy_meta(int dirfd, const char *name, const struct stat *st)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};

	if (fchownat(dirfd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) <
	    0)
		return -1;
	if (!S_ISLNK(st->st_mode) &&
	    fchmodat(dirfd, name, st->st_mode & 07777, 0) < 0)
		return -1;
	return utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW);
}

static int copy_file(int from, int to, const char *name)
{
	cleanup_close int in = -1, out = -1;
	ssize_t n;

	in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	out =
	    openat(to, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		return -1;
	while ((n = sendfile(out, in, NULL, 1 << 30)) > 0)
		;
	return n < 0 ? -1 : 0;
}

static int copy_symlink(int from, int to, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(from, name, target, sizeof(target) - 1);

	if (n < 0)
		return -1;
	target[n] = '\0';
	return symlinkat(target, to, name);
}

static int copy_tree(int from, int to, int depth, struct jf_error *err);

static int copy_dir(int from, int to, const char *name, int depth,
		    struct jf_error *err)
{
	cleanup_close int sub_from = -1, sub_to = -1;

	if (mkdirat(to, name, 0700) < 0)
		return jf_error_errno(err, "%s", name);
	sub_from =
	    openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	sub_to =
	    openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub_from < 0 || sub_to < 0)
		return jf_error_errno(err, "%s", name);
	if (copy_tree(sub_from, sub_to, depth + 1, err) < 0)
		return jf_error_wrap(err, "%s", name);
	return 0;
}

static int copy_entry(int from, int to, const char *name, int depth,
		      struct jf_error *err)
{
	struct stat st;
	int r;

	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return jf_error_errno(err, "%s", name);
	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		if (copy_dir(from, to, name, depth, err) < 0)
			return -1;
		r = 0;
		break;
	case S_IFREG:
		r = copy_file(from, to, name);
		break;
	case S_IFLNK:
		r = copy_symlink(from, to, name);
		break;
	case S_IFSOCK:
		return 0; /* a socket belongs to whoever listens on it */
	default:
		r = mknodat(to, name, st.st_mode, st.st_rdev);
		break;
	}
	if (r < 0 || copy_meta(to, name, &st) < 0)
		return jf_error_errno(err, "%s", name);
	return 0;
}

static int copy_tree(int from, int to, int depth, struct jf_error *err)
{
	char buf[2048] __attribute__((aligned(8)));
	long n;

	if (depth > COPYUP_MAX_DEPTH)
		return jf_error_set(err, ELOOP,
				    "more than %d levels of directories",
				    COPYUP_MAX_DEPTH);
	while ((n = syscall(SYS_getdents64, from, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			if (copy_entry(from, to, d->d_name, depth, err) < 0)
				return -1;
		}
	}
	if (n < 0)
		return jf_error_errno(err, "reading the directory");
	return 0;
}

int jf_copyup(int from, int to, struct jf_error *err)
{
	struct stat st;

	if (copy_tree(from, to, 0, err) < 0)
		return -1;
	if (fstat(from, &st) < 0 || fchown(to, st.st_uid, st.st_gid) < 0 ||
	    fchmod(to, st.st_mode & 07777) < 0)
		return jf_error_errno(err,
				      "mode and owner of the mount's root");
	return 0;
}
