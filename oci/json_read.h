/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Typed getters over a json_tree that fail with the JSON path of the value:
 * "config.json: process.args[1]: expected a string".
 *
 * Member getters look a member up by name; an absent member (or a null one,
 * as Go's encoding/json treats it) leaves the output untouched and sets
 * *has (when given) to false.  Every function returns 0 on success and -1
 * on error, so that reading an object is one chain that stops at the first
 * error:  if (jr_u32(r, v, "uid", ...) || jr_u32(r, v, "gid", ...)) ...
 * Arrays and objects are allocated with their count stored first, so that a
 * failure halfway leaves a struct the oci_*_free() functions can release.
 */
#ifndef JF_OCI_JSON_READ_H
#define JF_OCI_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"
#include "json_tree.h"

struct json_reader {
	const char *doc; /* "config.json" */
	struct jf_error *err;
};

/* "<doc>: <path of v>: <message>"; returns -1. */
int jr_fail(const struct json_reader *r, const struct json_value *v,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Same for the member `key` of obj, present or not. */
int jr_fail_member(const struct json_reader *r, const struct json_value *obj,
		   const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The member, NULL when absent or null (the last one wins on duplicates). */
const struct json_value *jr_get(const struct json_value *obj, const char *key);

/* Fails unless v has type t: "expected an object". */
int jr_expect(const struct json_reader *r, const struct json_value *v,
	      enum json_type t);

/* Fails on the first of the NULL-terminated names that obj lacks. */
int jr_require(const struct json_reader *r, const struct json_value *obj,
	       const char *const *keys);

/* Conversions of one value. */
int jr_to_string(const struct json_reader *r, const struct json_value *v,
		 char **out);
int jr_to_i64(const struct json_reader *r, const struct json_value *v,
	      int64_t min, int64_t max, int64_t *out);
int jr_to_u64(const struct json_reader *r, const struct json_value *v,
	      uint64_t max, uint64_t *out);

/* Scalar members. */
int jr_string(const struct json_reader *r, const struct json_value *obj,
	      const char *key, char **out);
/* A string that, when present, must be an absolute path. */
int jr_abs_path(const struct json_reader *r, const struct json_value *obj,
		const char *key, char **out);
int jr_bool(const struct json_reader *r, const struct json_value *obj,
	    const char *key, bool *out, bool *has);
int jr_i32(const struct json_reader *r, const struct json_value *obj,
	   const char *key, int32_t *out, bool *has);
int jr_i64(const struct json_reader *r, const struct json_value *obj,
	   const char *key, int64_t *out, bool *has);
int jr_u16(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint16_t *out, bool *has);
int jr_u32(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint32_t *out, bool *has);
int jr_u64(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint64_t *out, bool *has);

/* Array members of scalars.  A string array, even an empty one, is
 * allocated with a NULL after its n elements. */
int jr_strings(const struct json_reader *r, const struct json_value *obj,
	       const char *key, char ***out, size_t *n);
int jr_u32s(const struct json_reader *r, const struct json_value *obj,
	    const char *key, uint32_t **out, size_t *n);

/* A malloc'd copy of v's member name; fails on "" and on embedded NULs. */
int jr_key(const struct json_reader *r, const struct json_value *v, char **out);

/* An object member whose values are strings (annotations, sysctl, ...). */
int jr_string_map(const struct json_reader *r, const struct json_value *obj,
		  const char *key, struct oci_kv **out, size_t *n);

/* Fills one element (`out` points to it, zeroed) from the object v; for an
 * object-valued map v->key is the entry's name. */
typedef int (*jr_parse_fn)(const struct json_reader *r,
			   const struct json_value *v, void *out);

/* An optional object member filled into a struct the caller owns
 * (process.user, process.consoleSize). */
int jr_inline(const struct json_reader *r, const struct json_value *obj,
	      const char *key, jr_parse_fn fn, void *out, bool *has);

int jr_array_impl(const struct json_reader *r, const struct json_value *obj,
		  const char *key, size_t elem_size, jr_parse_fn fn,
		  void *out_array, size_t *n);
int jr_map_impl(const struct json_reader *r, const struct json_value *obj,
		const char *key, size_t elem_size, jr_parse_fn fn,
		void *out_array, size_t *n);
int jr_object_impl(const struct json_reader *r, const struct json_value *obj,
		   const char *key, size_t size, jr_parse_fn fn, void *out_ptr);

/* An array of objects: T **arrp gets a calloc'd T[*np]. */
#define jr_array(r, obj, key, fn, arrp, np)                                    \
	jr_array_impl((r), (obj), (key), sizeof(**(arrp)), (fn), (arrp), (np))

/* An object of objects keyed by name (linux.timeOffsets, resources.rdma). */
#define jr_map(r, obj, key, fn, arrp, np)                                      \
	jr_map_impl((r), (obj), (key), sizeof(**(arrp)), (fn), (arrp), (np))

/* An optional object: T **pp gets a calloc'd T, or stays NULL. */
#define jr_object(r, obj, key, fn, pp)                                         \
	jr_object_impl((r), (obj), (key), sizeof(**(pp)), (fn), (pp))

/*
 * Parses a whole document whose root is an object into a new zeroed struct
 * of `size` bytes: *(T **)out_ptr, set even on failure (free it then).
 */
int jr_parse_document(const char *text, size_t len,
		      const struct json_parse_opts *opts, size_t size,
		      jr_parse_fn fn, void *out_ptr, struct jf_error *err);

#endif
