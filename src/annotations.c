/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "annotations.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "size.h"

/* The shim's log: its size cap and how many rotated files it keeps. */
static int parse_log(const struct oci_config *c, struct jf_annotations *ret,
		     struct jf_error *err)
{
	const char *v;

	ret->log_max_size = JF_LOG_MAX_SIZE_DEFAULT;
	ret->log_max_files = 1;
	v = oci_annotation(c, JF_ANN_LOG_MAX_SIZE);
	if (v != NULL && (jf_parse_size(v, &ret->log_max_size) < 0 ||
			  ret->log_max_size < JF_LOG_MAX_SIZE_MIN))
		return jf_error_set(
		    err, 0,
		    "annotations.%s: \"%s\" is not a size of at least %u "
		    "bytes (bytes, K/M/G suffix)",
		    JF_ANN_LOG_MAX_SIZE, v, JF_LOG_MAX_SIZE_MIN);
	v = oci_annotation(c, JF_ANN_LOG_MAX_FILES);
	if (v != NULL) {
		char *end;
		unsigned long n;
		errno = 0;
		n = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || end == v || *v < '0' ||
		    *v > '9' || n == 0 || n > JF_LOG_MAX_FILES_MAX)
			return jf_error_set(
			    err, 0,
			    "annotations.%s: \"%s\" is not a count of "
			    "rotated files (1-%u)",
			    JF_ANN_LOG_MAX_FILES, v, JF_LOG_MAX_FILES_MAX);
		ret->log_max_files = (uint32_t)n;
	}
	return 0;
}

int jf_annotations_parse(const struct oci_config *c, struct jf_annotations *ret,
			 struct jf_error *err)
{
	const char *v;

	memset(ret, 0, sizeof(*ret));
	ret->rss_interval_ms = 100;
	v = oci_annotation(c, JF_ANN_PROC_VIRTUALIZE);
	if (v != NULL) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return jf_error_set(err, 0,
					    "annotations.%s: expected \"true\" or \"false\", got \"%s\"",
					    JF_ANN_PROC_VIRTUALIZE, v);
		ret->proc_virtualize = strcmp(v, "true") == 0;
	}
	ret->proc_refresh_ms = 1000;
	v = oci_annotation(c, JF_ANN_PROC_REFRESH);
	if (v != NULL) {
		char *end;
		unsigned long ms;
		errno = 0;
		ms = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || end == v || ms < 10 ||
		    ms > 3600000)
			return jf_error_set(err, 0,
					    "annotations.%s: \"%s\" is not a "
					    "period in ms (10-3600000)",
					    JF_ANN_PROC_REFRESH, v);
		ret->proc_refresh_ms = (uint32_t)ms;
	}
	v = oci_annotation(c, JF_ANN_RSS_SOFT);
	if (v != NULL && (jf_parse_size(v, &ret->rss_soft) < 0 || ret->rss_soft == 0))
		return jf_error_set(err, 0,
				    "annotations.%s: \"%s\" is not a size (bytes, K/M/G suffix)",
				    JF_ANN_RSS_SOFT, v);
	v = oci_annotation(c, JF_ANN_RSS_HARD);
	if (v != NULL && (jf_parse_size(v, &ret->rss_hard) < 0 || ret->rss_hard == 0))
		return jf_error_set(err, 0,
				    "annotations.%s: \"%s\" is not a size (bytes, K/M/G suffix)",
				    JF_ANN_RSS_HARD, v);
	if (ret->rss_soft && ret->rss_hard && ret->rss_soft > ret->rss_hard)
		return jf_error_set(err, 0, "annotations.%s: larger than %s",
				    JF_ANN_RSS_SOFT, JF_ANN_RSS_HARD);
	v = oci_annotation(c, JF_ANN_RSS_INTERVAL);
	if (v != NULL) {
		char *end;
		unsigned long ms;
		errno = 0;
		ms = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || end == v || ms == 0 || ms > 3600000)
			return jf_error_set(err, 0,
					    "annotations.%s: \"%s\" is not a period in ms (1-3600000)",
					    JF_ANN_RSS_INTERVAL, v);
		ret->rss_interval_ms = (uint32_t)ms;
	}
	return parse_log(c, ret, err);
}
