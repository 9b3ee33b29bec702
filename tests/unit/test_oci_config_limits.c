/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile or broken input: oci_config_parse refuses it with a clear
 * message, without crashing or leaking, and where it stops shows that it
 * did not read on (no timing here: speed is for `make bench`).
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "oci_test_util.h"
#include "unit.h"

/* Parses len bytes that must fail; returns the message (static). */
static const char *raw_error(const char *text, size_t len)
{
	static struct jf_error err;
	struct oci_config *c = NULL;
	int rc = oci_config_parse(text, len, &c, &err);

	if (rc == 0) {
		oci_config_free(c);
		return "(parsed)";
	}
	return err.msg;
}

/* `open` repeated n times, then the rest of a config. */
static char *nested(const char *open, size_t n, const char *tail)
{
	size_t olen = strlen(open), tlen = strlen(tail);
	char *buf = malloc(olen * n + tlen + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * olen, open, olen);
	memcpy(buf + olen * n, tail, tlen + 1);
	return buf;
}

static void test_deep_array_nesting_is_refused(const char *name)
{
	char *text = nested("[", 100000, "");
	const char *msg = raw_error(text, strlen(text));

	free(text);
	CHECK(strstr(msg, "nested deeper than 64 levels") != NULL);
	CHECK(strncmp(msg, "config.json: [0][0][0]", 22) == 0);
}

static void test_deep_object_nesting_is_refused(const char *name)
{
	char *text = nested("{\"a\":", 100000, "1");
	const char *msg = raw_error(text, strlen(text));

	free(text);
	CHECK(strstr(msg, ": nested deeper than 64 levels") != NULL);
	CHECK(strncmp(msg, "config.json: a.a.a.a", 20) == 0);
}

/* {"x": [[...]]} with `depth` containers in all. */
static const char *error_at_depth(int depth)
{
	char *arrays = nested("[", (size_t)depth - 1, "");
	char *closes = nested("]", (size_t)depth - 1, "");
	static char json[1024];

	snprintf(json, sizeof(json), "{" MINIMAL_CONFIG ", 'x': %s%s}", arrays,
		 closes);
	free(arrays);
	free(closes);
	return config_error(json);
}

static void test_nesting_at_the_bound_is_accepted(const char *name)
{
	CHECK_STR(error_at_depth(OCI_CONFIG_MAX_DEPTH), "(parsed)");
	CHECK(strstr(error_at_depth(OCI_CONFIG_MAX_DEPTH + 1),
		     "nested deeper than 64 levels") != NULL);
}

static void test_input_over_16_mib_is_refused(const char *name)
{
	size_t len = OCI_CONFIG_MAX_BYTES + 1;
	char *text = malloc(len);
	const char *head = dq("{" MINIMAL_CONFIG "}");

	memset(text, ' ', len);
	memcpy(text, head, strlen(head));
	CHECK_STR(raw_error(text, len),
		  "config.json: 16777217 bytes, more than the limit of "
		  "16777216");
	free(text);
}

static void test_file_over_16_mib_is_refused_before_reading(const char *name)
{
	char path[] = "/tmp/jfrun-test-huge-XXXXXX";
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	int fd = mkstemp(path);
	int rc;

	CHECK(fd >= 0);
	/* 100 MB, sparse: the size in the message comes from stat (a read
	 * would have stopped at 16777217 bytes). */
	CHECK(ftruncate(fd, 100 * 1000 * 1000) == 0);
	close(fd);
	rc = oci_config_parse_file(path, &c, &err);
	unlink(path);
	CHECK(rc < 0);
	CHECK(strstr(err.msg, ": 100000000 bytes, more than the limit of "
			      "16777216") != NULL);
	CHECK(strncmp(err.msg, path, strlen(path)) == 0);
}

static void test_pipe_over_16_mib_is_refused(const char *name)
{
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	int fds[2];
	pid_t pid;
	char path[64];

	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		static char block[65536];

		close(fds[0]);
		memset(block, ' ', sizeof(block));
		while (write(fds[1], block, sizeof(block)) > 0)
			;
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	CHECK(oci_config_parse_file(path, &c, &err) < 0);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	CHECK_STR(err.msg, "config.json: 16777217 bytes, more than the limit "
			   "of 16777216");
}

/* {MINIMAL, "linux": {"maskedPaths": ["/p", ... n times]}} */
static char *masked_paths(size_t n)
{
	char *items = nested("\"/p\",", n, "\"/p\"]}}");
	const char *head =
	    dq("{" MINIMAL_CONFIG ", 'linux': {'maskedPaths': [");
	char *text = malloc(strlen(head) + strlen(items) + 1);

	strcpy(text, head);
	strcat(text, items);
	free(items);
	return text;
}

static void test_array_over_the_bound_is_refused(const char *name)
{
	char *text = masked_paths(OCI_CONFIG_MAX_ARRAY); /* one too many */

	CHECK_STR(raw_error(text, strlen(text)),
		  "config.json: linux.maskedPaths: more than 65536 elements");
	free(text);
}

