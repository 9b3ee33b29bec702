/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one JSON writer of jfrun: state, features, `events` lines, cgroup
 * stats, `list`/`ps` output, exit records and --log-format json lines all go
 * through it.  It is yajl's generator (yajl_gen: string escaping, nesting
 * checks) behind a small interface.  Pretty output looks like Go's
 * json.MarshalIndent, as runc's does: "key": value, empty containers as {}
 * and [].  Compact output (indent NULL) is one line.  Errors (out of memory,
 * a value where a key belongs) are sticky and reported once by jw_finish(),
 * so writers need no checks between calls.  Strings are written as bytes:
 * a path need not be UTF-8.
 */
#ifndef JF_OCI_JSON_WRITE_H
#define JF_OCI_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct yajl_gen_t;

struct json_writer {
	struct yajl_gen_t *gen;
	char *buf;
	size_t len, cap;
	int depth;
	/* '{' or '[' opened but not yet handed to yajl: yajl's beautifier
	 * writes an empty container over two lines, Go and jfrun as {}. */
	char pending;
	int error; /* sticky: ENOMEM, EINVAL (misuse) */
};

/* indent: "  ", "    " (whitespace only); NULL for one compact line. */
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
void jw_member_int(struct json_writer *w, const char *key, long long v);
void jw_member_uint(struct json_writer *w, const char *key,
		    unsigned long long v);

/* Hands out the NUL-terminated text with a final newline and frees the
 * rest; on error frees everything.  Call it once for every jw_init. */
int jw_finish(struct json_writer *w, char **ret_buf, size_t *ret_len,
	      struct jf_error *err);

#endif
