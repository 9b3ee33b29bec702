/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the oci/ unit tests.  JSON in tests is written with
 * single quotes ('key': 'value') and turned into real JSON here, so that a
 * test reads like the config it is about.
 */
#ifndef JF_OCI_TEST_UTIL_H
#define JF_OCI_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define TEST_HELPER static __attribute__((unused))

/* The minimal valid config around a fragment of top-level members. */
#define MINIMAL_CONFIG	"'ociVersion': '1.2.0', 'root': {'path': 'rootfs'}"
#define MINIMAL_PROCESS "'args': ['sh'], 'cwd': '/'"

/* ' -> " in a static buffer (tests never need a literal '). */
TEST_HELPER const char *dq(const char *single_quoted)
{
	static char buf[1 << 16];
	size_t i;

	for (i = 0; single_quoted[i] != '\0' && i < sizeof(buf) - 1; i++)
		buf[i] = single_quoted[i] == '\'' ? '"' : single_quoted[i];
	buf[i] = '\0';
	return buf;
}

/* The error of parsing json (single quotes), or "(parsed)". */
TEST_HELPER const char *config_error(const char *json)
{
	static struct jf_error err;
	struct oci_config *c = NULL;
	const char *text = dq(json);

	if (oci_config_parse(text, strlen(text), &c, &err) == 0) {
		oci_config_free(c);
		return "(parsed)";
	}
	return err.msg;
}

/* Error of a config whose top level is MINIMAL_CONFIG plus `members`. */
TEST_HELPER const char *config_error_with(const char *members)
{
	static char json[1 << 15];

	snprintf(json, sizeof(json), "{" MINIMAL_CONFIG ", %s}", members);
	return config_error(json);
}

/* Error of a config whose process object is MINIMAL_PROCESS plus `members`. */
TEST_HELPER const char *process_error_with(const char *members)
{
	static char json[1 << 15];

	snprintf(json, sizeof(json), "'process': {" MINIMAL_PROCESS ", %s}",
		 members);
	return config_error_with(json);
}

/* Error of a config whose linux object is `members`. */
TEST_HELPER const char *linux_error_with(const char *members)
{
	static char json[1 << 15];

	snprintf(json, sizeof(json), "'linux': {%s}", members);
	return config_error_with(json);
}

/* Parses single-quoted JSON that must be valid; NULL (and a message on
 * stdout) otherwise. */
TEST_HELPER struct oci_config *config_of(const char *json)
{
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	const char *text = dq(json);

	if (oci_config_parse(text, strlen(text), &c, &err) < 0) {
		printf("# unexpected parse error: %s\n", err.msg);
		return NULL;
	}
	return c;
}

/* tests/unit/data/<name>, read whole; NULL if missing.  Found next to this
 * file so that the binary runs from any directory the build used. */
TEST_HELPER char *read_data(const char *name, size_t *len)
{
	char path[4096];
	const char *here = __FILE__;
	const char *slash = strrchr(here, '/');
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%.*sdata/%s",
		 slash ? (int)(slash - here + 1) : 0, here, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		printf("# cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf != NULL) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

#endif
