/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * readcost N FILE...: the cost of one open+read+close of each file, in µs
 * (the mean of N, after N/10 to warm up), and the CPU this process used.
 * Static: it runs inside containers (tests/bench/procviews.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long once(const char *path)
{
	static char buf[1 << 18];
	long total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	return total;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 0;

	if (n <= 0) {
		fprintf(stderr, "usage: readcost N FILE...\n");
		return 2;
	}
	for (int f = 2; f < argc; f++) {
		double t0;
		long size = 0;
		for (long i = 0; i < n / 10; i++)
			once(argv[f]);
		t0 = now();
		for (long i = 0; i < n; i++)
			size = once(argv[f]);
		printf("%s %.1f %ld\n", argv[f], (now() - t0) / (double)n * 1e6,
		       size);
	}
	return 0;
}
