/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_SHOWN_MAX 40 /* digits of a bad number quoted in a message */

__attribute__((format(printf, 3, 0))) static int
fail_path(const struct json_reader *r, const char *path, const char *fmt,
	  va_list ap)
{
	char why[512];

	vsnprintf(why, sizeof(why), fmt, ap);
	if (path[0] == '\0')
		return jf_error_set(r->err, 0, "%s: %s", r->doc, why);
	return jf_error_set(r->err, 0, "%s: %s: %s", r->doc, path, why);
}

int jr_fail(const struct json_reader *r, const struct json_value *v,
	    const char *fmt, ...)
{
	char path[512];
	va_list ap;

	json_value_path(v, path, sizeof(path));
	va_start(ap, fmt);
	fail_path(r, path, fmt, ap);
	va_end(ap);
	return -1;
}

int jr_fail_member(const struct json_reader *r, const struct json_value *obj,
		   const char *key, const char *fmt, ...)
{
	char path[512];
	size_t n;
	va_list ap;

	json_value_path(obj, path, sizeof(path));
	n = strlen(path);
	snprintf(path + n, sizeof(path) - n, "%s%s", n > 0 ? "." : "", key);
	va_start(ap, fmt);
	fail_path(r, path, fmt, ap);
	va_end(ap);
	return -1;
}

const struct json_value *jr_get(const struct json_value *obj, const char *key)
{
	const struct json_value *found = NULL;
	size_t len = strlen(key);

	for (const struct json_value *m = obj->u.first; m != NULL; m = m->next)
		if (m->key_len == len && memcmp(m->key, key, len) == 0)
			found = m;
	return found != NULL && found->type != JSON_NULL ? found : NULL;
}

int jr_expect(const struct json_reader *r, const struct json_value *v,
	      enum json_type t)
{
	if (v->type == t)
		return 0;
	return jr_fail(r, v, "expected %s", json_type_name(t));
}

int jr_require(const struct json_reader *r, const struct json_value *obj,
	       const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (jr_get(obj, *keys) == NULL)
			return jr_fail_member(r, obj, *keys,
					      "required field is missing");
	return 0;
}

int jr_to_string(const struct json_reader *r, const struct json_value *v,
		 char **out)
{
	char *s;

	if (jr_expect(r, v, JSON_STRING) < 0)
		return -1;
	/* A C string would silently end at an embedded "\u0000". */
	if (memchr(v->u.text, '\0', v->len) != NULL)
		return jr_fail(r, v, "contains a NUL character");
	s = malloc(v->len + 1);
	if (s == NULL)
		return jf_error_set(r->err, ENOMEM, "%s", r->doc);
	memcpy(s, v->u.text, v->len + 1);
	*out = s;
	return 0;
}

/*
 * Splits a JSON number into sign and magnitude.  Returns -1 when it is not
 * an integer ("1.5", "1e3"), 1 when the magnitude exceeds 64 bits.  yajl has
 * already checked the number grammar.
 */
static int split_integer(const char *s, bool *neg, uint64_t *mag)
{
	uint64_t m = 0;

	*neg = *s == '-';
	if (*neg)
		s++;
	for (; *s != '\0'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > 9)
			return -1;
		if (m > (UINT64_MAX - d) / 10) {
			while (s[1] >= '0' && s[1] <= '9')
				s++;
			return s[1] == '\0' ? 1 : -1;
		}
		m = m * 10 + d;
	}
	*mag = m;
	return 0;
}

static int fail_range(const struct json_reader *r, const struct json_value *v,
		      const char *range)
{
	return jr_fail(r, v, "%.*s%s is out of range (%s)", NUMBER_SHOWN_MAX,
		       v->u.text, v->len > NUMBER_SHOWN_MAX ? "..." : "",
		       range);
}

static int read_integer(const struct json_reader *r, const struct json_value *v,
			bool *neg, uint64_t *mag, const char *range)
{
	int rc;

	if (v->type != JSON_NUMBER)
		return jr_fail(r, v, "expected an integer");
	rc = split_integer(v->u.text, neg, mag);
	if (rc < 0)
		return jr_fail(r, v, "expected an integer");
	if (rc > 0)
		return fail_range(r, v, range);
	return 0;
}

int jr_to_i64(const struct json_reader *r, const struct json_value *v,
	      int64_t min, int64_t max, int64_t *out)
{
	char range[64];
	uint64_t mag;
	int64_t val;
	bool neg;

	snprintf(range, sizeof(range), "%lld to %lld", (long long)min,
		 (long long)max);
	if (read_integer(r, v, &neg, &mag, range) < 0)
		return -1;
	if (!neg && mag > (uint64_t)INT64_MAX)
		return fail_range(r, v, range);
	if (neg && mag > (uint64_t)INT64_MAX + 1)
		return fail_range(r, v, range);
	if (!neg)
		val = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		val = INT64_MIN;
	else
		val = -(int64_t)mag;
	if (val < min || val > max)
		return fail_range(r, v, range);
	*out = val;
	return 0;
}

