/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OCI hooks: each runs with the state JSON on stdin, in order, with its
 * timeout; the first failure stops the list.  A hook without "env" runs
 * with the runtime's environment (as runc and crun run it). */
#ifndef JF_HOOKS_H
#define JF_HOOKS_H

#include <stddef.h>

#include "config.h"
#include "error.h"

/* `name` is the list's name for messages ("prestart", ...). */
int jf_hooks_run(const struct oci_hook_list *list, const char *name,
		 const char *state_json, size_t state_len,
		 struct jf_error *err);

/* For poststop, whose failures the spec makes warnings (poststart too
 * before runtime-spec 1.3):
 * every hook runs, each failure is logged as a warning.  Returns the
 * number of hooks that failed. */
int jf_hooks_run_warn(const struct oci_hook_list *list, const char *name,
		      const char *state_json, size_t state_len);

#endif
