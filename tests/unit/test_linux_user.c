/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.user and exec --user: the USER[:GROUP] parser, the passwd and
 * group parsers, reading them inside a root (a temp dir standing for the
 * container's rootfs, with a decoy file outside it), the resolution and
 * HOME.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/user.h"
#include "linux/user_db.h"
#include "unit.h"

/* --- exec --user USER[:GROUP] --- */

static const char *spec_error(const char *text)
{
	static struct jf_error err;
	struct jf_user_spec s;

	memset(&err, 0, sizeof(err));
	if (jf_user_spec_parse(text, &s, &err) < 0)
		return err.msg;
	jf_user_spec_free(&s);
	return "(parsed)";
}

static void test_spec_numbers_and_names(const char *name)
{
	struct jf_user_spec s;
	struct jf_error err;

	CHECK(jf_user_spec_parse("1000", &s, &err) == 0);
	CHECK(s.user == NULL && s.uid == 1000 && !s.has_group);
	jf_user_spec_free(&s);
	CHECK(jf_user_spec_parse("1000:100", &s, &err) == 0);
	CHECK(s.user == NULL && s.uid == 1000 && s.has_group &&
	      s.group == NULL && s.gid == 100);
	jf_user_spec_free(&s);
	CHECK(jf_user_spec_parse("bob:staff", &s, &err) == 0);
	CHECK_STR(s.user, "bob");
	CHECK_STR(s.group, "staff");
	jf_user_spec_free(&s);
	CHECK(jf_user_spec_parse("2147483647:wheel", &s, &err) == 0);
	CHECK(s.user == NULL && s.uid == 2147483647u);
	CHECK_STR(s.group, "wheel");
	jf_user_spec_free(&s);
	/* Not only digits: a name, as runc's lookup takes it. */
	CHECK(jf_user_spec_parse("1abc", &s, &err) == 0);
	CHECK_STR(s.user, "1abc");
	jf_user_spec_free(&s);
}

/* 4294967296 was cut to 0 (root); -1 was (uid_t)-1: no change, root. */
static void test_spec_ids_out_of_range_are_refused(const char *name)
{
	CHECK_STR(spec_error("4294967296"),
		  "--user: uid 4294967296 is out of range (0 to 2147483647)");
	CHECK_STR(spec_error("-1"),
		  "--user: uid -1 is out of range (0 to 2147483647)");
	CHECK_STR(spec_error("+0"),
		  "--user: uid +0 is out of range (0 to 2147483647)");
	CHECK_STR(spec_error("2147483648"),
		  "--user: uid 2147483648 is out of range (0 to 2147483647)");
	CHECK_STR(spec_error("99999999999999999999999"),
		  "--user: uid 99999999999999999999999 is out of range (0 to "
		  "2147483647)");
	CHECK_STR(spec_error("0:-1"),
		  "--user: gid -1 is out of range (0 to 2147483647)");
	CHECK_STR(spec_error("bob:4294967295"),
		  "--user: gid 4294967295 is out of range (0 to 2147483647)");
}

static void test_spec_empty_parts_are_refused(const char *name)
{
	CHECK_STR(spec_error(""), "--user: \"\" is not USER[:GROUP]");
	CHECK_STR(spec_error(":5"), "--user: \":5\" is not USER[:GROUP]");
	CHECK_STR(spec_error("5:"), "--user: \"5:\" is not USER[:GROUP]");
}

/* --- /etc/passwd and /etc/group --- */

static const char passwd[] = "# comment:x:0:0::/:/bin/sh\n"
			     "root:x:0:0:root:/root:/bin/sh\n"
			     "short:x:7\n"
			     "badid:x:12a:1::/bad:/bin/sh\n"
			     "huge:x:4294967295:1::/huge:/bin/sh\n"
			     ":x:8:8::/noname:/bin/sh\n"
			     "\n"
			     "bob:x:1000:100:Bob:/home/bob:/bin/sh\n"
			     "bob:x:1001:101::/second:/bin/sh\n"
			     "nohome:x:1002:102\n"
			     "last:x:1003:103::/last:/bin/sh";

static void test_passwd_by_name_and_by_uid(const char *name)
{
	struct jf_passwd pw;

	CHECK(jf_passwd_find(passwd, "bob", 0, &pw) == 1);
	CHECK(pw.uid == 1000 && pw.gid == 100); /* the first one wins */
	CHECK_STR(pw.home, "/home/bob");
	jf_passwd_clear(&pw);
	CHECK(jf_passwd_find(passwd, NULL, 0, &pw) == 1);
	CHECK_STR(pw.name, "root");
	jf_passwd_clear(&pw);
	CHECK(jf_passwd_find(passwd, NULL, 1001, &pw) == 1);
	CHECK_STR(pw.home, "/second");
	jf_passwd_clear(&pw);
	CHECK(jf_passwd_find(passwd, "nohome", 0, &pw) == 1);
	CHECK_STR(pw.home, "");
	jf_passwd_clear(&pw);
	/* No newline at the end. */
	CHECK(jf_passwd_find(passwd, "last", 0, &pw) == 1);
	CHECK_STR(pw.home, "/last");
	jf_passwd_clear(&pw);
}

/* A line with an id that is not a number in range is no entry at all (not
 * uid 0), nor is a comment, a short line or a nameless one. */
static void test_passwd_skips_malformed_lines(const char *name)
{
	struct jf_passwd pw;

	CHECK(jf_passwd_find(passwd, "badid", 0, &pw) == 0);
	CHECK(jf_passwd_find(passwd, "huge", 0, &pw) == 0);
	CHECK(jf_passwd_find(passwd, "short", 0, &pw) == 0);
	CHECK(jf_passwd_find(passwd, "# comment", 0, &pw) == 0);
	CHECK(jf_passwd_find(passwd, "", 0, &pw) == 0);
	CHECK(jf_passwd_find(passwd, NULL, 8, &pw) == 0);
	CHECK(jf_passwd_find(passwd, "nobody", 0, &pw) == 0);
	CHECK(jf_passwd_find("", "root", 0, &pw) == 0);
}

static const char group[] = "root:x:0:\n"
			    "wheel:x:10:alice,bob\n"
			    "users:x:100:bobby,bob2\n"
			    "staff:x:50:carol,bob\n"
			    "again:x:10:bob\n"
			    "bad:x:-1:bob\n"
			    "solo:x:60:bob";

static void test_group_by_name(const char *name)
{
	uint32_t gid = 0;

	CHECK(jf_group_find(group, "staff", &gid) == 1 && gid == 50);
	CHECK(jf_group_find(group, "wheel", &gid) == 1 && gid == 10);
	CHECK(jf_group_find(group, "bad", &gid) == 0);
	CHECK(jf_group_find(group, "nope", &gid) == 0);
}

/* Whole member names only ("bob" is not "bobby"), each gid once. */
static void test_group_memberships(const char *name)
{
	uint32_t *gids;
	size_t n;

	CHECK(jf_group_memberships(group, "bob", &gids, &n) == 0);
	CHECK(n == 3);
	if (n == 3)
		CHECK(gids[0] == 10 && gids[1] == 50 && gids[2] == 60);
	free(gids);
	CHECK(jf_group_memberships(group, "nobody", &gids, &n) == 0);
	CHECK(n == 0 && gids == NULL);
}

/* --- reading inside a root --- */

static char base_dir[] = "/tmp/jfrun-unit-user.XXXXXX";
static char root_dir[256], decoy[256];
static int rootfd = -1;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void at_root(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", root_dir, rel);
}

/* rootfs/etc/passwd as a symlink to `target` (or a file with `text`). */
static void set_passwd(const char *target, const char *text)
{
	char path[512];

	at_root(path, sizeof(path), "etc/passwd");
	unlink(path);
	rmdir(path);
	if (target != NULL && symlink(target, path) < 0)
		perror("symlink");
	if (text != NULL)
		write_file(path, text);
}

/* A rootfs under base_dir, and beside it (on the host) a decoy passwd with
 * a user the rootfs does not have. */
static int make_root(void)
{
	char path[512];

	if (mkdtemp(base_dir) == NULL)
		return -1;
	snprintf(root_dir, sizeof(root_dir), "%s/rootfs", base_dir);
	snprintf(decoy, sizeof(decoy), "%s/decoy-passwd", base_dir);
	write_file(decoy, "decoy:x:4242:4242::/decoy-home:/bin/sh\n");
	mkdir(root_dir, 0755);
	at_root(path, sizeof(path), "etc");
	mkdir(path, 0755);
	at_root(path, sizeof(path), "etc/group");
	write_file(path, "root:x:0:\nwheel:x:10:bob\nstaff:x:50:\n");
	rootfd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return rootfd < 0 ? -1 : 0;
}

static void remove_root(void)
{
	char cmd[600];

	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base_dir);
}