int jr_to_u64(const struct json_reader *r, const struct json_value *v,
	      uint64_t max, uint64_t *out)
{
	char range[64];
	uint64_t mag;
	bool neg;

	snprintf(range, sizeof(range), "0 to %llu", (unsigned long long)max);
	if (read_integer(r, v, &neg, &mag, range) < 0)
		return -1;
	if ((neg && mag != 0) || mag > max)
		return fail_range(r, v, range);
	*out = mag;
	return 0;
}

int jr_string(const struct json_reader *r, const struct json_value *obj,
	      const char *key, char **out)
{
	const struct json_value *v = jr_get(obj, key);

	return v == NULL ? 0 : jr_to_string(r, v, out);
}

int jr_abs_path(const struct json_reader *r, const struct json_value *obj,
		const char *key, char **out)
{
	const struct json_value *v = jr_get(obj, key);

	if (v == NULL)
		return 0;
	if (jr_to_string(r, v, out) < 0)
		return -1;
	if ((*out)[0] != '/')
		return jr_fail(r, v, "must be an absolute path");
	return 0;
}

int jr_bool(const struct json_reader *r, const struct json_value *obj,
	    const char *key, bool *out, bool *has)
{
	const struct json_value *v = jr_get(obj, key);

	if (has != NULL)
		*has = v != NULL;
	if (v == NULL)
		return 0;
	if (jr_expect(r, v, JSON_BOOL) < 0)
		return -1;
	*out = v->boolean;
	return 0;
}

static int member_signed(const struct json_reader *r,
			 const struct json_value *obj, const char *key,
			 int64_t min, int64_t max, int64_t *out, bool *has)
{
	const struct json_value *v = jr_get(obj, key);

	if (has != NULL)
		*has = v != NULL;
	return v == NULL ? 1 : jr_to_i64(r, v, min, max, out);
}

static int member_unsigned(const struct json_reader *r,
			   const struct json_value *obj, const char *key,
			   uint64_t max, uint64_t *out, bool *has)
{
	const struct json_value *v = jr_get(obj, key);

	if (has != NULL)
		*has = v != NULL;
	return v == NULL ? 1 : jr_to_u64(r, v, max, out);
}

/* member_*() return 1 when absent, so that the output is left alone. */
int jr_i32(const struct json_reader *r, const struct json_value *obj,
	   const char *key, int32_t *out, bool *has)
{
	int64_t v;
	int rc = member_signed(r, obj, key, INT32_MIN, INT32_MAX, &v, has);

	if (rc == 0)
		*out = (int32_t)v;
	return rc < 0 ? -1 : 0;
}

int jr_i64(const struct json_reader *r, const struct json_value *obj,
	   const char *key, int64_t *out, bool *has)
{
	int64_t v;
	int rc = member_signed(r, obj, key, INT64_MIN, INT64_MAX, &v, has);

	if (rc == 0)
		*out = v;
	return rc < 0 ? -1 : 0;
}

int jr_u16(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint16_t *out, bool *has)
{
	uint64_t v;
	int rc = member_unsigned(r, obj, key, UINT16_MAX, &v, has);

	if (rc == 0)
		*out = (uint16_t)v;
	return rc < 0 ? -1 : 0;
}

int jr_u32(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint32_t *out, bool *has)
{
	uint64_t v;
	int rc = member_unsigned(r, obj, key, UINT32_MAX, &v, has);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc < 0 ? -1 : 0;
}

int jr_u64(const struct json_reader *r, const struct json_value *obj,
	   const char *key, uint64_t *out, bool *has)
{
	uint64_t v;
	int rc = member_unsigned(r, obj, key, UINT64_MAX, &v, has);

	if (rc == 0)
		*out = v;
	return rc < 0 ? -1 : 0;
}

/* The container member `key` of type t, NULL when absent; *rc < 0 when it
 * has another type. */
static const struct json_value *get_container(const struct json_reader *r,
					      const struct json_value *obj,
					      const char *key, enum json_type t,
					      int *rc)
{
	const struct json_value *v = jr_get(obj, key);

	*rc = 0;
	if (v != NULL && jr_expect(r, v, t) < 0) {
		*rc = -1;
		return NULL;
	}
	return v != NULL && v->len > 0 ? v : NULL;
}

static void *alloc_elements(const struct json_reader *r, size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		jf_error_set(r->err, ENOMEM, "%s", r->doc);
	return p;
}

int jr_strings(const struct json_reader *r, const struct json_value *obj,
	       const char *key, char ***out, size_t *n)
{
	const struct json_value *a = jr_get(obj, key);
	const struct json_value *e;
	char **v;
	size_t i = 0;

	if (a == NULL)
		return 0;
	if (jr_expect(r, a, JSON_ARRAY) < 0)
		return -1;
	/* One more, zeroed: string arrays are also NULL-terminated, so
	 * args and env go to execve as they are (an empty env too). */
	v = alloc_elements(r, a->len + 1, sizeof(*v));
	if (v == NULL)
		return -1;
	*out = v;
	*n = a->len;
	for (e = a->u.first; e != NULL; e = e->next)
		if (jr_to_string(r, e, &v[i++]) < 0)
			return -1;
	return 0;
}

