/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading container.log and its rotated files back (shim/log_file.h has
 * the format): record by record, from an fd, with a bounded buffer; a
 * record still being written (no newline yet) is left for the next call.
 */
#ifndef JF_SHIM_LOG_READ_H
#define JF_SHIM_LOG_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shim/log_file.h"

struct jf_log_record {
	const char *stamp; /* RFC 3339 */
	size_t stamp_len;
	enum jf_log_stream stream;
	bool full; /* F: the text ends a line */
	const char *text;
	size_t len;
};

struct jf_log_reader {
	int fd;
	size_t start, end; /* unread bytes: buf[start, end) */
	char buf[2 * (JF_LOG_PREFIX_MAX + JF_LOG_CHUNK_MAX)];
};

void jf_log_reader_init(struct jf_log_reader *r, int fd);
/* 1: a record (valid until the next call); 0: none complete now. */
int jf_log_reader_next(struct jf_log_reader *r, struct jf_log_record *rec);

/* A record's line parsed (no newline); -1 when it is not one. */
int jf_log_record_parse(const char *line, size_t len,
			struct jf_log_record *rec);

/* "2026-01-02T03:04:05.5Z", "...+02:00": nanoseconds since the epoch. */
int jf_log_parse_time(const char *text, size_t len, int64_t *ret_ns);

#endif
