/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_id.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static bool id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' ||
	       c == '.';
}

int jf_container_id_validate(const char *id, struct jf_error *err)
{
	size_t len;

	if (id == NULL || *id == '\0')
		return jf_error_set(
		    err, 0, "container id: must not be empty: %s", JF_ID_RULE);
	len = strnlen(id, JF_ID_MAX + 1);
	if (len > JF_ID_MAX)
		return jf_error_set(err, 0,
				    "container id: longer than %d bytes: %s",
				    JF_ID_MAX, JF_ID_RULE);
	/* The id is echoed only once it is known to be printable. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];

		if (id_char(c))
			continue;
		if (c > ' ' && c < 0x7f)
			return jf_error_set(
			    err, 0,
			    "container id: '%c' (byte %zu) is not allowed: %s",
			    c, i + 1, JF_ID_RULE);
		return jf_error_set(
		    err, 0,
		    "container id: byte %zu (0x%02x) is not allowed: %s", i + 1,
		    c, JF_ID_RULE);
	}
	if (id[0] == '.')
		return jf_error_set(err, 0,
				    "container id \"%s\": starts with '.': %s",
				    id, JF_ID_RULE);
	return 0;
}
