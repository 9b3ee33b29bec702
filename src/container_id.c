/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_id.h"

#include <errno.h>
#include <string.h>

int jf_container_id_validate(const char *id, struct jf_error *err)
{
	size_t len;

	if (id == NULL || *id == '\0')
		return jf_error_set(err, 0, "container id: must not be empty");
	len = strnlen(id, JF_ID_MAX + 1);
	if (len > JF_ID_MAX)
		return jf_error_set(err, 0,
				    "container id: longer than %d bytes", JF_ID_MAX);
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || id[0] == '.')
		return jf_error_set(err, 0,
				    "container id \"%s\": must not start with '.'", id);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (*p == '/' || *p <= ' ' || *p == 0x7f)
			return jf_error_set(err, 0,
					    "container id \"%s\": must not contain '/', spaces or control characters",
					    id);
	}
	return 0;
}