int jr_u32s(const struct json_reader *r, const struct json_value *obj,
	    const char *key, uint32_t **out, size_t *n)
{
	int rc;
	const struct json_value *a =
	    get_container(r, obj, key, JSON_ARRAY, &rc);
	const struct json_value *e;
	uint32_t *v;
	uint64_t x;
	size_t i = 0;

	if (a == NULL)
		return rc;
	v = alloc_elements(r, a->len, sizeof(*v));
	if (v == NULL)
		return -1;
	*out = v;
	*n = a->len;
	for (e = a->u.first; e != NULL; e = e->next) {
		if (jr_to_u64(r, e, UINT32_MAX, &x) < 0)
			return -1;
		v[i++] = (uint32_t)x;
	}
	return 0;
}

int jr_key(const struct json_reader *r, const struct json_value *v, char **out)
{
	if (v->key_len == 0)
		return jr_fail(r, v, "empty key");
	if (memchr(v->key, '\0', v->key_len) != NULL)
		return jr_fail(r, v, "key contains a NUL character");
	*out = strdup(v->key);
	if (*out == NULL)
		return jf_error_set(r->err, ENOMEM, "%s", r->doc);
	return 0;
}

int jr_string_map(const struct json_reader *r, const struct json_value *obj,
		  const char *key, struct oci_kv **out, size_t *n)
{
	int rc;
	const struct json_value *m =
	    get_container(r, obj, key, JSON_OBJECT, &rc);
	const struct json_value *e;
	struct oci_kv *kv;
	size_t i = 0;

	if (m == NULL)
		return rc;
	kv = alloc_elements(r, m->len, sizeof(*kv));
	if (kv == NULL)
		return -1;
	*out = kv;
	*n = m->len;
	for (e = m->u.first; e != NULL; e = e->next, i++)
		if (jr_key(r, e, &kv[i].key) < 0 ||
		    jr_to_string(r, e, &kv[i].value) < 0)
			return -1;
	return 0;
}

static int parse_elements(const struct json_reader *r,
			  const struct json_value *c, size_t elem_size,
			  jr_parse_fn fn, void *out_array, size_t *n)
{
	const struct json_value *e;
	unsigned char *v = alloc_elements(r, c->len, elem_size);

	if (v == NULL)
		return -1;
	/* Published before filling: the free functions walk all *n entries. */
	memcpy(out_array, &v, sizeof(v));
	*n = c->len;
	for (e = c->u.first; e != NULL; e = e->next, v += elem_size)
		if (jr_expect(r, e, JSON_OBJECT) < 0 || fn(r, e, v) < 0)
			return -1;
	return 0;
}

int jr_array_impl(const struct json_reader *r, const struct json_value *obj,
		  const char *key, size_t elem_size, jr_parse_fn fn,
		  void *out_array, size_t *n)
{
	int rc;
	const struct json_value *a =
	    get_container(r, obj, key, JSON_ARRAY, &rc);

	return a == NULL ? rc
			 : parse_elements(r, a, elem_size, fn, out_array, n);
}

int jr_map_impl(const struct json_reader *r, const struct json_value *obj,
		const char *key, size_t elem_size, jr_parse_fn fn,
		void *out_array, size_t *n)
{
	int rc;
	const struct json_value *m =
	    get_container(r, obj, key, JSON_OBJECT, &rc);

	return m == NULL ? rc
			 : parse_elements(r, m, elem_size, fn, out_array, n);
}

int jr_inline(const struct json_reader *r, const struct json_value *obj,
	      const char *key, jr_parse_fn fn, void *out, bool *has)
{
	const struct json_value *v = jr_get(obj, key);

	if (has != NULL)
		*has = v != NULL;
	if (v == NULL)
		return 0;
	if (jr_expect(r, v, JSON_OBJECT) < 0)
		return -1;
	return fn(r, v, out);
}

int jr_object_impl(const struct json_reader *r, const struct json_value *obj,
		   const char *key, size_t size, jr_parse_fn fn, void *out_ptr)
{
	const struct json_value *v = jr_get(obj, key);
	void *p;

	if (v == NULL)
		return 0;
	if (jr_expect(r, v, JSON_OBJECT) < 0)
		return -1;
	p = alloc_elements(r, 1, size);
	if (p == NULL)
		return -1;
	memcpy(out_ptr, &p, sizeof(p));
	return fn(r, v, p);
}

int jr_parse_document(const char *text, size_t len,
		      const struct json_parse_opts *opts, size_t size,
		      jr_parse_fn fn, void *out_ptr, struct jf_error *err)
{
	const struct json_reader r = {.doc = opts->doc, .err = err};
	const struct json_value *root;
	struct json_tree *tree;
	void *p;
	int rc;

	if (json_tree_parse(text, len, opts, &tree, err) < 0)
		return -1;
	root = json_tree_root(tree);
	rc = jr_expect(&r, root, JSON_OBJECT);
	if (rc == 0) {
		p = alloc_elements(&r, 1, size);
		memcpy(out_ptr, &p, sizeof(p));
		rc = p == NULL ? -1 : fn(&r, root, p);
	}
	json_tree_free(tree);
	return rc;
}