static const char *read_error(void)
{
	static struct jf_error err;
	char *text = NULL;

	memset(&err, 0, sizeof(err));
	if (jf_user_db_read(rootfd, "/etc/passwd", &text, &err) < 0)
		return err.msg;
	if (text == NULL)
		return "(absent)";
	free(text);
	return "(read)";
}

/* The image's /etc/passwd -> an absolute host path: resolved in the root,
 * where that path does not exist, so the decoy is never read. */
static void test_absolute_symlink_never_reaches_the_host(const char *name)
{
	struct jf_user_spec spec = {.user = "decoy"};
	struct oci_user base = {0}, u;
	struct jf_error err;
	char inside[1024], dir[512];

	set_passwd(decoy, NULL);
	CHECK_STR(read_error(), "(absent)");
	CHECK(jf_user_resolve(rootfd, &spec, &base, &u, &err) < 0);
	CHECK_STR(err.msg,
		  "--user: no user \"decoy\" in the container's /etc/passwd");
	/* The same path inside the root is what it reads. */
	snprintf(dir, sizeof(dir), "%s%s", root_dir, base_dir);
	snprintf(inside, sizeof(inside), "mkdir -p '%s'", dir);
	CHECK(system(inside) == 0);
	snprintf(inside, sizeof(inside), "%s%s", root_dir, decoy);
	write_file(inside, "decoy:x:77:78::/inside:/bin/sh\n");
	CHECK(jf_user_resolve(rootfd, &spec, &base, &u, &err) == 0);
	CHECK(u.uid == 77 && u.gid == 78);
	jf_user_clear(&u);
	unlink(inside);
}

