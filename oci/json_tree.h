/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON text -> an immutable tree, in one pass of yajl's callback parser.
 *
 * Why not yajl_tree: it recurses (a deeply nested input blows the stack) and
 * mallocs every value.  Here the bounds of config.h are enforced while
 * parsing (input size, nesting depth, elements per array or object), the
 * whole tree lives in one arena, and every value knows its parent so that an
 * error can name the JSON path of any value ("process.args[1]").
 */
#ifndef JF_OCI_JSON_TREE_H
#define JF_OCI_JSON_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Values in one document: a bound on memory (~50 bytes each, plus their
 * copies in struct oci_config) that no real config comes near (Docker's
 * default seccomp profile has ~1500).  It keeps jfrun's peak RSS under the
 * ceiling of README "Reliability" for any accepted config.json. */
#define JSON_TREE_MAX_VALUES (1u << 18)

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_OBJECT,
	JSON_ARRAY,
};

struct json_value {
	const struct json_value *parent; /* NULL for the root */
	const struct json_value *next;	 /* next element or member */
	const char *key; /* member name when the parent is an object */
	union {
		const char *text; /* string (decoded) or number (as written) */
		const struct json_value *first; /* object or array */
	} u;
	uint32_t len;	  /* text bytes, or number of members/elements */
	uint32_t key_len; /* the name may contain "\u0000" */
	uint8_t type;	  /* enum json_type */
	bool boolean;
};

struct json_tree;

struct json_parse_opts {
	const char *doc; /* names the input in errors: "config.json" */
	bool validate_utf8;
};

/*
 * Parse `len` bytes (no NUL needed).  Errors read "<doc>: <why>", with the
 * path when a bound is hit: "config.json: linux.maskedPaths: more than 65536
 * elements".
 */
int json_tree_parse(const char *text, size_t len,
		    const struct json_parse_opts *opts, struct json_tree **ret,
		    struct jf_error *err);

const struct json_value *json_tree_root(const struct json_tree *t);

void json_tree_free(struct json_tree *t);

/* Writes the path of v ("linux.namespaces[2].type", "" for the root) into
 * buf, truncated to size. */
void json_value_path(const struct json_value *v, char *buf, size_t size);

/* Type name for messages: "a string", "an object", ... */
const char *json_type_name(enum json_type t);

#endif
