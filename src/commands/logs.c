/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `logs [-f] [--tail N] [--since T] [--timestamps] ID`: a shim's
 * container.log (and its rotated files, oldest first) as the container
 * wrote it: stdout records to stdout, stderr records to stderr, the CRI
 * prefix dropped (--timestamps keeps the time at the start of each line).
 * -f follows the log, across rotations, until the container has stopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "annotations.h"
#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "shim/log_read.h"

struct logs_opts {
	bool follow, timestamps, have_since;
	long long tail; /* -1: all */
	int64_t since_ns;
};

struct output {
	const struct logs_opts *o;
	bool mid_line[2]; /* per stream: the last record was P */
	long long skip;	  /* lines still to skip (--tail) */
	long long lines;  /* counted (the first pass of --tail) */
	bool counting;
};

static int parse_since(const char *text, int64_t *ret, struct jf_error *err)
{
	struct timespec now;
	char *end;
	double v;

	if (jf_log_parse_time(text, strlen(text), ret) == 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	errno = 0;
	v = strtod(text, &end);
	if (errno == 0 && end != text && v >= 0) {
		int64_t now_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
		double unit = 0;
		if (*end == '\0')
			unit = -1; /* seconds since the epoch */
		else if (strcmp(end, "s") == 0)
			unit = 1;
		else if (strcmp(end, "m") == 0)
			unit = 60;
		else if (strcmp(end, "h") == 0)
			unit = 3600;
		if (unit < 0) {
			*ret = (int64_t)(v * 1e9);
			return 0;
		}
		if (unit > 0) {
			*ret = now_ns - (int64_t)(v * unit * 1e9);
			return 0;
		}
	}
	return jf_error_set(
	    err, 0,
	    "logs: --since \"%s\": expected an RFC 3339 time, a "
	    "duration (10s, 5m, 2h) or seconds since the epoch",
	    text);
}

static bool selected(const struct output *out, const struct jf_log_record *rec)
{
	int64_t ns;

	if (!out->o->have_since)
		return true;
	return jf_log_parse_time(rec->stamp, rec->stamp_len, &ns) == 0 &&
	       ns >= out->o->since_ns;
}

static void emit(struct output *out, const struct jf_log_record *rec)
{
	int s = rec->stream == JF_LOG_STDERR;
	struct iovec iov[4];
	int n = 0;

	if (!selected(out, rec))
		return;
	if (out->counting) {
		out->lines += rec->full;
		out->mid_line[s] = !rec->full;
		return;
	}
	if (out->skip > 0) {
		out->skip -= rec->full;
		return;
	}
	if (out->o->timestamps && !out->mid_line[s]) {
		iov[n++] = (struct iovec){(void *)rec->stamp, rec->stamp_len};
		iov[n++] = (struct iovec){(void *)" ", 1};
	}
	iov[n++] = (struct iovec){(void *)rec->text, rec->len};
	if (rec->full)
		iov[n++] = (struct iovec){(void *)"\n", 1};
	out->mid_line[s] = !rec->full;
	/* A closed reader (`logs | head`) ends us by SIGPIPE, as cat. */
	if (writev(s ? 2 : 1, iov, n) < 0)
		return;
}

static void pump(struct output *out, struct jf_log_reader *r)
{
	struct jf_log_record rec;

	while (jf_log_reader_next(r, &rec) == 1)
		emit(out, &rec);
}

/* container.log.N .. .1, container.log: opened now, so that a rotation
 * while we read changes nothing. */
static size_t open_files(int dirfd, int *fds, size_t max)
{
	size_t n = 0;
	char name[32];

	for (unsigned i = JF_LOG_MAX_FILES_MAX; i >= 1 && n + 1 < max; i--) {
		int fd;
		snprintf(name, sizeof(name), JF_LOG_NAME ".%u", i);
		fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			fds[n++] = fd;
	}
	fds[n] = openat(dirfd, JF_LOG_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fds[n] >= 0)
		n++;
	return n;
}

/* Whether container.log was rotated away from under fd. */
static bool rotated(int dirfd, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 &&
	       (fstatat(dirfd, JF_LOG_NAME, &b, AT_SYMLINK_NOFOLLOW) < 0 ||
		a.st_ino != b.st_ino || a.st_dev != b.st_dev);
}

static int follow(struct output *out, const char *root, const char *id,
		  int dirfd, struct jf_log_reader *r)
{
	for (;;) {
		int stopped;

		pump(out, r);
		if (rotated(dirfd, r->fd)) {
			int fd = openat(dirfd, JF_LOG_NAME,
					O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0) {
				pump(out, r); /* its last records */
				close(r->fd);
				jf_log_reader_init(r, fd);
				continue;
			}
		}
		stopped = jf_container_wait_stopped(root, id, 100);
		if (stopped != 1) {
			/* Stopped (or deleted): every byte is in the log now.
			 */
			pump(out, r);
			return 0;
		}
	}
}

static int parse_opts(int argc, char **argv, struct logs_opts *o,
		      struct jf_error *err)
{
	static const struct option opts[] = {
	    {"follow", no_argument, NULL, 'f'},
	    {"tail", required_argument, NULL, 'n'},
	    {"since", required_argument, NULL, 's'},
	    {"timestamps", no_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	o->tail = -1;
	while ((ch = getopt_long(argc, argv, "+fn:t", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'f':
			o->follow = true;
			break;
		case 't':
			o->timestamps = true;
			break;
		case 'n':
			errno = 0;
			o->tail = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    o->tail < 0)
				return jf_error_set(
				    err, 0,
				    "logs: --tail \"%s\": expected a number of "
				    "lines",
				    optarg);
			break;
		case 's':
			if (parse_since(optarg, &o->since_ns, err) < 0)
				return -1;
			o->have_since = true;
			break;
		default:
			return jf_error_set(err, 0, "logs: bad option");
		}
	}
	return 0;
}

int jf_cmd_logs(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	struct logs_opts o = {0};
	struct output out = {.o = &o};
	static struct jf_log_reader r;
	int fds[JF_LOG_MAX_FILES_MAX + 1];
	struct jf_container *c;
	cleanup_close int dirfd = -1;
	const char *id;
	size_t n;
	int rc = 0;

	if (parse_opts(argc, argv, &o, err) < 0 ||
	    jf_take_id(argc, argv, "logs", &id, err) < 0 ||
	    jf_container_open_any(g->root, id, false, &c, err) < 0)
		return -1;
	dirfd = openat(c->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	jf_container_close(c);
	if (dirfd < 0)
		return jf_error_errno(err, "container \"%s\"", id);
	n = open_files(dirfd, fds, sizeof(fds) / sizeof(fds[0]));
	if (n == 0)
		return jf_error_set(
		    err, ENOENT,
		    "container \"%s\" has no log (only containers run "
		    "with `jfrun run -d` have one)",
		    id);
	if (o.tail >= 0) {
		out.counting = true;
		for (size_t i = 0; i < n; i++) {
			jf_log_reader_init(&r, fds[i]);
			pump(&out, &r);
			lseek(fds[i], 0, SEEK_SET);
		}
		out.lines += out.mid_line[0] + out.mid_line[1];
		out.skip = out.lines > o.tail ? out.lines - o.tail : 0;
		out.counting = false;
		out.mid_line[0] = out.mid_line[1] = false;
	}
	for (size_t i = 0; i < n; i++) {
		jf_log_reader_init(&r, fds[i]);
		pump(&out, &r);
		if (i + 1 < n || !o.follow)
			close(fds[i]);
	}
	if (o.follow) {
		rc = follow(&out, g->root, id, dirfd, &r);
		close(r.fd);
	}
	return rc;
}