static void test_dotdot_symlink_stays_in_the_root(const char *name)
{
	char target[600];

	snprintf(target, sizeof(target), "../../../../../../..%s", decoy);
	set_passwd(target, NULL);
	CHECK_STR(read_error(), "(absent)");
}

/* /proc/self/root/... (or /proc/1/root/... without a pid namespace) is a
 * magic link to another root: refused.  The root gets a procfs of its own
 * in a child's private mount namespace (nothing stays mounted). */
static int magic_link_child(void)
{
	char proc[512];

	at_root(proc, sizeof(proc), "proc");
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", proc, "proc", 0, NULL) < 0)
		return 77;
	/* The root as this mount namespace has it. */
	close(rootfd);
	rootfd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return strstr(read_error(),
		      "/etc/passwd: Too many levels of symbolic links")
		   ? 0
		   : 1;
}

static void test_magic_link_is_refused(const char *name)
{
	char target[600], proc[512];
	int status = -1;
	pid_t pid;

	at_root(proc, sizeof(proc), "proc");
	mkdir(proc, 0755);
	snprintf(target, sizeof(target), "/proc/self/root%s", decoy);
	set_passwd(target, NULL);
	pid = fork();
	if (pid == 0)
		_exit(magic_link_child());
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		SKIP("no private mount namespace with a procfs here");
	CHECK(WEXITSTATUS(status) == 0);
	/* Without a procfs there, the same link leads nowhere. */
	CHECK_STR(read_error(), "(absent)");
	rmdir(proc);
}

static void test_fifo_and_directory_are_not_read(const char *name)
{
	char path[512];

	set_passwd(NULL, NULL);
	at_root(path, sizeof(path), "etc/passwd");
	CHECK(mkfifo(path, 0644) == 0);
	/* (Opening it for reading would block here.) */
	CHECK_STR(read_error(), "/etc/passwd: not a regular file");
	unlink(path);
	CHECK(mkdir(path, 0755) == 0);
	CHECK_STR(read_error(), "/etc/passwd: not a regular file");
	rmdir(path);
}

