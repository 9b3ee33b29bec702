/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs inside a container with /proc views (tests/integration/procviews.sh),
 * static, so any rootfs can hold it.
 *   procviews_probe cpus          what libc and the kernel say about CPUs,
 *                                 memory and uptime
 *   procviews_probe hammer N F... read each file N times; every read must
 *                                 be whole (it parses); prints bad=<count>
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static int cpus(void)
{
	struct sysinfo si;

	sysinfo(&si);
	printf("onln=%ld conf=%ld nprocs=%d nprocs_conf=%d totalram=%lu "
	       "uptime=%ld\n",
	       sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_NPROCESSORS_CONF),
	       get_nprocs(), get_nprocs_conf(),
	       (unsigned long)si.totalram * si.mem_unit, si.uptime);
	return 0;
}

/* Whether one read of path is a whole file of its kind. */
static int whole(const char *path, const char *t, size_t n)
{
	double a, b;
	char c;

	if (n == 0 || t[n - 1] != '\n')
		return 0;
	if (strstr(path, "meminfo")) {
		/* and always the container's MemTotal: never the host's file */
		static char first[64];
		const char *nl = strchr(t, '\n');
		size_t len = (size_t)(nl - t);
		if (first[0] == '\0' && len < sizeof(first))
			memcpy(first, t, len);
		return strncmp(t, "MemTotal:", 9) == 0 &&
		       strstr(t, "\nSwapFree:") != NULL &&
		       strlen(first) == len && memcmp(first, t, len) == 0;
	}
	if (strstr(path, "uptime"))
		return sscanf(t, "%lf %lf%c", &a, &b, &c) == 3 && c == '\n' &&
		       strlen(t) == n;
	if (strstr(path, "loadavg"))
		return sscanf(t, "%lf %lf %lf %*u/%*u %*d%c", &a, &a, &b,
			      &c) == 4;
	if (strstr(path, "/stat"))
		return strncmp(t, "cpu ", 4) == 0 &&
		       strstr(t, "\nbtime ") != NULL;
	if (strstr(path, "cpuinfo"))
		return strncmp(t, "processor", 9) == 0;
	return 1;
}

static int hammer(long n, char **paths, int npaths)
{
	static char buf[1 << 20];
	long bad = 0;

	for (long i = 0; i < n; i++)
		for (int p = 0; p < npaths; p++) {
			int fd = open(paths[p], O_RDONLY);
			size_t len = 0;
			ssize_t r;
			if (fd < 0) {
				bad++;
				continue;
			}
			while ((r = read(fd, buf + len,
					 sizeof(buf) - 1 - len)) > 0)
				len += (size_t)r;
			close(fd);
			buf[len] = '\0';
			if (r < 0 || !whole(paths[p], buf, len)) {
				if (bad < 3)
					fprintf(stderr, "bad read of %s: %s\n",
						paths[p], buf);
				bad++;
			}
		}
	printf("bad=%ld\n", bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "cpus") == 0)
		return cpus();
	if (argc >= 4 && strcmp(argv[1], "hammer") == 0)
		return hammer(atol(argv[2]), argv + 3, argc - 3);
	fprintf(stderr, "usage: procviews_probe cpus | hammer N FILE...\n");
	return 2;
}
