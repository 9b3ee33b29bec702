/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Questions src/ asks of a parsed config. */
#include <string.h>

#include "config.h"

const char *oci_annotation(const struct oci_config *c, const char *key)
{
	/* The last one wins, as when Go decodes a duplicated key. */
	for (size_t i = c->n_annotations; i-- > 0;)
		if (strcmp(c->annotations[i].key, key) == 0)
			return c->annotations[i].value;
	return NULL;
}

const struct oci_namespace *oci_namespace_find(const struct oci_config *c,
					       const char *type)
{
	const struct oci_linux *l = c->linux_;

	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->n_namespaces; i++)
		if (strcmp(l->namespaces[i].type, type) == 0)
			return &l->namespaces[i];
	return NULL;
}
