/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shim's log: records written by shim/log_file.c, read back by
 * shim/log_read.c, rotation bounds, the loop's sources and timers. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shim/log_file.h"
#include "shim/log_read.h"
#include "shim/loop.h"
#include "unit.h"

static int temp_dir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/jfrun-unit-log.XXXXXX");
	if (mkdtemp(buf) == NULL)
		return -1;
	return open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void remove_dir(const char *path)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0) {
		/* a temp dir left: nothing to do */
	}
}

/* The stream of one kind, rebuilt from the records of fd. */
static size_t rebuild(int fd, enum jf_log_stream stream, char *out, size_t max,
		      size_t *ret_records, size_t *ret_longest)
{
	static struct jf_log_reader r;
	struct jf_log_record rec;
	size_t len = 0;

	*ret_records = *ret_longest = 0;
	lseek(fd, 0, SEEK_SET);
	jf_log_reader_init(&r, fd);
	while (jf_log_reader_next(&r, &rec) == 1) {
		if (rec.stream != stream)
			continue;
		(*ret_records)++;
		if (rec.len > *ret_longest)
			*ret_longest = rec.len;
		if (len + rec.len + 1 > max)
			break;
		memcpy(out + len, rec.text, rec.len);
		len += rec.len;
		if (rec.full)
			out[len++] = '\n';
	}
	return len;
}

static void test_records_join_to_the_stream(const char *name)
{
	static struct jf_log_file lf;
	static char in[60000], out[60000];
	char dir[64];
	int dirfd = temp_dir(dir, sizeof(dir)), fd;
	size_t n = 0, records, longest, got;

	CHECK(dirfd >= 0);
	/* Lines of 0, 1, 8191, 8192, 8193 and 20000 bytes, then a tail. */
	const size_t lens[] = {0, 1, 8191, 8192, 8193, 20000};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (size_t j = 0; j < lens[i]; j++)
			in[n++] = (char)('a' + (i + j) % 26);
		in[n++] = '\n';
	}
	memcpy(in + n, "no newline", 10);
	n += 10;
	struct jf_error err = {0};
	CHECK(jf_log_file_open(&lf, dirfd, 10u << 20, 1, &err) == 0);
	/* As the shim does: reads of at most a chunk. */
	for (size_t at = 0; at < n;) {
		size_t chunk = n - at < lf.chunk ? n - at : lf.chunk;
		jf_log_file_write(&lf, JF_LOG_STDOUT, in + at, chunk);
		at += chunk;
	}
	jf_log_file_write(&lf, JF_LOG_STDERR, "e1\ne2", 5);
	jf_log_file_close(&lf);
	fd = openat(dirfd, JF_LOG_NAME, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	got = rebuild(fd, JF_LOG_STDOUT, out, sizeof(out), &records, &longest);
	CHECK(got == n);
	CHECK(memcmp(in, out, n) == 0);
	CHECK(longest <= JF_LOG_CHUNK_MAX);
	CHECK(records > 7); /* the long lines came in several records */
	got = rebuild(fd, JF_LOG_STDERR, out, sizeof(out), &records, &longest);
	CHECK(got == 5 && memcmp(out, "e1\ne2", 5) == 0);
	close(fd);
	close(dirfd);
	remove_dir(dir);
}

