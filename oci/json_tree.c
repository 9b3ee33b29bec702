/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "arena.h"
#include "config.h"

struct json_tree {
	struct arena arena;
	const struct json_value *root;
};

/* The state of one parse: the containers still open, innermost last. */
struct builder {
	struct json_tree *tree;
	const char *doc;
	struct jf_error *err;
	size_t n_values;
	int depth;
	struct json_value *open[OCI_CONFIG_MAX_DEPTH];
	/* The last child of each open container, to append in O(1). */
	struct json_value *last[OCI_CONFIG_MAX_DEPTH];
	const char *key; /* name of the member whose value comes next */
	uint32_t key_len;
};

static int fail_at(struct builder *b, const struct json_value *v,
		   const char *why)
{
	char path[512];

	json_value_path(v, path, sizeof(path));
	if (path[0] == '\0')
		jf_error_set(b->err, 0, "%s: %s", b->doc, why);
	else
		jf_error_set(b->err, 0, "%s: %s: %s", b->doc, path, why);
	return 0; /* yajl: stop parsing */
}

static int fail_oom(struct builder *b)
{
	jf_error_set(b->err, ENOMEM, "%s", b->doc);
	return 0;
}

static int fail_too_many(struct builder *b, const struct json_value *parent)
{
	char why[64];

	snprintf(why, sizeof(why), "more than %u %s", OCI_CONFIG_MAX_ARRAY,
		 parent->type == JSON_ARRAY ? "elements" : "members");
	return fail_at(b, parent, why);
}

/* Appends a value to the open container (or makes it the root). */
static struct json_value *add_value(struct builder *b, enum json_type type)
{
	struct json_value *v, *parent = NULL;

	if (b->depth > 0) {
		parent = b->open[b->depth - 1];
		if (parent->len >= OCI_CONFIG_MAX_ARRAY) {
			fail_too_many(b, parent);
			return NULL;
		}
	}
	if (b->n_values >= JSON_TREE_MAX_VALUES) {
		jf_error_set(b->err, 0, "%s: more than %u values", b->doc,
			     JSON_TREE_MAX_VALUES);
		return NULL;
	}
	v = arena_alloc(&b->tree->arena, sizeof(*v));
	if (v == NULL) {
		fail_oom(b);
		return NULL;
	}
	*v = (struct json_value){.parent = parent, .type = type};
	b->n_values++;
	if (parent == NULL) {
		b->tree->root = v;
		return v;
	}
	if (parent->type == JSON_OBJECT) {
		v->key = b->key;
		v->key_len = b->key_len;
	}
	if (b->last[b->depth - 1] == NULL)
		parent->u.first = v;
	else
		b->last[b->depth - 1]->next = v;
	b->last[b->depth - 1] = v;
	parent->len++;
	return v;
}

static int add_text(struct builder *b, enum json_type type, const char *s,
		    size_t len)
{
	struct json_value *v = add_value(b, type);

	if (v == NULL)
		return 0;
	v->u.text = arena_strndup(&b->tree->arena, s, len);
	if (v->u.text == NULL)
		return fail_oom(b);
	v->len = (uint32_t)len; /* the input is at most 16 MiB */
	return 1;
}

static int on_null(void *ctx)
{
	return add_value(ctx, JSON_NULL) != NULL;
}

static int on_boolean(void *ctx, int boolean)
{
	struct json_value *v = add_value(ctx, JSON_BOOL);

	if (v == NULL)
		return 0;
	v->boolean = boolean != 0;
	return 1;
}

static int on_number(void *ctx, const char *s, size_t len)
{
	return add_text(ctx, JSON_NUMBER, s, len);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	return add_text(ctx, JSON_STRING, (const char *)s, len);
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct builder *b = ctx;

	b->key = arena_strndup(&b->tree->arena, (const char *)s, len);
	if (b->key == NULL)
		return fail_oom(b);
	b->key_len = (uint32_t)len;
	return 1;
}

