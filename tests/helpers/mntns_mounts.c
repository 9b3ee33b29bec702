/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper: how many mounts a mount namespace holds, all of them, also
 * those its processes cannot reach (/proc/PID/mountinfo shows only the
 * mounts under the process's root).
 *   mntns_mounts /proc/PID/ns/mnt
 * Prints the count; exits 77 when the kernel cannot tell (NS_MNT_GET_INFO
 * came with Linux 6.12), 1 on any other error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* From <linux/nsfs.h> of Linux 6.12, newer than this host's headers. */
struct mnt_ns_info {
	uint32_t size;
	uint32_t nr_mounts;
	uint64_t mnt_ns_id;
};
#define NSIO		0xb7
#define NS_MNT_GET_INFO _IOR(NSIO, 10, struct mnt_ns_info)

int main(int argc, char **argv)
{
	struct mnt_ns_info info = {.size = sizeof(info)};
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: mntns_mounts /proc/PID/ns/mnt\n");
		return 1;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mntns_mounts: %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	if (ioctl(fd, NS_MNT_GET_INFO, &info) < 0) {
		fprintf(stderr, "mntns_mounts: NS_MNT_GET_INFO: %s\n",
			strerror(errno));
		return errno == ENOTTY || errno == EINVAL ? 77 : 1;
	}
	printf("%u\n", info.nr_mounts);
	close(fd);
	return 0;
}