static void test_array_at_the_bound_is_accepted(const char *name)
{
	char *text = masked_paths(OCI_CONFIG_MAX_ARRAY - 1);
	struct jf_error err = {0};
	struct oci_config *c = NULL;

	CHECK(oci_config_parse(text, strlen(text), &c, &err) == 0);
	free(text);
	CHECK(c->linux_->n_masked_paths == OCI_CONFIG_MAX_ARRAY);
	oci_config_free(c);
}

static void test_object_over_the_bound_is_refused(const char *name)
{
	size_t n = OCI_CONFIG_MAX_ARRAY + 1, len = 0;
	char *text = malloc(n * 16 + 256);

	len +=
	    (size_t)sprintf(text, "{\"ociVersion\": \"1\", \"annotations\": {");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%s\"k%zu\": \"\"",
				       i ? "," : "", i);
	strcpy(text + len, "}}");
	CHECK_STR(raw_error(text, strlen(text)),
		  "config.json: annotations: more than 65536 members");
	free(text);
}

static void test_too_many_values_in_all_are_refused(const char *name)
{
	/* 17 arrays of 65536 zeros: each within bounds, together too many. */
	char *zeros = nested("0,", OCI_CONFIG_MAX_ARRAY - 1, "0]");
	size_t zlen = strlen(zeros), len = 0;
	char *text = malloc(17 * (zlen + 2) + 64);

	len += (size_t)sprintf(text, "{\"x\": [");
	for (int i = 0; i < 17; i++)
		len +=
		    (size_t)sprintf(text + len, "%s[%s", i ? "," : "", zeros);
	strcpy(text + len, "]}");
	free(zeros);
	CHECK_STR(raw_error(text, strlen(text)),
		  "config.json: more than 262144 values");
	free(text);
}

static void test_truncated_json_is_an_error(const char *name)
{
	size_t len = 0;
	char *text = read_data("full-config.json", &len);

	CHECK(text != NULL);
	for (size_t cut = 0; cut < len - 2; cut += 7)
		if (strstr(raw_error(text, cut), "invalid JSON") ==
		    NULL) {
			free(text);
			UNIT_FAIL(name, "cut at %zu parsed", cut);
		}
	free(text);
	CHECK_STR(raw_error("{", 1),
		  "config.json: invalid JSON at byte 1: parse error: premature "
		  "EOF");
	CHECK_STR(raw_error("", 0),
		  "config.json: invalid JSON at byte 0: parse error: premature "
		  "EOF");
}

static void test_invalid_utf8_is_an_error(const char *name)
{
	const char *text = dq("{" MINIMAL_CONFIG ", 'hostname': 'a\xff'}");

	CHECK(strstr(raw_error(text, strlen(text)),
		     "invalid bytes in UTF8 string") != NULL);
	text = dq("{" MINIMAL_CONFIG ", 'x\xc3': 1}");
	CHECK(strstr(raw_error(text, strlen(text)), "invalid JSON") !=
	      NULL);
}

static void test_garbage_is_an_error(const char *name)
{
	static const char *const bad[] = {
	    "hello",
	    "{} {}",
	    "{\"ociVersion\": \"1\"} x",
	    "/* comment */ {}",
	    "{'a' 1}",
	    "{\"a\": 01}",
	    "\x01\x02\x03",
	    "[1, 2,]",
	    "{\"a\": NaN}",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = raw_error(bad[i], strlen(bad[i]));

		if (strncmp(msg, "config.json: invalid JSON at byte ", 34) != 0)
			UNIT_FAIL(name, "input %zu: %s", i, msg);
	}
	CHECK_STR(raw_error("{} x", 4),
		  "config.json: invalid JSON at byte 4: parse error: trailing "
		  "garbage");
}

static void test_input_needs_no_terminating_nul(const char *name)
{
	const char *json = dq("{" MINIMAL_CONFIG "}");
	size_t len = strlen(json);
	char *exact = malloc(len); /* ASan catches a read past the end */
	struct jf_error err = {0};
	struct oci_config *c = NULL;

	memcpy(exact, json, len);
	CHECK(oci_config_parse(exact, len, &c, &err) == 0);
	free(exact);
	oci_config_free(c);
}

int main(void)
{
	RUN(test_deep_array_nesting_is_refused);
	RUN(test_deep_object_nesting_is_refused);
	RUN(test_nesting_at_the_bound_is_accepted);
	RUN(test_input_over_16_mib_is_refused);
	RUN(test_file_over_16_mib_is_refused_before_reading);
	RUN(test_pipe_over_16_mib_is_refused);
	RUN(test_array_over_the_bound_is_refused);
	RUN(test_array_at_the_bound_is_accepted);
	RUN(test_object_over_the_bound_is_refused);
	RUN(test_too_many_values_in_all_are_refused);
	RUN(test_truncated_json_is_an_error);
	RUN(test_invalid_utf8_is_an_error);
	RUN(test_garbage_is_an_error);
	RUN(test_input_needs_no_terminating_nul);
	UNIT_EXIT();
}
