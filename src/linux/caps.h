/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.capabilities with libcap: all five sets. */
#ifndef JF_LINUX_CAPS_H
#define JF_LINUX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../../oci/config.h"
#include "../../oci/error.h"

/* The five sets as bit masks (bit n = capability n). */
struct jf_caps {
	bool present; /* process.capabilities was given */
	uint64_t bounding, effective, inheritable, permitted, ambient;
};

/* Map names to numbers; unknown names are errors naming the field,
 * e.g. "process.capabilities.bounding[2]: unknown capability CAP_FOO".
 * Capabilities the running kernel does not know are skipped with no error
 * (as runc does) only when they are valid names for libcap. */
int jf_caps_prepare(const struct oci_capabilities *c, struct jf_caps *ret,
		    struct jf_error *err);

/* Step 1, still as root before changing uid: drop from the bounding set
 * everything not in `bounding`, and set PR_SET_KEEPCAPS. */
int jf_caps_drop_bounding(const struct jf_caps *c, struct jf_error *err);

/* Step 2, after setresuid/setresgid: set effective, permitted, inheritable
 * (capset), then raise the ambient set; clear PR_SET_KEEPCAPS. */
int jf_caps_apply(const struct jf_caps *c, struct jf_error *err);

/* For `jfrun features`: NULL-terminated list of names libcap knows,
 * malloc'd array of static strings. */
const char **jf_caps_known_names(void);

#endif
