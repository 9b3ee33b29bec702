/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where jfrun's messages go: stderr as "jfrun: <msg>", and, with --log, a
 * file in text or JSON-lines form (what containerd and podman read back).
 */
#ifndef JF_LOG_H
#define JF_LOG_H

#include <stdbool.h>

#include "error.h"

enum jf_log_format { JF_LOG_TEXT, JF_LOG_JSON };

/* Called once from main after the global options. */
void jf_log_init(const char *path, enum jf_log_format format, bool debug);

/* Stop writing to --log's file (a detached shim holds nothing of its
 * caller's). */
void jf_log_close(void);
void jf_log_error(const struct jf_error *err);
void jf_log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void jf_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
