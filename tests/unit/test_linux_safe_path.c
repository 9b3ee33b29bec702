/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Paths inside a root (src/linux/safe_path.h): resolved as if the root
 * were "/", created inside it, symlinks followed inside it.  On a temp
 * directory: no mounts, no privileges. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/safe_path.h"
#include "unit.h"

static char root[64];
static int rootfd = -1;

/* A fresh temp dir as the root; a name that cannot exist on the host is
 * used for what must never be made outside it. */
static int make_root(void)
{
	snprintf(root, sizeof(root), "/tmp/jf-safe-path.XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return rootfd;
}

static void remove_root(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("could not remove %s\n", root);
}

/* The file at path (relative to the root, on the host's side), or -1. */
static int host_stat(const char *path, struct stat *st)
{
	char full[PATH_MAX];

	snprintf(full, sizeof(full), "%s/%s", root, path);
	return lstat(full, st);
}

static int same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && host_stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

#define SETUP()                                                                \
	do {                                                                   \
		if (make_root() < 0)                                           \
			UNIT_FAIL(name, "temp root: %s", strerror(errno));     \
	} while (0)

static void test_empty_and_slashes_are_the_root(const char *name)
{
	int fd;

	SETUP();
	for (const char *const *p =
		 (const char *const[]){"", "/", "///", ".", NULL};
	     *p != NULL; p++) {
		fd = jf_open_in_root(rootfd, *p, O_PATH);
		if (fd < 0 || !same_file(fd, "."))
			UNIT_FAIL(name, "\"%s\" is not the root", *p);
		close(fd);
	}
	remove_root();
}

/* ".." and symlinks, absolute or relative, stop at the root. */
static void test_nothing_resolves_out_of_the_root(const char *name)
{
	char link[PATH_MAX];
	int fd;

	SETUP();
	snprintf(link, sizeof(link), "%s/etc", root);
	CHECK(mkdir(link, 0755) == 0);
	snprintf(link, sizeof(link), "%s/abs", root);
	CHECK(symlink("/etc", link) == 0);
	snprintf(link, sizeof(link), "%s/up", root);
	CHECK(symlink("../../../../..", link) == 0);

	fd = jf_open_in_root(rootfd, "../../..", O_PATH);
	CHECK(fd >= 0 && same_file(fd, "."));
	close(fd);
	fd = jf_open_in_root(rootfd, "/abs", O_PATH);
	CHECK(fd >= 0 && same_file(fd, "etc"));
	close(fd);
	fd = jf_open_in_root(rootfd, "up/etc", O_PATH);
	CHECK(fd >= 0 && same_file(fd, "etc"));
	close(fd);
	/* The host's /etc/passwd is not the root's. */
	fd = jf_open_in_root(rootfd, "abs/passwd", O_PATH);
	CHECK(fd < 0 && errno == ENOENT);
	remove_root();
}

static void test_mkpath_makes_directories_and_files(const char *name)
{
	struct jf_error err = {0};
	struct stat st;
	int fd;

	SETUP();
	fd = jf_mkpath_in_root(rootfd, "/a/b/c", false, 0700, &err);
	CHECK(fd >= 0 && same_file(fd, "a/b/c"));
	close(fd);
	CHECK(host_stat("a/b/c", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK((st.st_mode & 0777) == (0700 & ~(mode_t)umask(022)));
	fd = jf_mkpath_in_root(rootfd, "a/d/file", true, 0644, &err);
	CHECK(fd >= 0);
	close(fd);
	CHECK(host_stat("a/d/file", &st) == 0 && S_ISREG(st.st_mode) &&
	      st.st_size == 0);
	CHECK(host_stat("a/d", &st) == 0 && S_ISDIR(st.st_mode));
	/* Trailing slashes: the directory. */
	fd = jf_mkpath_in_root(rootfd, "e/f//", false, 0755, &err);
	CHECK(fd >= 0 && same_file(fd, "e/f"));
	close(fd);
	/* What exists is opened, not made again. */
	fd = jf_mkpath_in_root(rootfd, "a/d/file", false, 0755, &err);
	CHECK(fd >= 0 && same_file(fd, "a/d/file"));
	close(fd);
	remove_root();
}

/* A dangling symlink on the way is followed inside the root and its
 * target made there: never on the host. */
static void test_mkpath_follows_dangling_links_inside(const char *name)
{
	char link[PATH_MAX], host[PATH_MAX];
	struct jf_error err = {0};
	struct stat st;
	int fd;

	SETUP();
	/* The target's name is unique to this root: it cannot exist on the
	 * host before, and must not after. */
	snprintf(host, sizeof(host), "/%s-target", strrchr(root, '/') + 1);
	snprintf(link, sizeof(link), "%s/sub", root);
	CHECK(mkdir(link, 0755) == 0);
	/* An absolute target is taken from the root, not from sub/. */
	snprintf(link, sizeof(link), "%s/sub/abs", root);
	CHECK(symlink(host, link) == 0);
	snprintf(link, sizeof(link), "%s/rel", root);
	CHECK(symlink("../../x/y", link) == 0);

	fd = jf_mkpath_in_root(rootfd, "/sub/abs/inner", false, 0755, &err);
	CHECK(fd >= 0);
	close(fd);
	snprintf(host, sizeof(host), "%s-target/inner", strrchr(root, '/') + 1);
	CHECK(host_stat(host, &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(host, sizeof(host), "/%s-target", strrchr(root, '/') + 1);
	CHECK(lstat(host, &st) < 0 && errno == ENOENT);
	fd = jf_mkpath_in_root(rootfd, "rel/z", true, 0644, &err);
	CHECK(fd >= 0 && same_file(fd, "x/y/z"));
	close(fd);
	/* The last component a dangling link: its target made. */
	snprintf(link, sizeof(link), "%s/last", root);
	CHECK(symlink("/made/by/link", link) == 0);
	fd = jf_mkpath_in_root(rootfd, "last", false, 0755, &err);
	CHECK(fd >= 0 && same_file(fd, "made/by/link"));
	close(fd);
	remove_root();
}

static void test_mkpath_errors_name_the_path(const char *name)
{
	char link[PATH_MAX], long_path[PATH_MAX + 16];
	struct jf_error err = {0};

	SETUP();
	snprintf(link, sizeof(link), "%s/l1", root);
	CHECK(symlink("l2/x", link) == 0);
	snprintf(link, sizeof(link), "%s/l2", root);
	CHECK(symlink("l1/x", link) == 0);
	CHECK(jf_mkpath_in_root(rootfd, "l1/a", false, 0755, &err) < 0);
	CHECK_STR(err.msg, "l1/a: Too many levels of symbolic links");

	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';
	memset(&err, 0, sizeof(err));
	CHECK(jf_mkpath_in_root(rootfd, long_path, false, 0755, &err) < 0);
	CHECK(err.errnum == ENAMETOOLONG);
	/* A file where a directory is needed. */
	snprintf(link, sizeof(link), "%s/plain", root);
	close(open(link, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	memset(&err, 0, sizeof(err));
	CHECK(jf_mkpath_in_root(rootfd, "plain/sub", false, 0755, &err) < 0);
	CHECK_STR(err.msg, "plain/sub: Not a directory");
	remove_root();
}

static void test_fd_path(const char *name)
{
	char buf[32];

	CHECK_STR(jf_fd_path(7, buf, sizeof(buf)), "/proc/self/fd/7");
	CHECK(jf_fd_path(123, buf, sizeof(buf)) == buf);
}

int main(void)
{
	RUN(test_empty_and_slashes_are_the_root);
	RUN(test_nothing_resolves_out_of_the_root);
	RUN(test_mkpath_makes_directories_and_files);
	RUN(test_mkpath_follows_dangling_links_inside);
	RUN(test_mkpath_errors_name_the_path);
	RUN(test_fd_path);
	UNIT_EXIT();
}
