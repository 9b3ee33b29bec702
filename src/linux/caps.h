/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.capabilities with libcap: all five sets. */
#ifndef JF_LINUX_CAPS_H
#define JF_LINUX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

/* The five sets as bit masks (bit n = capability n). */
struct jf_caps {
	bool present; /* process.capabilities was given */
	uint64_t bounding, effective, inheritable, permitted, ambient;
};

/* Map names to numbers.  A name that is not a capability (CAP_FOO), or
 * one the running kernel lacks, is logged as a warning naming the field
 * and ignored, as runtime-spec 1.2 asks ("process.capabilities.bounding[2]:
 * unknown capability CAP_FOO: ignored").  Errors: an effective capability
 * outside the permitted set, one outside jfrun's own bounding set. */
int jf_caps_prepare(const struct oci_capabilities *c, struct jf_caps *ret,
		    struct jf_error *err);

/* The same for a kernel that knows `kernel_caps` capabilities (the running
 * one: cap_max_bits(), its cap_last_cap + 1), so that a test can play an
 * older kernel. */
int jf_caps_prepare_for_kernel(const struct oci_capabilities *c,
			       unsigned int kernel_caps, struct jf_caps *ret,
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
