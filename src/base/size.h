/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one size parser: annotations and `update`'s flags read sizes alike. */
#ifndef JF_SIZE_H
#define JF_SIZE_H

#include <stdint.h>

/*
 * "512M" -> bytes.  The rules of docker's units.RAMInBytes, which runc's
 * `update` uses: a decimal number (a fraction allowed: "1.5g"), an optional
 * space, an optional unit k, m, g, t or p (powers of 1024, any case) with
 * an optional "i", then an optional "b" ("64m", "1.5GiB", "512kb", "4096").
 * No sign, no exponent, no hex; a fraction of a byte is dropped.
 * -1 with errno: EINVAL when it is not a size, ERANGE at 2^64 or more.
 */
int jf_parse_size(const char *text, uint64_t *ret);

#endif
