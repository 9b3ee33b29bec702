/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one lexical path cleaner (by name: no filesystem access). */
#ifndef JF_PATH_CLEAN_H
#define JF_PATH_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

/* in, absolute or not, made clean into out: "/" then the components joined
 * by one "/", no "." and no empty one; ".." removes the component before
 * it, never going above "/" ("a//./b/../c" -> "/a/c", "" -> "/").
 * *dotdot (when not NULL) says whether in had a ".." component, for the
 * callers that refuse one.  -1 with ENAMETOOLONG when out (size bytes with
 * the NUL) is too small. */
int jf_path_clean(const char *in, char *out, size_t size, bool *dotdot);

#endif
