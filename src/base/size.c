/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "size.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int jf_parse_size(const char *text, uint64_t *ret)
{
	static const char units[] = "kmgtp";
	long double v;
	const char *unit;
	char *end;

	if (text == NULL || text[0] < '0' || text[0] > '9' ||
	    strpbrk(text, "eExX") != NULL)
		goto invalid;
	errno = 0;
	v = strtold(text, &end);
	if (errno != 0 || end == text)
		goto invalid;
	if (*end == ' ')
		end++;
	if (*end != '\0' && (unit = strchr(units, *end | 0x20)) != NULL) {
		for (long i = 0; i <= unit - units; i++)
			v *= 1024;
		end++;
		if ((*end | 0x20) == 'i')
			end++;
	}
	if ((*end | 0x20) == 'b')
		end++;
	if (*end != '\0')
		goto invalid;
	/* 2^64, exactly representable: anything at or above it overflows. */
	if (v >= 18446744073709551616.0L) {
		errno = ERANGE;
		return -1;
	}
	*ret = (uint64_t)v;
	return 0;
invalid:
	errno = EINVAL;
	return -1;
}
