/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_CHUNK 4096
#define ARENA_MAX_CHUNK (1024 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a, size_t first_size)
{
	a->head = NULL;
	if (first_size < ARENA_MIN_CHUNK)
		first_size = ARENA_MIN_CHUNK;
	if (first_size > ARENA_MAX_CHUNK)
		first_size = ARENA_MAX_CHUNK;
	a->next_size = first_size;
}

static struct arena_chunk *chunk_new(size_t size)
{
	struct arena_chunk *c = malloc(sizeof(*c) + size);

	if (c != NULL) {
		c->used = 0;
		c->size = size;
	}
	return c;
}

/* An object larger than a chunk gets a chunk of its own, placed behind the
 * head so that the head's free space is not thrown away. */
static void *alloc_oversized(struct arena *a, size_t size)
{
	struct arena_chunk *c = chunk_new(size);

	if (c == NULL)
		return NULL;
	c->used = size;
	if (a->head == NULL) {
		c->next = NULL;
		a->head = c;
	} else {
		c->next = a->head->next;
		a->head->next = c;
	}
	return c->data;
}

static void *alloc_aligned(struct arena *a, size_t size, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t at;

	if (size > a->next_size)
		return alloc_oversized(a, size);
	if (c != NULL) {
		at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && c->size - at >= size) {
			c->used = at + size;
			return c->data + at;
		}
	}
	c = chunk_new(a->next_size);
	if (c == NULL)
		return NULL;
	c->next = a->head;
	a->head = c;
	/* Grow geometrically so that a big input needs few chunks. */
	if (a->next_size < ARENA_MAX_CHUNK)
		a->next_size *= 2;
	c->used = size;
	return c->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return alloc_aligned(a, size, alignof(max_align_t));
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = alloc_aligned(a, len + 1, 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c != NULL) {
		struct arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
}
