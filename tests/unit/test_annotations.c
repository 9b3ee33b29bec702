/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jfrun's vendor annotations (src/annotations.h): sizes, bounds, errors
 * that name the annotation. */
#include <stdint.h>
#include <string.h>

#include "annotations.h"
#include "oci_test_util.h"
#include "size.h"
#include "unit.h"

/* jf_parse_size (src/base/size.h) of text, as a string: the bytes or
 * "(refused)". */
static const char *size_of(const char *text)
{
	static char buf[32];
	uint64_t v = 0;

	if (jf_parse_size(text, &v) < 0)
		return "(refused)";
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return buf;
}

static void test_sizes_with_suffixes_are_powers_of_1024(const char *name)
{
	CHECK_STR(size_of("0"), "0");
	CHECK_STR(size_of("512"), "512");
	CHECK_STR(size_of("1K"), "1024");
	CHECK_STR(size_of("1k"), "1024");
	CHECK_STR(size_of("3M"), "3145728");
	CHECK_STR(size_of("2G"), "2147483648");
	CHECK_STR(size_of("1T"), "1099511627776");
	/* A trailing B, as in "1KB" or "512b". */
	CHECK_STR(size_of("1KB"), "1024");
	CHECK_STR(size_of("512b"), "512");
	CHECK_STR(size_of("18446744073709551615"), "18446744073709551615");
	/* runc's rules (src/base/size.h), shared with `update`: a fraction,
	 * an "i", one space before the (optional) unit. */
	CHECK_STR(size_of("1.5M"), "1572864");
	CHECK_STR(size_of("1KiB"), "1024");
	CHECK_STR(size_of("1 K"), "1024");
	CHECK_STR(size_of("1 "), "1");
}

static void test_sizes_that_are_not_sizes_are_refused(const char *name)
{
	static const char *const bad[] = {
	    "",	   "K",	   "-1",   "+1",  " 1",	  "1X",
	    "1KK", "0x10", "1BB", "M1", "1e3", "1  K",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strcmp(size_of(bad[i]), "(refused)") != 0)
			UNIT_FAIL(name, "\"%s\" accepted as %s", bad[i],
				  size_of(bad[i]));
	CHECK(jf_parse_size(NULL, &(uint64_t){0}) < 0);
}

/* Past 2^64 - 1: refused, never wrapped to a small limit. */
static void test_sizes_that_overflow_are_refused(const char *name)
{
	CHECK_STR(size_of("18446744073709551616"), "(refused)");
	CHECK_STR(size_of("16777216T"), "(refused)");
	CHECK_STR(size_of("16777215T"), "18446742974197923840");
	CHECK_STR(size_of("17179869184G"), "(refused)");
}

/* The annotations of a minimal config with `members` in "annotations". */
static const char *parse_error(const char *members, struct jf_annotations *ret)
{
	static char json[4096];
	static struct jf_error err;
	struct oci_config *c;
	int r;

	snprintf(json, sizeof(json),
		 "{" MINIMAL_CONFIG ", 'annotations': {%s}}", members);
	c = config_of(json);
	if (c == NULL)
		return "(config not parsed)";
	memset(&err, 0, sizeof(err));
	r = jf_annotations_parse(c, ret, &err);
	oci_config_free(c);
	return r == 0 ? "(parsed)" : err.msg;
}

static void test_defaults_without_annotations(const char *name)
{
	struct jf_annotations a;

	CHECK_STR(parse_error("'other': 'x'", &a), "(parsed)");
	CHECK(!a.proc_virtualize);
	CHECK(a.rss_soft == 0 && a.rss_hard == 0);
	CHECK(a.rss_interval_ms == 100);
	CHECK(a.log_max_size == JF_LOG_MAX_SIZE_DEFAULT);
	CHECK(a.log_max_files == 1);
}

