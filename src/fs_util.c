/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fs_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "io.h"

/* dirfd() is shadowed by the parameter names below. */
static int dirfd_of(DIR *d)
{
	return dirfd(d);
}

int jf_write_all(int fd, const void *buf, size_t len, struct jf_error *err)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return jf_error_errno(err, "write");
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int jf_read_file_at(int dirfd, const char *path, size_t max, char **ret,
		    size_t *ret_len, struct jf_error *err)
{
	cleanup_close int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return jf_error_errno(err, "open %s", path);
	return jf_read_fd(fd, path, max, ret, ret_len, err);
}

int jf_read_fd(int fd, const char *path, size_t max, char **ret,
	       size_t *ret_len, struct jf_error *err)
{
	cleanup_free char *buf = NULL;
	size_t len = 0, hint = 0;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((size_t)st.st_size > max)
			return jf_error_set(err, EFBIG,
					    "%s: %lld bytes, more than the %zu allowed",
					    path, (long long)st.st_size, max);
		hint = (size_t)st.st_size;
	}
	if (jf_read_all(fd, hint, max, &buf, &len) < 0)
		return jf_error_errno(err, "read %s", path);
	if (len > max)
		return jf_error_set(err, EFBIG,
				    "%s: more than the %zu bytes allowed", path,
				    max);
	if (ret_len != NULL)
		*ret_len = len;
	*ret = steal_ptr(buf);
	return 0;
}

/* over: no O_TRUNC, cut to len after writing (see jf_write_file_over_at). */
static int write_file(int dirfd, const char *path, const char *data,
		      size_t len, mode_t mode, bool over, struct jf_error *err)
{
	cleanup_close int fd = -1;

	fd = openat(dirfd, path,
		    O_WRONLY | O_CREAT | O_CLOEXEC |
			(over ? O_NOFOLLOW : O_TRUNC),
		    mode);
	if (fd < 0)
		return jf_error_errno(err, "open %s", path);
	if (jf_write_all(fd, data, len, err) < 0)
		return jf_error_wrap(err, "%s", path);
	if (over && ftruncate(fd, (off_t)len) < 0)
		return jf_error_errno(err, "truncate %s", path);
	return 0;
}

int jf_write_file_at(int dirfd, const char *path, const char *data,
		     size_t len, mode_t mode, struct jf_error *err)
{
	return write_file(dirfd, path, data, len, mode, false, err);
}

int jf_write_file_over_at(int dirfd, const char *path, const char *data,
			  size_t len, mode_t mode, struct jf_error *err)
{
	return write_file(dirfd, path, data, len, mode, true, err);
}

int jf_write_file_atomic_at(int dirfd, const char *path, const char *data,
			    size_t len, struct jf_error *err)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (jf_write_file_at(dirfd, tmp, data, len, 0600, err) < 0)
		return -1;
	if (renameat(dirfd, tmp, dirfd, path) < 0) {
		int saved = errno;
		unlinkat(dirfd, tmp, 0);
		return jf_error_set(err, saved, "rename %s", path);
	}
	return 0;
}

int jf_mkdir_p(const char *path, mode_t mode, struct jf_error *err)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return jf_error_set(err, ENAMETOOLONG, "mkdir %s", path);
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return jf_error_errno(err, "mkdir %s", buf);
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return jf_error_errno(err, "mkdir %s", buf);
	return 0;
}

int jf_remove_tree_at(int dirfd, const char *name, struct jf_error *err)
{
	cleanup_close int fd = -1;
	DIR *dir;
	struct dirent *de;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return jf_error_errno(err, "unlink %s", name);
	fd = openat(dirfd, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : jf_error_errno(err, "open %s", name);
	dir = fdopendir(fd);
	if (dir == NULL)
		return jf_error_errno(err, "opendir %s", name);
	fd = -1; /* owned by dir now */
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (jf_remove_tree_at(dirfd_of(dir), de->d_name, err) < 0) {
			closedir(dir);
			return jf_error_wrap(err, "%s", name);
		}
	}
	closedir(dir);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return jf_error_errno(err, "rmdir %s", name);
	return 0;
}

/* Civil date of a day count since 1970-01-01 (the proleptic Gregorian
 * calendar; H. Hinnant's days-to-civil).  Not gmtime_r: glibc's loads
 * /etc/localtime on its first call, even for UTC (an open, three reads and
 * ~300 µs on the create path of a paravirtualized guest). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void jf_rfc3339_now(char *buf, size_t size)
{
	struct timespec ts;
	int64_t days, secs;
	int y, m, d;

	clock_gettime(CLOCK_REALTIME, &ts);
	days = ts.tv_sec / 86400;
	secs = ts.tv_sec % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
		 ts.tv_nsec);
}

char *jf_realpath(const char *path)
{
	char link[64], buf[PATH_MAX];
	int fd = open(path, O_PATH | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	/* The kernel's name of what was opened: one open and one readlink
	 * instead of a readlink per component. */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || buf[0] != '/' || (size_t)n >= sizeof(buf) - 1)
		return realpath(path, NULL); /* no /proc, or an odd name */
	buf[n] = '\0';
	return strdup(buf);
}