static void test_huge_file_is_refused(const char *name)
{
	char path[512];
	int fd;

	set_passwd(NULL, NULL);
	at_root(path, sizeof(path), "etc/passwd");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, JF_USER_DB_MAX + 1) == 0);
	close(fd);
	CHECK(strstr(read_error(), "more than the 4194304 allowed") != NULL);
	unlink(path);
}

/* --- resolution --- */

static const char root_passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
				  "bob:x:1000:1000:Bob:/home/bob:/bin/sh\n"
				  "nohome:x:1002:1002\n";

static void test_resolve_name_takes_its_gid_and_groups(const char *name)
{
	struct jf_user_spec spec = {.user = "bob"};
	struct oci_user base = {.has_umask = true, .umask = 027}, u;
	struct jf_error err;

	set_passwd(NULL, root_passwd);
	CHECK(jf_user_resolve(rootfd, &spec, &base, &u, &err) == 0);
	CHECK(u.uid == 1000 && u.gid == 1000);
	CHECK(u.n_additional_gids == 1 && u.additional_gids[0] == 10);
	CHECK(u.has_umask && u.umask == 027);
	jf_user_clear(&u);
}

static void test_resolve_explicit_group_has_no_extra_groups(const char *name)
{
	struct jf_user_spec by_name = {
	    .user = "bob", .has_group = true, .group = "staff"};
	struct jf_user_spec by_gid = {
	    .user = "bob", .has_group = true, .gid = 7};
	struct jf_user_spec uid_group = {
	    .uid = 5, .has_group = true, .group = "wheel"};
	struct oci_user base = {0}, u;
	struct jf_error err;

	set_passwd(NULL, root_passwd);
	CHECK(jf_user_resolve(rootfd, &by_name, &base, &u, &err) == 0);
	CHECK(u.uid == 1000 && u.gid == 50 && u.n_additional_gids == 0);
	jf_user_clear(&u);
	CHECK(jf_user_resolve(rootfd, &by_gid, &base, &u, &err) == 0);
	CHECK(u.uid == 1000 && u.gid == 7 && u.n_additional_gids == 0);
	jf_user_clear(&u);
	CHECK(jf_user_resolve(rootfd, &uid_group, &base, &u, &err) == 0);
	CHECK(u.uid == 5 && u.gid == 10 && u.n_additional_gids == 0);
	jf_user_clear(&u);
}

/* As `runc exec --user 1000`: gid 0, whatever passwd says. */
static void test_resolve_bare_uid_is_gid_0(const char *name)
{
	struct jf_user_spec spec = {.uid = 1000};
	uint32_t gids[] = {4, 5};
	struct oci_user base = {.uid = 9,
				.gid = 9,
				.additional_gids = gids,
				.n_additional_gids = 2},
			u;
	struct jf_error err;

	set_passwd(NULL, root_passwd);
	CHECK(jf_user_resolve(rootfd, &spec, &base, &u, &err) == 0);
	CHECK(u.uid == 1000 && u.gid == 0 && u.n_additional_gids == 0);
	jf_user_clear(&u);
	/* No --user: process.user as it is. */
	CHECK(jf_user_resolve(rootfd, NULL, &base, &u, &err) == 0);
	CHECK(u.uid == 9 && u.gid == 9 && u.n_additional_gids == 2 &&
	      u.additional_gids != gids && u.additional_gids[1] == 5);
	jf_user_clear(&u);
}

static void test_resolve_unknown_names_say_which(const char *name)
{
	struct jf_user_spec nouser = {.user = "eve"};
	struct jf_user_spec nogroup = {
	    .uid = 1, .has_group = true, .group = "eve"};
	struct oci_user base = {0}, u;
	struct jf_error err;

	set_passwd(NULL, root_passwd);
	CHECK(jf_user_resolve(rootfd, &nouser, &base, &u, &err) < 0);
	CHECK_STR(err.msg,
		  "--user: no user \"eve\" in the container's /etc/passwd");
	CHECK(jf_user_resolve(rootfd, &nogroup, &base, &u, &err) < 0);
	CHECK_STR(err.msg,
		  "--user: no group \"eve\" in the container's /etc/group");
	set_passwd(NULL, NULL);
	CHECK(jf_user_resolve(rootfd, &nouser, &base, &u, &err) < 0);
	CHECK_STR(err.msg,
		  "--user: no user \"eve\" in the container's /etc/passwd");
}