static int open_container(struct builder *b, enum json_type type)
{
	struct json_value *v = add_value(b, type);
	char why[64];

	if (v == NULL)
		return 0;
	if (b->depth >= OCI_CONFIG_MAX_DEPTH) {
		snprintf(why, sizeof(why), "nested deeper than %d levels",
			 OCI_CONFIG_MAX_DEPTH);
		return fail_at(b, v, why);
	}
	b->open[b->depth] = v;
	b->last[b->depth] = NULL;
	b->depth++;
	return 1;
}

static int on_start_map(void *ctx)
{
	return open_container(ctx, JSON_OBJECT);
}

static int on_start_array(void *ctx)
{
	return open_container(ctx, JSON_ARRAY);
}

static int on_end_container(void *ctx)
{
	struct builder *b = ctx;

	b->depth--;
	return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end_container,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end_container,
};

/* yajl's own message, "parse error: premature EOF\n", on one line; offset
 * counts the bytes read up to and including the bad token. */
static int fail_syntax(yajl_handle h, const char *text, size_t len,
		       size_t offset, const char *doc, struct jf_error *err)
{
	unsigned char *msg =
	    yajl_get_error(h, 0, (const unsigned char *)text, len);
	size_t n = msg != NULL ? strlen((char *)msg) : 0;

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	jf_error_set(err, 0, "%s: invalid JSON at byte %zu: %s", doc, offset,
		     msg != NULL ? (char *)msg : "syntax error");
	if (msg != NULL)
		yajl_free_error(h, msg);
	return -1;
}

static int run_parser(struct builder *b, const char *text, size_t len,
		      bool validate_utf8)
{
	yajl_handle h = yajl_alloc(&callbacks, NULL, b);
	yajl_status st;
	size_t offset;
	int rc = 0;

	if (h == NULL)
		return jf_error_set(b->err, ENOMEM, "%s", b->doc);
	yajl_config(h, yajl_dont_validate_strings, validate_utf8 ? 0 : 1);
	st = yajl_parse(h, (const unsigned char *)text, len);
	offset = yajl_get_bytes_consumed(h);
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(h);
		offset = len; /* the error, if any, is at the end */
	}
	if (st == yajl_status_client_canceled)
		rc = -1; /* the callback filled b->err */
	else if (st != yajl_status_ok)
		rc = fail_syntax(h, text, len, offset, b->doc, b->err);
	yajl_free(h);
	return rc;
}

int json_tree_parse(const char *text, size_t len,
		    const struct json_parse_opts *opts, struct json_tree **ret,
		    struct jf_error *err)
{
	struct builder b = {.doc = opts->doc, .err = err};
	struct json_tree *t;

	if (len > OCI_CONFIG_MAX_BYTES)
		return jf_error_set(err, 0,
				    "%s: %zu bytes, more than the limit of %u",
				    opts->doc, len, OCI_CONFIG_MAX_BYTES);
	t = malloc(sizeof(*t));
	if (t == NULL)
		return jf_error_set(err, ENOMEM, "%s", opts->doc);
	/* A tree takes about three times its text: one chunk, usually. */
	arena_init(&t->arena, len * 3 + 1024);
	t->root = NULL;
	b.tree = t;
	if (run_parser(&b, text, len, opts->validate_utf8) < 0) {
		json_tree_free(t);
		return -1;
	}
	*ret = t;
	return 0;
}

const struct json_value *json_tree_root(const struct json_tree *t)
{
	return t->root;
}

void json_tree_free(struct json_tree *t)
{
	if (t == NULL)
		return;
	arena_release(&t->arena);
	free(t);
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL:
		return "null";
	case JSON_BOOL:
		return "a boolean";
	case JSON_NUMBER:
		return "a number";
	case JSON_STRING:
		return "a string";
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	}
	return "a value";
}
