/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"

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

/* JSON string escaping for the few characters a message may contain. */
static void json_escape(char *out, size_t size, const char *in)
{
	size_t o = 0;

	for (; *in != '\0' && o + 7 < size; in++) {
		unsigned char ch = (unsigned char)*in;
		if (ch == '"' || ch == '\\') {
			out[o++] = '\\';
			out[o++] = (char)ch;
		} else if (ch < 0x20) {
			o += snprintf(out + o, size - o, "\\u%04x", ch);
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
}

static void write_log_file(const char *level, const char *msg)
{
	char line[4 * JF_ERROR_MSG_MAX];
	char escaped[3 * JF_ERROR_MSG_MAX];
	char stamp[64];
	int n;

	if (log_fd < 0)
		return;
	jf_rfc3339_now(stamp, sizeof(stamp));
	if (log_format == JF_LOG_JSON) {
		json_escape(escaped, sizeof(escaped), msg);
		n = snprintf(line, sizeof(line),
			     "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s\"}\n",
			     level, escaped, stamp);
	} else {
		n = snprintf(line, sizeof(line), "%s %s: %s\n", stamp, level,
			     msg);
	}
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
