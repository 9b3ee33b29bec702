/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"
#include "json_write.h"

static int log_fd = -1;
static enum jf_log_format log_format = JF_LOG_TEXT;
static bool log_debug;

void jf_log_init(const char *path, enum jf_log_format format, bool debug)
{
	log_format = format;
	log_debug = debug;
	if (path != NULL && *path != '\0')
		log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* {"level":L,"msg":M,"time":T}, as runc's logrus writes it; malloc'd. */
static char *json_line(const char *level, const char *msg, const char *stamp,
		       size_t *ret_len)
{
	struct json_writer w;
	struct jf_error ignored;
	char *line = NULL;

	jw_init(&w, NULL);
	jw_object_open(&w);
	jw_member_string(&w, "level", level);
	jw_member_string(&w, "msg", msg);
	jw_member_string(&w, "time", stamp);
	jw_object_close(&w);
	return jw_finish(&w, &line, ret_len, &ignored) == 0 ? line : NULL;
}

static void write_log_file(const char *level, const char *msg)
{
	char line[4 * JF_ERROR_MSG_MAX];
	char *json;
	char stamp[64];
	size_t len;
	int n;

	if (log_fd < 0)
		return;
	jf_rfc3339_now(stamp, sizeof(stamp));
	if (log_format == JF_LOG_JSON) {
		json = json_line(level, msg, stamp, &len);
		if (json != NULL && write(log_fd, json, len) < 0) {
			/* nowhere left to say it */
		}
		free(json);
		return;
	}
	n = snprintf(line, sizeof(line), "%s %s: %s\n", stamp, level, msg);
	if (n > 0 && write(log_fd, line, strnlen(line, sizeof(line))) < 0)
		return;
}

static void vlog(const char *level, bool to_stderr, const char *fmt,
		 va_list ap)
{
	char msg[JF_ERROR_MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (to_stderr)
		fprintf(stderr, "jfrun: %s%s\n",
			strcmp(level, "warning") == 0 ? "warning: " : "", msg);
	write_log_file(level, msg);
}

void jf_log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

void jf_log_error(const struct jf_error *err)
{
	fprintf(stderr, "jfrun: %s\n", err->msg);
	write_log_file("error", err->msg);
}

void jf_log_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning", true, fmt, ap);
	va_end(ap);
}

void jf_log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug)
		return;
	va_start(ap, fmt);
	vlog("debug", log_fd < 0, fmt, ap);
	va_end(ap);
}
