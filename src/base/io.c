/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "io.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define READ_ALL_FIRST 4096

int jf_read_all(int fd, size_t hint, size_t max, char **ret, size_t *ret_len)
{
	size_t limit = max < SIZE_MAX - 1 ? max + 1 : SIZE_MAX - 1;
	size_t cap, len = 0;
	char *buf, *bigger;
	int saved;

	/* hint + 1: a file of the size it said ends in the first read. */
	cap = hint > 0 && hint < limit ? hint + 1 : READ_ALL_FIRST;
	if (cap > limit)
		cap = limit;
	buf = malloc(cap + 1);
	if (buf == NULL)
		return -1;
	while (len < limit) {
		ssize_t n;

		if (len == cap) {
			cap = cap <= limit / 2 ? cap * 2 : limit;
			bigger = realloc(buf, cap + 1);
			if (bigger == NULL)
				goto fail;
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
fail:
	saved = errno;
	free(buf);
	errno = saved;
	return -1;
}
