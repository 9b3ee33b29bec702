/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bump allocator: many small objects, one free.  The JSON tree of a config
 * lives in one arena so that parsing costs a handful of mallocs, not one per
 * value.
 */
#ifndef JF_OCI_ARENA_H
#define JF_OCI_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk
	    *head;	  /* the chunk being filled; older ones follow */
	size_t next_size; /* size of the next chunk to allocate */
};

/* first_size: a guess of the total need, so that one chunk usually suffices. */
void arena_init(struct arena *a, size_t first_size);

/* Aligned for any type; NULL when out of memory.  Never freed alone. */
void *arena_alloc(struct arena *a, size_t size);

/* A NUL-terminated copy of `len` bytes. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

void arena_release(struct arena *a);

#endif
