/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's log, <root>/<id>/container.log, in the CRI "k8s-file"
 * format: one record a line,
 *
 *	<RFC3339Nano> stdout|stderr F|P <text>
 *
 * A record holds at most one read of a pipe (8 KiB; less under a small
 * cap): P when its text does not end a line, F when it does (the newline
 * itself is not written).  Concatenating a stream's records, with a
 * newline after each F, gives back the stream byte for byte.
 *
 * Past org.jfrun.log.max-size the file rotates (container.log.1, .2, ...
 * up to org.jfrun.log.max-files, the oldest dropped): never truncated, so
 * the bytes on disk stay <= max-size x (max-files + 1) and the newest
 * max-size/2 bytes are always there.  A write that fails (a full disk)
 * loses that record only: the bytes are counted and, once a write works
 * again, a stderr record says how many were dropped.  Memory is one
 * fixed buffer of records, whatever the volume.
 */
#ifndef JF_SHIM_LOG_FILE_H
#define JF_SHIM_LOG_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define JF_LOG_NAME	 "container.log"
#define JF_LOG_CHUNK_MAX 8192
/* Timestamp, stream, tag and separators, with room to spare. */
#define JF_LOG_PREFIX_MAX 64
/* Records are gathered up to this much, then written at once. */
#define JF_LOG_BATCH (64 * 1024)

enum jf_log_stream { JF_LOG_STDOUT, JF_LOG_STDERR };

struct jf_log_file {
	int dirfd; /* the state dir (not owned) */
	int fd;	   /* container.log */
	uint64_t size, max_size;
	unsigned max_files;
	size_t chunk; /* the most text in one record */
	uint64_t dropped;
	int drop_errno;
	/* The records of one read, written with one write() (whole ones,
	 * and never across a rotation). */
	size_t batch_len;
	uint64_t batch_text; /* the container's bytes in it */
	char batch[JF_LOG_BATCH];
};

/* Create (or append to) container.log in dirfd. */
int jf_log_file_open(struct jf_log_file *lf, int dirfd, uint64_t max_size,
		     unsigned max_files, struct jf_error *err);
void jf_log_file_close(struct jf_log_file *lf);

/* One read of a stream (at most lf->chunk bytes): its records. */
void jf_log_file_write(struct jf_log_file *lf, enum jf_log_stream stream,
		       const char *buf, size_t len);

/* "2026-01-02T03:04:05.123456789Z" (31 bytes with the NUL): now, or ts
 * (years 0 to 9999). */
void jf_log_timestamp(char *buf, size_t size);
struct timespec;
void jf_log_format_time(const struct timespec *ts, char *buf, size_t size);

#endif