static void test_rotation_keeps_the_newest_half(const char *name)
{
	static struct jf_log_file lf;
	char dir[64], line[64];
	int dirfd = temp_dir(dir, sizeof(dir));
	struct jf_error err = {0};
	struct stat st;
	off_t total = 0;
	const unsigned max = 8192, files = 2;

	CHECK(dirfd >= 0);
	/* (The shim's own file: a deleted container's log never rotates.) */
	close(openat(dirfd, "shim.pid", O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
	CHECK(jf_log_file_open(&lf, dirfd, max, files, &err) == 0);
	CHECK(lf.chunk == max / 4);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(line, sizeof(line), "line %d\n", i);
		jf_log_file_write(&lf, JF_LOG_STDOUT, line, (size_t)n);
		total = 0;
		for (unsigned f = 0; f <= files + 1; f++) {
			char name_[32];
			snprintf(name_, sizeof(name_),
				 f ? JF_LOG_NAME ".%u" : JF_LOG_NAME, f);
			if (fstatat(dirfd, name_, &st, 0) == 0) {
				CHECK(f <= files);
				total += st.st_size;
			}
		}
		CHECK(total <= (off_t)(max * (files + 1)));
		/* The newest half of the cap: in the current and .1. */
		if (fstatat(dirfd, JF_LOG_NAME ".1", &st, 0) == 0) {
			off_t newest = st.st_size;
			CHECK(fstatat(dirfd, JF_LOG_NAME, &st, 0) == 0);
			CHECK(newest + st.st_size >= (off_t)max / 2);
		}
	}
	jf_log_file_close(&lf);
	close(dirfd);
	remove_dir(dir);
}

static void test_records_parse(const char *name)
{
	struct jf_log_record rec;
	const char *l1 = "2026-01-02T03:04:05.000000001Z stderr P some text";
	const char *l2 = "2026-01-02T03:04:05.5Z stdout F ";
	int64_t a, b;

	CHECK(jf_log_record_parse(l1, strlen(l1), &rec) == 0);
	CHECK(rec.stream == JF_LOG_STDERR && !rec.full);
	CHECK(rec.len == 9 && memcmp(rec.text, "some text", 9) == 0);
	CHECK(jf_log_record_parse(l2, strlen(l2), &rec) == 0);
	CHECK(rec.stream == JF_LOG_STDOUT && rec.full && rec.len == 0);
	CHECK(jf_log_record_parse("junk", 4, &rec) < 0);
	CHECK(jf_log_record_parse("t stdin F x", 11, &rec) < 0);
	CHECK(jf_log_parse_time(l2, 22, &a) == 0);
	CHECK(jf_log_parse_time("2026-01-02T05:04:05.5+02:00", 27, &b) == 0);
	CHECK(a == b);
	CHECK(jf_log_parse_time("2026-01-02T03:04:05", 19, &b) < 0);
	CHECK(jf_log_parse_time("yesterday", 9, &b) < 0);
}

static int fired;

static int on_timer(struct jf_loop *loop, int fd, uint32_t events, void *data,
		    struct jf_error *err)
{
	fired += (int)jf_loop_timer_ack(fd);
	if (fired >= 3)
		loop->stop = true;
	return 0;
}

static int on_pipe(struct jf_loop *loop, int fd, uint32_t events, void *data,
		   struct jf_error *err)
{
	char c;

	*(int *)data += (int)read(fd, &c, 1);
	jf_loop_remove(loop, fd);
	return 0;
}

static void test_loop_runs_sources_and_timers(const char *name)
{
	struct jf_loop loop;
	struct jf_error err = {0};
	int p[2], got = 0, tfd;

	CHECK(pipe(p) == 0);
	CHECK(jf_loop_init(&loop, &err) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(jf_loop_add(&loop, p[0], EPOLLIN, on_pipe, &got, &err) == 0);
	tfd = jf_loop_add_timer(&loop, 1, 1, on_timer, NULL, &err);
	CHECK(tfd >= 0);
	CHECK(jf_loop_run(&loop, &err) == 0);
	CHECK(got == 1 && fired >= 3);
	jf_loop_close(&loop);
	/* The loop owned the timer: closed. */
	CHECK(fcntl(tfd, F_GETFD) < 0);
	close(p[0]);
	close(p[1]);
}

/* The hand-made timestamp says what gmtime_r + strftime say, across leap
 * years, century rules and the range a clock can show. */
static void test_timestamp_matches_gmtime(const char *name)
{
	static const long long fixed[] = {
	    0,
	    951782400 /* 2000-02-29 */,
	    4107542400 /* 2100-03-01 */,
	    1709251199,
	    1735689599,
	    253402300799 /* 9999-12-31T23:59:59 */};
	unsigned seed = 7;

	for (int i = 0; i < 20000; i++) {
		struct timespec ts;
		struct tm tm;
		char want[48], base[32], got[40];
		time_t t;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
			ts.tv_sec = (time_t)fixed[i];
		else
			ts.tv_sec =
			    (time_t)(((unsigned long long)rand_r(&seed) << 20 ^
				      (unsigned long long)rand_r(&seed)) %
				     253402300800ULL);
		ts.tv_nsec = (long)(rand_r(&seed) % 1000000000);
		t = ts.tv_sec;
		gmtime_r(&t, &tm);
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(want, sizeof(want), "%s.%09ldZ", base, ts.tv_nsec);
		jf_log_format_time(&ts, got, sizeof(got));
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%lld: got %s, want %s\n",
				(long long)ts.tv_sec, got, want);
			CHECK(strcmp(got, want) == 0);
			return;
		}
	}
	/* A short buffer: cut, terminated. */
	{
		struct timespec ts = {0, 5};
		char small[5];
		jf_log_format_time(&ts, small, sizeof(small));
		CHECK(strcmp(small, "1970") == 0);
	}
}

int main(void)
{
	RUN(test_timestamp_matches_gmtime);
	RUN(test_records_join_to_the_stream);
	RUN(test_rotation_keeps_the_newest_half);
	RUN(test_records_parse);
	RUN(test_loop_runs_sources_and_timers);
	UNIT_EXIT();
}
