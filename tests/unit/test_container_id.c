/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Container ids: runc's rule ^[\w+-\.]+$, no leading '.', at most 1024 bytes.
 */
#include <string.h>

#include "container_id.h"
#include "unit.h"

static const char *error_of(const char *id)
{
	static struct jf_error err;

	memset(&err, 0, sizeof(err));
	return jf_container_id_validate(id, &err) == 0 ? "(valid)" : err.msg;
}

static void test_ids_of_the_rule_are_valid(const char *name)
{
	static const char *const ok[] = {
	    "c1",
	    "a.b",
	    "A_b-c+d",
	    "0",
	    "x..y",
	    "a.",
	    "-dash",
	    "+plus",
	    /* what podman, containerd and docker use */
	    "4f6c0a8e2b1d9f3a7c5e",
	    "k8s.io_pod-123",
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		CHECK_STR(error_of(ok[i]), "(valid)");
}

static void test_error_says_the_rule(const char *name)
{
	CHECK_STR(error_of("a\"b"),
		  "container id: '\"' (byte 2) is not allowed: " JF_ID_RULE);
}

/* Characters that would break a path, a unit name or JSON. */
static void test_characters_outside_the_rule_are_refused(const char *name)
{
	static const char *const bad[] = {
	    "a\"b",  "a\\b",	    "a/b",  "a b",  "a,b", "a:b",
	    "a@b",   "a$b",	    "a*b",  "a'b",  "a;b", "a%b",
	    "a\x7f", "caf\xc3\xa9", "a\tb", "a\nb",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = error_of(bad[i]);

		if (strstr(msg, JF_ID_RULE) == NULL)
			UNIT_FAIL(name, "id %zu accepted or unclear: %s", i,
				  msg);
	}
}

/* Bytes that are not printable are not echoed. */
static void test_control_bytes_are_shown_as_hex(const char *name)
{
	CHECK_STR(error_of("ab\ncd"),
		  "container id: byte 3 (0x0a) is not allowed: " JF_ID_RULE);
}

static void test_dot_names_are_refused(const char *name)
{
	CHECK_STR(error_of("."),
		  "container id \".\": starts with '.': " JF_ID_RULE);
	CHECK_STR(error_of(".."),
		  "container id \"..\": starts with '.': " JF_ID_RULE);
	/* jfrun's own hidden names under --root (.spare-N) start with '.'. */
	CHECK_STR(error_of(".spare-0"),
		  "container id \".spare-0\": starts with '.': " JF_ID_RULE);
}

static void test_empty_and_long_ids_are_refused(const char *name)
{
	char id[JF_ID_MAX + 2];

	CHECK_STR(error_of(""), "container id: must not be empty: " JF_ID_RULE);
	CHECK_STR(error_of(NULL),
		  "container id: must not be empty: " JF_ID_RULE);
	memset(id, 'a', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	CHECK_STR(error_of(id),
		  "container id: longer than 1024 bytes: " JF_ID_RULE);
	id[JF_ID_MAX] = '\0';
	CHECK_STR(error_of(id), "(valid)");
}

int main(void)
{
	RUN(test_ids_of_the_rule_are_valid);
	RUN(test_error_says_the_rule);
	RUN(test_characters_outside_the_rule_are_refused);
	RUN(test_control_bytes_are_shown_as_hex);
	RUN(test_dot_names_are_refused);
	RUN(test_empty_and_long_ids_are_refused);
	UNIT_EXIT();
}