static void test_values_are_taken(const char *name)
{
	struct jf_annotations a;

	CHECK_STR(parse_error("'org.jfrun.proc.virtualize': 'true', "
			      "'org.jfrun.rss.soft': '64M', "
			      "'org.jfrun.rss.hard': '128M', "
			      "'org.jfrun.rss.interval-ms': '250', "
			      "'org.jfrun.log.max-size': '1M', "
			      "'org.jfrun.log.max-files': '3'",
			      &a),
		  "(parsed)");
	CHECK(a.proc_virtualize);
	CHECK(a.rss_soft == 64u << 20);
	CHECK(a.rss_hard == 128u << 20);
	CHECK(a.rss_interval_ms == 250);
	CHECK(a.log_max_size == 1u << 20);
	CHECK(a.log_max_files == 3);
	CHECK_STR(parse_error("'org.jfrun.proc.virtualize': 'false'", &a),
		  "(parsed)");
	CHECK(!a.proc_virtualize);
}

/* Each malformed value: an error that names the annotation and the value. */
static void test_errors_name_the_annotation(const char *name)
{
	struct jf_annotations a;

	CHECK_STR(parse_error("'org.jfrun.proc.virtualize': 'yes'", &a),
		  "annotations.org.jfrun.proc.virtualize: expected \"true\" or "
		  "\"false\", got \"yes\"");
	CHECK_STR(parse_error("'org.jfrun.rss.soft': '10X'", &a),
		  "annotations.org.jfrun.rss.soft: \"10X\" is not a size "
		  "(bytes, K/M/G suffix)");
	CHECK_STR(parse_error("'org.jfrun.rss.hard': '0'", &a),
		  "annotations.org.jfrun.rss.hard: \"0\" is not a size (bytes, "
		  "K/M/G suffix)");
	CHECK_STR(parse_error("'org.jfrun.rss.soft': '2G', "
			      "'org.jfrun.rss.hard': '1G'",
			      &a),
		  "annotations.org.jfrun.rss.soft: larger than "
		  "org.jfrun.rss.hard");
	CHECK_STR(
	    parse_error("'org.jfrun.rss.interval-ms': '0'", &a),
	    "annotations.org.jfrun.rss.interval-ms: \"0\" is not a period "
	    "in ms (1-3600000)");
	CHECK_STR(parse_error("'org.jfrun.rss.interval-ms': '3600001'", &a),
		  "annotations.org.jfrun.rss.interval-ms: \"3600001\" is not a "
		  "period in ms (1-3600000)");
	CHECK_STR(
	    parse_error("'org.jfrun.log.max-size': '4095'", &a),
	    "annotations.org.jfrun.log.max-size: \"4095\" is not a size of "
	    "at least 4096 bytes (bytes, K/M/G suffix)");
	CHECK_STR(
	    parse_error("'org.jfrun.log.max-files': '0'", &a),
	    "annotations.org.jfrun.log.max-files: \"0\" is not a count of "
	    "rotated files (1-100)");
	CHECK_STR(
	    parse_error("'org.jfrun.log.max-files': '-1'", &a),
	    "annotations.org.jfrun.log.max-files: \"-1\" is not a count of "
	    "rotated files (1-100)");
}

/* The bounds themselves are accepted. */
static void test_bounds_are_accepted(const char *name)
{
	struct jf_annotations a;

	CHECK_STR(parse_error("'org.jfrun.rss.interval-ms': '3600000', "
			      "'org.jfrun.log.max-size': '4096', "
			      "'org.jfrun.log.max-files': '100', "
			      "'org.jfrun.rss.soft': '1G', "
			      "'org.jfrun.rss.hard': '1G'",
			      &a),
		  "(parsed)");
	CHECK(a.rss_interval_ms == 3600000 && a.log_max_size == 4096 &&
	      a.log_max_files == 100 && a.rss_soft == a.rss_hard);
}

int main(void)
{
	RUN(test_sizes_with_suffixes_are_powers_of_1024);
	RUN(test_sizes_that_are_not_sizes_are_refused);
	RUN(test_sizes_that_overflow_are_refused);
	RUN(test_defaults_without_annotations);
	RUN(test_values_are_taken);
	RUN(test_errors_name_the_annotation);
	RUN(test_bounds_are_accepted);
	UNIT_EXIT();
}
