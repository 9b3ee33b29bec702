/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading and writing single cgroup files. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cleanup.h"
#include "io.h"
#include "log.h"

int cg_read(const char *path, char *buf, size_t size, struct jf_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return jf_error_errno(err, "%s", path);
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return jf_error_errno(err, "reading %s", path);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return (int)len;
}

int cg_read_alloc(const char *path, char **ret, struct jf_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len;

	if (fd < 0)
		return jf_error_errno(err, "%s", path);
	if (jf_read_all(fd, 8192, SIZE_MAX, ret, &len) < 0)
		return jf_error_errno(err, "reading %s", path);
	return 0;
}

int cg_read_u64(const char *path, uint64_t *ret, struct jf_error *err)
{
	char buf[64];
	char *end;

	if (cg_read(path, buf, sizeof(buf), err) < 0)
		return -1;
	if (strncmp(buf, "max", 3) == 0) {
		*ret = UINT64_MAX;
		return 0;
	}
	errno = 0;
	*ret = strtoull(buf, &end, 10);
	if (errno != 0 || end == buf)
		return jf_error_set(err, 0, "%s: not a number: %s", path, buf);
	return 0;
}

int cg_write(const char *path, const char *value, struct jf_error *err)
{
	cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(value);

	if (fd < 0)
		return jf_error_errno(err, "%s", path);
	if (write(fd, value, len) != (ssize_t)len)
		return jf_error_errno(err, "writing \"%s\" to %s", value, path);
	return 0;
}

void cg_warn(const char *fmt, ...)
{
	char msg[JF_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jf_log_warning("%s", msg);
}
