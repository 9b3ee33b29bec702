/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux/exe_seal: a process keeps running as it was after its image has
 * moved onto a read-only bind mount of its binary, its data intact and its
 * read-only data still read-only; /proc/self/exe is that mount's root.
 * Each check runs in a forked child (sealing is for good).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/exe_seal.h"
#include "unit.h"

static int counter = 41;		       /* .data */
static char scratch[3 * 4096];		       /* .bss */
static const char *const words[] = {"a", "b"}; /* relocated, read-only after */

/* Runs fn in a child; its exit code (0: fine), or 100 + a signal. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static bool privileged(void)
{
	return geteuid() == 0;
}

static int seal_and_use(void)
{
	struct jf_error err = {0};
	struct stat before, after;
	struct statvfs sv;
	char link[16];
	ssize_t n;
	int tree = -1;

	if (stat("/proc/self/exe", &before) < 0)
		return 2;
	counter++;
	memset(scratch, 7, sizeof(scratch));
	if (jf_exe_seal(&tree, &err) < 0) {
		fprintf(stderr, "jf_exe_seal: %s\n", err.msg);
		return 3;
	}
	/* Data written before the seal is still there, and writable. */
	if (counter != 42 || scratch[sizeof(scratch) - 1] != 7 ||
	    strcmp(words[1], "b") != 0)
		return 4;
	counter++;
	/* The same file, through a read-only mount ("/": its root). */
	if (stat("/proc/self/exe", &after) < 0 ||
	    after.st_ino != before.st_ino || after.st_dev != before.st_dev)
		return 5;
	if (statvfs("/proc/self/exe", &sv) < 0 || !(sv.f_flag & ST_RDONLY))
		return 6;
	n = readlink("/proc/self/exe", link, sizeof(link) - 1);
	if (n != 1 || link[0] != '/')
		return 7;
	/* Once sealed there is nothing more to do. */
	if (tree < 0)
		return 10;
	close(tree);
	if (jf_exe_seal(&tree, &err) < 0 || tree != -1)
		return 8;
	return counter == 43 ? 0 : 9;
}

static void test_sealed_process_runs_on(const char *name)
{
	int rc;

	if (!privileged())
		SKIP("needs root (open_tree, PR_SET_MM_MAP)");
	rc = in_child(seal_and_use);
	if (rc != 0)
		UNIT_FAIL(name, "the sealed child exited %d", rc);
}

static sigjmp_buf fault_jump;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_jump, 1);
}

/* The relocated read-only data (RELRO) stays read-only after the move. */
static int relro_stays_read_only(void)
{
	struct jf_error err = {0};
	struct sigaction sa = {.sa_handler = on_segv};
	int tree;

	if (jf_exe_seal(&tree, &err) < 0)
		return 3;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(fault_jump, 1) == 0) {
		*(const char **)&words[0] = "x"; /* must fault */
		return 4;
	}
	return strcmp(words[0], "a") == 0 ? 0 : 5;
}

static void test_relro_stays_read_only(const char *name)
{
	int rc;

	if (!privileged())
		SKIP("needs root (open_tree, PR_SET_MM_MAP)");
	rc = in_child(relro_stays_read_only);
	if (rc != 0)
		UNIT_FAIL(name, "the sealed child exited %d", rc);
}

/* Two halves: opened in the parent, applied in a child. */
static int sealed_fd;

static int apply_in_child(void)
{
	struct jf_error err = {0};
	struct statvfs sv;

	if (jf_exe_seal_apply(sealed_fd, -1, &err) < 0) {
		fprintf(stderr, "jf_exe_seal_apply: %s\n", err.msg);
		return 3;
	}
	return statvfs("/proc/self/exe", &sv) == 0 && (sv.f_flag & ST_RDONLY)
		   ? 0
		   : 4;
}

static void test_open_then_apply_in_a_child(const char *name)
{
	struct jf_error err = {0};
	struct statvfs sv;
	int rc, tree;

	if (!privileged())
		SKIP("needs root (open_tree, PR_SET_MM_MAP)");
	if (jf_exe_seal_open(&sealed_fd, &tree, &err) < 0)
		UNIT_FAIL(name, "jf_exe_seal_open: %s", err.msg);
	CHECK(sealed_fd >= 0);
	CHECK(tree >= 0);
	/* The opened binary keeps the mount: its fd may go first. */
	close(tree);
	rc = in_child(apply_in_child);
	close(sealed_fd);
	if (rc != 0)
		UNIT_FAIL(name, "the child exited %d", rc);
	/* The parent is untouched. */
	CHECK(statvfs("/proc/self/exe", &sv) == 0 && !(sv.f_flag & ST_RDONLY));
}

/* An init without a mount namespace of its own seals itself after its
 * chroot into a rootfs that has no /proc: it opened /proc/self/stat first. */
static char empty_root[] = "/tmp/jf-exe-seal-XXXXXX";

static int apply_after_chroot(void)
{
	struct jf_error err = {0};
	int stat_fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (stat_fd < 0 || chroot(empty_root) < 0 || chdir("/") < 0)
		return 2;
	if (access("/proc/self/stat", F_OK) == 0)
		return 3; /* not the situation under test */
	if (jf_exe_seal_apply(sealed_fd, stat_fd, &err) < 0) {
		fprintf(stderr, "jf_exe_seal_apply: %s\n", err.msg);
		return 4;
	}
	return counter == 41 ? 0 : 5;
}

static void test_apply_after_chroot_without_proc(const char *name)
{
	struct jf_error err = {0};
	int rc, tree;

	if (!privileged())
		SKIP("needs root (open_tree, chroot, PR_SET_MM_MAP)");
	if (mkdtemp(empty_root) == NULL)
		UNIT_FAIL(name, "mkdtemp: %s", strerror(errno));
	if (jf_exe_seal_open(&sealed_fd, &tree, &err) < 0) {
		rmdir(empty_root);
		UNIT_FAIL(name, "jf_exe_seal_open: %s", err.msg);
	}
	rc = in_child(apply_after_chroot);
	close(sealed_fd);
	close(tree);
	rmdir(empty_root);
	if (rc != 0)
		UNIT_FAIL(name, "the chrooted child exited %d", rc);
}

int main(void)
{
	RUN(test_sealed_process_runs_on);
	RUN(test_relro_stays_read_only);
	RUN(test_open_then_apply_in_a_child);
	RUN(test_apply_after_chroot_without_proc);
	UNIT_EXIT();
}
