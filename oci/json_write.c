/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

/* yajl's print callback: our own buffer, so that jw_finish hands it out
 * without a copy. */
static void put(void *ctx, const char *s, size_t n)
{
	struct json_writer *w = ctx;

	if (w->error != 0)
		return;
	if (w->cap - w->len <= n) {
		size_t cap = w->cap ? w->cap : 1024;
		char *bigger;

		while (cap - w->len <= n)
			cap *= 2;
		bigger = realloc(w->buf, cap);
		if (bigger == NULL) {
			w->error = ENOMEM;
			return;
		}
		w->buf = bigger;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void jw_init(struct json_writer *w, const char *indent)
{
	memset(w, 0, sizeof(*w));
	w->gen = yajl_gen_alloc(NULL);
	if (w->gen == NULL)
		w->error = ENOMEM;
	else if (!yajl_gen_config(w->gen, yajl_gen_print_callback, put, w) ||
		 (indent != NULL &&
		  (!yajl_gen_config(w->gen, yajl_gen_beautify, 1) ||
		   !yajl_gen_config(w->gen, yajl_gen_indent_string, indent))))
		w->error = EINVAL;
}

static void check(struct json_writer *w, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok && w->error == 0)
		w->error = EINVAL; /* a misuse: a value where a key belongs */
}

/* Hands a deferred open to yajl: something goes in it. */
static bool ready(struct json_writer *w)
{
	char open = w->pending;

	if (w->error != 0)
		return false;
	w->pending = 0;
	if (open == '{')
		check(w, yajl_gen_map_open(w->gen));
	else if (open == '[')
		check(w, yajl_gen_array_open(w->gen));
	return w->error == 0;
}

static void open_container(struct json_writer *w, char bracket)
{
	if (!ready(w))
		return;
	w->pending = bracket;
	w->depth++;
}

static void close_container(struct json_writer *w, char open)
{
	if (w->error != 0)
		return;
	if (w->depth == 0 || (w->pending != 0 && w->pending != open)) {
		w->error = EINVAL;
		return;
	}
	w->depth--;
	if (w->pending != 0) {
		/* Empty: one atom, placed by yajl like any value. */
		w->pending = 0;
		check(w, yajl_gen_number(w->gen, open == '{' ? "{}" : "[]", 2));
	} else {
		check(w, open == '{' ? yajl_gen_map_close(w->gen)
				     : yajl_gen_array_close(w->gen));
	}
}

void jw_object_open(struct json_writer *w)
{
	open_container(w, '{');
}

void jw_object_close(struct json_writer *w)
{
	close_container(w, '{');
}

void jw_array_open(struct json_writer *w)
{
	open_container(w, '[');
}

void jw_array_close(struct json_writer *w)
{
	close_container(w, '[');
}

void jw_string(struct json_writer *w, const char *s)
{
	if (ready(w))
		check(w, yajl_gen_string(w->gen, (const unsigned char *)s,
					 strlen(s)));
}

void jw_key(struct json_writer *w, const char *key)
{
	jw_string(w, key);
}

void jw_int(struct json_writer *w, long long v)
{
	if (ready(w))
		check(w, yajl_gen_integer(w->gen, v));
}

void jw_uint(struct json_writer *w, unsigned long long v)
{
	char num[24];

	if (ready(w))
		check(w, yajl_gen_number(
			     w->gen, num,
			     (size_t)snprintf(num, sizeof(num), "%llu", v)));
}

void jw_bool(struct json_writer *w, bool v)
{
	if (ready(w))
		check(w, yajl_gen_bool(w->gen, v));
}

void jw_member_string(struct json_writer *w, const char *key, const char *s)
{
	if (s == NULL)
		return;
	jw_key(w, key);
	jw_string(w, s);
}

void jw_member_strings(struct json_writer *w, const char *key,
		       const char *const *list)
{
	if (list == NULL)
		return;
	jw_key(w, key);
	jw_array_open(w);
	for (; *list != NULL; list++)
		jw_string(w, *list);
	jw_array_close(w);
}

void jw_member_bool(struct json_writer *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_member_int(struct json_writer *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_member_uint(struct json_writer *w, const char *key,
		    unsigned long long v)
{
	jw_key(w, key);
	jw_uint(w, v);
}

int jw_finish(struct json_writer *w, char **ret_buf, size_t *ret_len,
	      struct jf_error *err)
{
	/* yajl's beautifier ends the document with a newline; compact
	 * output gets one here. */
	if (w->len == 0 || w->buf[w->len - 1] != '\n')
		put(w, "\n", 1);
	if (w->gen != NULL)
		yajl_gen_free(w->gen);
	w->gen = NULL;
	if (w->error == 0 && w->depth != 0)
		w->error = EINVAL;
	if (w->error != 0) {
		free(w->buf);
		w->buf = NULL;
		return jf_error_set(err, w->error, "writing JSON");
	}
	*ret_buf = w->buf;
	*ret_len = w->len;
	w->buf = NULL;
	return 0;
}