/* --- HOME --- */

static const char *home_in(char *const *env, size_t n, uint32_t uid)
{
	static char value[256];
	static struct jf_error err;
	char **out = NULL;

	if (jf_user_home_env(rootfd, uid, env, n, &out, &err) < 0)
		return err.msg;
	if (out == NULL)
		return "(kept)";
	snprintf(value, sizeof(value), "(count %zu)", n);
	for (size_t i = 0; out[i] != NULL; i++)
		if (strncmp(out[i], "HOME=", 5) == 0)
			snprintf(value, sizeof(value), "%s at %zu, %s", out[i],
				 i, out[i + 1] == NULL ? "last" : "not last");
	free(out);
	return value;
}

static void test_home_from_passwd_or_slash(const char *name)
{
	char *env[] = {"PATH=/bin", "TERM=xterm", NULL};

	set_passwd(NULL, root_passwd);
	CHECK_STR(home_in(env, 2, 1000), "HOME=/home/bob at 2, last");
	CHECK_STR(home_in(env, 2, 0), "HOME=/root at 2, last");
	CHECK_STR(home_in(env, 2, 1002), "HOME=/ at 2, last"); /* empty home */
	CHECK_STR(home_in(env, 2, 4242), "HOME=/ at 2, last"); /* no entry */
	CHECK_STR(home_in(NULL, 0, 1000), "HOME=/home/bob at 0, last");
	set_passwd(decoy, NULL); /* the host's file is never read */
	CHECK_STR(home_in(env, 2, 4242), "HOME=/ at 2, last");
}

/* A HOME in process.env wins; an empty one is replaced, as runc does. */
static void test_home_in_env_is_kept(const char *name)
{
	char *env[] = {"HOME=/mine", "PATH=/bin", NULL};
	char *empty[] = {"HOME=", "PATH=/bin", NULL};

	set_passwd(NULL, root_passwd);
	CHECK_STR(home_in(env, 2, 1000), "(kept)");
	CHECK_STR(home_in(empty, 2, 1000), "HOME=/home/bob at 0, not last");
}

/* --- the switch itself --- */

static void test_switch_refuses_ids_out_of_range(const char *name)
{
	uint32_t gids[] = {1, 4294967295u};
	struct oci_user minus_one = {.uid = 4294967295u};
	struct oci_user bad_group = {
	    .uid = 5, .additional_gids = gids, .n_additional_gids = 2};
	struct jf_error err;

	/* Refused before any id changes (this test runs as root). */
	CHECK(jf_user_switch(&minus_one, &err) < 0);
	CHECK_STR(
	    err.msg,
	    "process.user: uid 4294967295, gid 0: ids are 0 to 2147483647");
	CHECK(jf_user_switch(&bad_group, &err) < 0);
	CHECK_STR(err.msg,
		  "process.user.additionalGids[1]: 4294967295 is out of range "
		  "(0 to 2147483647)");
	CHECK(getuid() == geteuid());
}

int main(void)
{
	RUN(test_spec_numbers_and_names);
	RUN(test_spec_ids_out_of_range_are_refused);
	RUN(test_spec_empty_parts_are_refused);
	RUN(test_passwd_by_name_and_by_uid);
	RUN(test_passwd_skips_malformed_lines);
	RUN(test_group_by_name);
	RUN(test_group_memberships);
	if (make_root() < 0) {
		printf("FAIL make_root: %s\n", strerror(errno));
		return 1;
	}
	RUN(test_absolute_symlink_never_reaches_the_host);
	RUN(test_dotdot_symlink_stays_in_the_root);
	RUN(test_magic_link_is_refused);
	RUN(test_fifo_and_directory_are_not_read);
	RUN(test_huge_file_is_refused);
	RUN(test_resolve_name_takes_its_gid_and_groups);
	RUN(test_resolve_explicit_group_has_no_extra_groups);
	RUN(test_resolve_bare_uid_is_gid_0);
	RUN(test_resolve_unknown_names_say_which);
	RUN(test_home_from_passwd_or_slash);
	RUN(test_home_in_env_is_kept);
	RUN(test_switch_refuses_ids_out_of_range);
	remove_root();
	UNIT_EXIT();
}
