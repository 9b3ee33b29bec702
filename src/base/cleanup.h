/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cleanup attributes: every owned resource is released on every return. */
#ifndef JF_CLEANUP_H
#define JF_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

static inline void jf_freep(void *p)
{
	free(*(void **)p);
}

static inline void jf_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void jf_fclosep(FILE **f)
{
	if (*f != NULL)
		fclose(*f);
}

#define cleanup_free __attribute__((cleanup(jf_freep)))
#define cleanup_close __attribute__((cleanup(jf_closep)))
#define cleanup_fclose __attribute__((cleanup(jf_fclosep)))

/* Hand ownership out of a cleanup variable. */
#define steal_ptr(p) ({ __typeof__(p) _tmp = (p); (p) = NULL; _tmp; })
#define steal_fd(fd) ({ int _tmp = (fd); (fd) = -1; _tmp; })

#endif
