/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jfrun's vendor annotations (DESIGN.md section 4), checked at create. */
#ifndef JF_ANNOTATIONS_H
#define JF_ANNOTATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define JF_ANN_PROC_VIRTUALIZE "org.jfrun.proc.virtualize"
#define JF_ANN_PROC_REFRESH    "org.jfrun.proc.refresh-ms"
#define JF_ANN_RSS_SOFT "org.jfrun.rss.soft"
#define JF_ANN_RSS_HARD "org.jfrun.rss.hard"
#define JF_ANN_RSS_INTERVAL "org.jfrun.rss.interval-ms"
#define JF_ANN_LOG_MAX_SIZE "org.jfrun.log.max-size"
#define JF_ANN_LOG_MAX_FILES "org.jfrun.log.max-files"
/* The shim's log (shim/log_file.h): defaults and bounds. */
#define JF_LOG_MAX_SIZE_DEFAULT (10u << 20)
#define JF_LOG_MAX_SIZE_MIN 4096u
#define JF_LOG_MAX_FILES_MAX 100u

struct jf_annotations {
	bool proc_virtualize;
	uint32_t proc_refresh_ms; /* the views' period, default 1000 */
	uint64_t rss_soft;  /* bytes, 0 = none */
	uint64_t rss_hard;  /* bytes, 0 = none */
	uint32_t rss_interval_ms;
	uint64_t log_max_size;	/* bytes, JF_LOG_MAX_SIZE_DEFAULT */
	uint32_t log_max_files; /* rotated files kept, default 1 */
};

/* Errors name the annotation: "annotations.org.jfrun.rss.hard: ...". */
int jf_annotations_parse(const struct oci_config *c, struct jf_annotations *ret,
			 struct jf_error *err);

#endif
