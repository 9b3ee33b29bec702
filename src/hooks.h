/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OCI hooks: each runs with the state JSON on stdin, in order, with its
 * timeout; the first failure stops the list. */
#ifndef JF_HOOKS_H
#define JF_HOOKS_H

#include <stddef.h>

#include "config.h"
#include "error.h"

/* `name` is the list's name for messages ("prestart", ...). */
int jf_hooks_run(const struct oci_hook_list *list, const char *name,
		 const char *state_json, size_t state_len, struct jf_error *err);

static inline size_t jf_hooks_count(const struct oci_hook_list *l)
{
	return l->n_hooks;
}

#endif
