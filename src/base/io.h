/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a descriptor to its end: the one loop every reader shares. */
#ifndef JF_IO_H
#define JF_IO_H

#include <stddef.h>

/* Read fd from its offset to EOF, but never more than max + 1 bytes: the
 * caller compares *ret_len with max and reports "too big" in its own words.
 * hint is the expected size (a regular file's st_size; 0 when unknown).
 * *ret is malloc'd and NUL-terminated.  -1 with errno on a read or an
 * allocation failure (EINTR is retried). */
int jf_read_all(int fd, size_t hint, size_t max, char **ret, size_t *ret_len);

#endif
