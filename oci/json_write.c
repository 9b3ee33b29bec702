/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jw_init(struct json_writer *w, const char *indent)
{
	memset(w, 0, sizeof(*w));
	w->indent = indent;
}

static void put(struct json_writer *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (w->cap - w->len <= n) {
		size_t cap = w->cap ? w->cap : 1024;
		char *bigger;

		while (cap - w->len <= n)
			cap *= 2;
		bigger = realloc(w->buf, cap);
		if (bigger == NULL) {
			w->failed = true;
			return;
		}
		w->buf = bigger;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void puts_(struct json_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static void newline(struct json_writer *w)
{
	put(w, "\n", 1);
	for (int i = 0; i < w->depth; i++)
		puts_(w, w->indent);
}

/* Separator and indentation before a value or a key. */
static void begin_item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->empty[w->depth - 1])
		put(w, ",", 1);
	w->empty[w->depth - 1] = false;
	newline(w);
}

static void open_container(struct json_writer *w, const char *bracket)
{
	begin_item(w);
	put(w, bracket, 1);
	if (w->depth >= JW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->empty[w->depth++] = true;
}

static void close_container(struct json_writer *w, const char *bracket)
{
	if (w->depth == 0) {
		w->failed = true;
		return;
	}
	w->depth--;
	if (!w->empty[w->depth])
		newline(w);
	put(w, bracket, 1);
}

void jw_object_open(struct json_writer *w)
{
	open_container(w, "{");
}

void jw_object_close(struct json_writer *w)
{
	close_container(w, "}");
}

void jw_array_open(struct json_writer *w)
{
	open_container(w, "[");
}

void jw_array_close(struct json_writer *w)
{
	close_container(w, "]");
}

static void put_quoted(struct json_writer *w, const char *s)
{
	put(w, "\"", 1);
	for (const char *run = s;; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c != '\0' && c != '"' && c != '\\' && c >= 0x20)
			continue;
		put(w, run, (size_t)(s - run));
		if (c == '\0')
			break;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c == '\n')
			strcpy(esc, "\\n");
		else if (c == '\t')
			strcpy(esc, "\\t");
		else if (c == '\r')
			strcpy(esc, "\\r");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		puts_(w, esc);
		run = s + 1;
	}
	put(w, "\"", 1);
}

void jw_key(struct json_writer *w, const char *key)
{
	begin_item(w);
	put_quoted(w, key);
	put(w, ": ", 2);
	w->after_key = true;
}

void jw_string(struct json_writer *w, const char *s)
{
	begin_item(w);
	put_quoted(w, s);
}

void jw_int(struct json_writer *w, long long v)
{
	char num[32];

	begin_item(w);
	put(w, num, (size_t)snprintf(num, sizeof(num), "%lld", v));
}

void jw_uint(struct json_writer *w, unsigned long long v)
{
	char num[32];

	begin_item(w);
	put(w, num, (size_t)snprintf(num, sizeof(num), "%llu", v));
}

void jw_bool(struct json_writer *w, bool v)
{
	begin_item(w);
	puts_(w, v ? "true" : "false");
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

int jw_finish(struct json_writer *w, char **ret_buf, size_t *ret_len,
	      struct jf_error *err)
{
	put(w, "\n", 1);
	if (w->failed || w->depth != 0) {
		free(w->buf);
		w->buf = NULL;
		return jf_error_set(err, w->failed ? ENOMEM : 0,
				    "writing JSON");
	}
	*ret_buf = w->buf;
	*ret_len = w->len;
	w->buf = NULL;
	return 0;
}
