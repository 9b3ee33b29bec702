/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/log_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* digits of v, right-aligned in out[0..width) */
static void put_digits(char *out, unsigned long v, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* By hand, not gmtime_r + strftime + snprintf: this runs for every record,
 * and the C library's versions bring their code, tables and time zone
 * handling into the shim's resident memory (see shim/trim.h). */
void jf_log_format_time(const struct timespec *ts, char *buf, size_t size)
{
	long long days, secs, era, doe, yoe, doy, mp, y, m, d;
	char out[32];

	days = ts->tv_sec / 86400;
	secs = ts->tv_sec % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* The civil date of a day count since 1970-01-01 (proleptic
	 * Gregorian, in 400-year eras starting on March 1st). */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	/* YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ */
	memcpy(out, "0000-00-00T00:00:00.000000000Z", 31);
	put_digits(out, (unsigned long)y, 4);
	put_digits(out + 5, (unsigned long)m, 2);
	put_digits(out + 8, (unsigned long)d, 2);
	put_digits(out + 11, (unsigned long)(secs / 3600), 2);
	put_digits(out + 14, (unsigned long)(secs / 60 % 60), 2);
	put_digits(out + 17, (unsigned long)(secs % 60), 2);
	put_digits(out + 20, (unsigned long)ts->tv_nsec, 9);
	if (size == 0)
		return;
	if (size > 31)
		size = 31;
	memcpy(buf, out, size - 1);
	buf[size - 1] = '\0';
}

void jf_log_timestamp(char *buf, size_t size)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	jf_log_format_time(&ts, buf, size);
}

static int open_current(struct jf_log_file *lf, int extra_flags)
{
	struct stat st;

	lf->fd = openat(lf->dirfd, JF_LOG_NAME,
			O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC |
			    extra_flags,
			0600);
	if (lf->fd < 0)
		return -1;
	lf->size = fstat(lf->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	return 0;
}

int jf_log_file_open(struct jf_log_file *lf, int dirfd, uint64_t max_size,
		     unsigned max_files, struct jf_error *err)
{
	lf->dirfd = dirfd;
	lf->max_size = max_size;
	lf->max_files = max_files > 0 ? max_files : 1;
	/* A record never exceeds a quarter of the cap: a rotated file then
	 * holds at least 3/4 of it. */
	lf->chunk = max_size / 4 < JF_LOG_CHUNK_MAX ? (size_t)(max_size / 4)
						    : JF_LOG_CHUNK_MAX;
	lf->dropped = 0;
	lf->drop_errno = 0;
	lf->batch_len = 0;
	lf->batch_text = 0;
	if (open_current(lf, 0) < 0)
		return jf_error_errno(err, "shim: %s", JF_LOG_NAME);
	return 0;
}

void jf_log_file_close(struct jf_log_file *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}

/* container.log.N-1 -> .N, ..., container.log -> .1, a new container.log.
 * A rename over the oldest drops it. */
static void rotate(struct jf_log_file *lf)
{
	char from[32], to[32];
	struct stat st;

	/* Deleted (the directory emptied, maybe kept as a spare): nothing
	 * new goes there; the unlinked file takes the rest. */
	if (fstatat(lf->dirfd, "shim.pid", &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	for (unsigned i = lf->max_files; i > 1; i--) {
		snprintf(from, sizeof(from), JF_LOG_NAME ".%u", i - 1);
		snprintf(to, sizeof(to), JF_LOG_NAME ".%u", i);
		renameat(lf->dirfd, from, lf->dirfd, to);
	}
	snprintf(to, sizeof(to), JF_LOG_NAME ".1");
	if (renameat(lf->dirfd, JF_LOG_NAME, lf->dirfd, to) < 0)
		return; /* keep appending: better over the cap than lost */
	close(lf->fd);
	if (open_current(lf, O_TRUNC) < 0) {
		lf->fd = -1;
		lf->size = 0;
	}
}

/* The batch, whole or not at all (a torn write is cut off again). */
static int flush(struct jf_log_file *lf)
{
	size_t off = 0, n = lf->batch_len;

	lf->batch_len = 0;
	if (n == 0)
		return 0;
	if (lf->fd < 0 && open_current(lf, 0) < 0)
		goto failed;
	while (off < n) {
		ssize_t w = write(lf->fd, lf->batch + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = w < 0 ? errno : ENOSPC;
			if (off > 0 && ftruncate(lf->fd, (off_t)lf->size) < 0) {
				/* the torn records stay: nothing better */
			}
			errno = saved;
			goto failed;
		}
		off += (size_t)w;
	}
	lf->size += n;
	lf->batch_text = 0;
	return 0;
failed:
	lf->dropped += lf->batch_text;
	lf->drop_errno = errno;
	lf->batch_text = 0;
	return -1;
}

/* Into the batch; what is there first goes to the file when the record
 * would not fit the batch or the file, and the file rotates when the
 * record would not fit it. */
static void record(struct jf_log_file *lf, const char *stamp,
		   enum jf_log_stream stream, char tag, const char *text,
		   size_t len, bool output)
{
	size_t n = strlen(stamp) + 11 + len; /* " stdout F " and "\n" */
	int prefix;

	if (lf->batch_len + n > sizeof(lf->batch) ||
	    lf->size + lf->batch_len + n > lf->max_size)
		flush(lf);
	if (lf->size > 0 && lf->size + n > lf->max_size)
		rotate(lf);
	/* "<stamp> stdout|stderr <tag> " (no snprintf: see jf_log_timestamp) */
	{
		char *p = lf->batch + lf->batch_len;
		size_t sl = n - 11 - len;
		memcpy(p, stamp, sl);
		memcpy(p + sl,
		       stream == JF_LOG_STDOUT ? " stdout " : " stderr ", 8);
		p[sl + 8] = tag;
		p[sl + 9] = ' ';
		prefix = (int)sl + 10;
	}
	memcpy(lf->batch + lf->batch_len + prefix, text, len);
	lf->batch[lf->batch_len + (size_t)prefix + len] = '\n';
	lf->batch_len += (size_t)prefix + len + 1;
	if (output)
		lf->batch_text += len + (tag == 'F');
}

/* After a failure, once writing works again: how much was lost. */
static void note_dropped(struct jf_log_file *lf, const char *stamp)
{
	char msg[160];
	int len = snprintf(
	    msg, sizeof(msg), "jfrun: %llu bytes of output dropped: %s",
	    (unsigned long long)lf->dropped, strerror(lf->drop_errno));

	record(lf, stamp, JF_LOG_STDERR, 'F', msg, (size_t)len, false);
	if (flush(lf) == 0)
		lf->dropped = 0;
}

void jf_log_file_write(struct jf_log_file *lf, enum jf_log_stream stream,
		       const char *buf, size_t len)
{
	char stamp[40];

	if (len > JF_LOG_CHUNK_MAX)
		len = JF_LOG_CHUNK_MAX;
	jf_log_timestamp(stamp, sizeof(stamp));
	if (lf->dropped > 0)
		note_dropped(lf, stamp);
	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t seg = nl != NULL ? (size_t)(nl - buf) : len;
		record(lf, stamp, stream, nl != NULL ? 'F' : 'P', buf, seg,
		       true);
		if (nl == NULL)
			break;
		buf += seg + 1;
		len -= seg + 1;
	}
	flush(lf);
}
