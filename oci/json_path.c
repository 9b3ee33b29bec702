/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON path of a value, for error messages: linux.sysctl["net.core.x"]. */
#include <stdio.h>

#include "config.h"
#include "json_tree.h"

#define KEY_SHOWN_MAX 64 /* a longer member name is cut with "..." */

struct path_buf {
	char *p;
	size_t left;
};

static void put(struct path_buf *b, const char *s, size_t n)
{
	while (n-- > 0 && b->left > 1) {
		*b->p++ = *s++;
		b->left--;
	}
	*b->p = '\0';
}

static void putc_escaped(struct path_buf *b, unsigned char c)
{
	char tmp[8];

	if (c == '"' || c == '\\') {
		tmp[0] = '\\';
		tmp[1] = (char)c;
		put(b, tmp, 2);
	} else if (c < 0x20 || c == 0x7f) {
		put(b, tmp, (size_t)snprintf(tmp, sizeof(tmp), "\\u%04x", c));
	} else {
		put(b, (const char *)&c, 1);
	}
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Names that read well after a dot; others are quoted. */
static bool is_identifier(const char *key, uint32_t len)
{
	if (len == 0 || (key[0] >= '0' && key[0] <= '9'))
		return false;
	for (uint32_t i = 0; i < len; i++)
		if (!is_word_char(key[i]))
			return false;
	return true;
}

static void put_key(struct path_buf *b, const struct json_value *v, bool first)
{
	uint32_t shown =
	    v->key_len < KEY_SHOWN_MAX ? v->key_len : KEY_SHOWN_MAX;

	if (is_identifier(v->key, v->key_len)) {
		if (!first)
			put(b, ".", 1);
		put(b, v->key, v->key_len);
		return;
	}
	put(b, "[\"", 2);
	for (uint32_t i = 0; i < shown; i++)
		putc_escaped(b, (unsigned char)v->key[i]);
	if (shown < v->key_len)
		put(b, "...", 3);
	put(b, "\"]", 2);
}

static void put_index(struct path_buf *b, const struct json_value *v)
{
	const struct json_value *e = v->parent->u.first;
	size_t index = 0;
	char tmp[32];

	for (; e != NULL && e != v; e = e->next)
		index++;
	put(b, tmp, (size_t)snprintf(tmp, sizeof(tmp), "[%zu]", index));
}

void json_value_path(const struct json_value *v, char *buf, size_t size)
{
	const struct json_value *chain[OCI_CONFIG_MAX_DEPTH + 1];
	struct path_buf b = {buf, size};
	size_t n = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (; v != NULL && v->parent != NULL && n < OCI_CONFIG_MAX_DEPTH + 1;
	     v = v->parent)
		chain[n++] = v;
	while (n-- > 0) {
		v = chain[n];
		if (v->parent->type == JSON_OBJECT)
			put_key(&b, v, b.p == buf);
		else
			put_index(&b, v);
	}
}
