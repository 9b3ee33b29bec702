/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "path_clean.h"

#include <errno.h>
#include <string.h>

int jf_path_clean(const char *in, char *out, size_t size, bool *dotdot)
{
	size_t len = 0;

	if (dotdot != NULL)
		*dotdot = false;
	if (size < 2) {
		errno = ENAMETOOLONG;
		return -1;
	}
	out[0] = '\0';
	for (const char *p = in; *p != '\0';) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (dotdot != NULL)
				*dotdot = true;
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			out[len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len + 1 + n + 1 > size) {
				errno = ENAMETOOLONG;
				return -1;
			}
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = '\0';
		}
		p += n;
		p += *p == '/';
	}
	if (len == 0)
		strcpy(out, "/");
	return 0;
}
