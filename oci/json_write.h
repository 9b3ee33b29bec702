/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small pretty-printing JSON writer for what jfrun prints (state,
 * features).  Output looks like Go's json.MarshalIndent, as runc's does:
 * "key": value, empty containers as {} and [].  Errors (out of memory) are
 * sticky and reported once by jw_finish(), so writers need no checks
 * between calls.
 */
#ifndef JF_OCI_JSON_WRITE_H
#define JF_OCI_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define JW_MAX_DEPTH 16

struct json_writer {
	char *buf;
	size_t len, cap;
	const char *indent;
	int depth;
	bool empty[JW_MAX_DEPTH]; /* nothing written yet in this container */
	bool after_key;
	bool failed;
};

void jw_init(struct json_writer *w, const char *indent);

void jw_object_open(struct json_writer *w);
void jw_object_close(struct json_writer *w);
void jw_array_open(struct json_writer *w);
void jw_array_close(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);

void jw_string(struct json_writer *w, const char *s);
void jw_int(struct json_writer *w, long long v);
void jw_uint(struct json_writer *w, unsigned long long v);
void jw_bool(struct json_writer *w, bool v);

/* "key": "s", nothing when s is NULL. */
void jw_member_string(struct json_writer *w, const char *key, const char *s);
/* "key": [...] from a NULL-terminated list, nothing when list is NULL. */
void jw_member_strings(struct json_writer *w, const char *key,
		       const char *const *list);
void jw_member_bool(struct json_writer *w, const char *key, bool v);

/* Hands out the NUL-terminated text with a final newline; frees it on error. */
int jw_finish(struct json_writer *w, char **ret_buf, size_t *ret_len,
	      struct jf_error *err);

#endif
