/* hog: the workloads of `make demo-sched`, built static for the busybox
 * rootfs.
 *
 *   hog cpu SECONDS           spin for SECONDS of wall time; print the loops done
 *   hog io SECONDS FILE       write 4 KiB and fdatasync in a loop for SECONDS;
 *                             print the writes done and the mean latency
 *
 * Both write one line "<mode> <count> <extra>" to stdout when they end, and
 * nothing else, so the demo can read the work each container got done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hog_cpu(double seconds)
{
	volatile unsigned long sink = 0;
	unsigned long loops = 0;
	double end = now() + seconds;

	while (now() < end) {
		for (int i = 0; i < 100000; i++)
			sink += (unsigned long)i * 2654435761u;
		loops++;
	}
	printf("cpu %lu loops\n", loops);
	return 0;
}

static int hog_io(double seconds, const char *path)
{
	char block[4096];
	unsigned long writes = 0;
	double start = now(), end = start + seconds;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "hog: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	memset(block, 'x', sizeof(block));
	while (now() < end) {
		if (pwrite(fd, block, sizeof(block),
			   (off_t)(writes % 256) * (off_t)sizeof(block)) !=
			    (ssize_t)sizeof(block) ||
		    fdatasync(fd) < 0) {
			fprintf(stderr, "hog: write %s: %s\n", path,
				strerror(errno));
			close(fd);
			unlink(path);
			return 1;
		}
		writes++;
	}
	close(fd);
	unlink(path);
	printf("io %lu writes %.1f us/write\n", writes,
	       writes ? (now() - start) * 1e6 / (double)writes : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "cpu") == 0)
		return hog_cpu(atof(argv[2]));
	if (argc >= 4 && strcmp(argv[1], "io") == 0)
		return hog_io(atof(argv[2]), argv[3]);
	fprintf(stderr, "usage: hog cpu SECONDS | hog io SECONDS FILE\n");
	return 2;
}
