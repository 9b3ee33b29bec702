/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/log_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void jf_log_reader_init(struct jf_log_reader *r, int fd)
{
	r->fd = fd;
	r->start = r->end = 0;
}

int jf_log_record_parse(const char *line, size_t len, struct jf_log_record *rec)
{
	const char *sp = memchr(line, ' ', len);
	size_t at;

	if (sp == NULL)
		return -1;
	rec->stamp = line;
	rec->stamp_len = (size_t)(sp - line);
	at = rec->stamp_len + 1;
	if (len >= at + 9 && memcmp(line + at, "stdout ", 7) == 0)
		rec->stream = JF_LOG_STDOUT;
	else if (len >= at + 9 && memcmp(line + at, "stderr ", 7) == 0)
		rec->stream = JF_LOG_STDERR;
	else
		return -1;
	at += 7;
	if ((line[at] != 'F' && line[at] != 'P') ||
	    (len > at + 1 && line[at + 1] != ' '))
		return -1;
	rec->full = line[at] == 'F';
	at += 2;
	rec->text = line + (at < len ? at : len);
	rec->len = at < len ? len - at : 0;
	return 0;
}

int jf_log_reader_next(struct jf_log_reader *r, struct jf_log_record *rec)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		ssize_t n;

		if (nl != NULL) {
			char *line = r->buf + r->start;
			size_t len = (size_t)(nl - line);
			r->start += len + 1;
			if (jf_log_record_parse(line, len, rec) == 0)
				return 1;
			continue; /* not a record: skipped */
		}
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == sizeof(r->buf))
			r->end = 0; /* longer than any record: skipped */
		n = read(r->fd, r->buf + r->end, sizeof(r->buf) - r->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		r->end += (size_t)n;
	}
}

static int digits(const char *p, int n, int *ret)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*ret = v;
	return 0;
}

int jf_log_parse_time(const char *text, size_t len, int64_t *ret_ns)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, s, oh, om;
	int64_t ns = 0, scale = 100000000;
	size_t at = 19;
	time_t t;

	if (len < 20 || text[4] != '-' || text[7] != '-' ||
	    (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
	    text[13] != ':' || text[16] != ':' || digits(text, 4, &y) < 0 ||
	    digits(text + 5, 2, &mo) < 0 || digits(text + 8, 2, &d) < 0 ||
	    digits(text + 11, 2, &h) < 0 || digits(text + 14, 2, &mi) < 0 ||
	    digits(text + 17, 2, &s) < 0)
		return -1;
	if (text[at] == '.') {
		for (at++; at < len && text[at] >= '0' && text[at] <= '9';
		     at++) {
			ns += (text[at] - '0') * scale;
			scale /= 10;
		}
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	if (at + 1 == len && (text[at] == 'Z' || text[at] == 'z')) {
		/* UTC */
	} else if (at + 6 == len && (text[at] == '+' || text[at] == '-') &&
		   text[at + 3] == ':' && digits(text + at + 1, 2, &oh) == 0 &&
		   digits(text + at + 4, 2, &om) == 0) {
		t -= (text[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	} else {
		return -1;
	}
	*ret_ns = (int64_t)t * 1000000000 + ns;
	return 0;
}
