/* SPDX-License-Identifier: GPL-2.0-or-later */
/* src/base/: the size parser, the read-to-EOF helper, the path cleaner. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "path_clean.h"
#include "size.h"
#include "unit.h"

/* The bytes, or UINT64_MAX - n for the errno n of a refusal. */
static uint64_t size_of(const char *text)
{
	uint64_t v = 12345;

	if (jf_parse_size(text, &v) < 0)
		return UINT64_MAX - (uint64_t)errno;
	return v;
}

#define REFUSED(e) (UINT64_MAX - (uint64_t)(e))

static void test_sizes_and_suffixes(const char *name)
{
	CHECK(size_of("0") == 0);
	CHECK(size_of("4096") == 4096);
	CHECK(size_of("4096b") == 4096);
	CHECK(size_of("1k") == 1024);
	CHECK(size_of("1K") == 1024);
	CHECK(size_of("512kb") == 512 * 1024);
	CHECK(size_of("64m") == 64ull << 20);
	CHECK(size_of("64M") == 64ull << 20);
	CHECK(size_of("2G") == 2ull << 30);
	CHECK(size_of("2GiB") == 2ull << 30);
	CHECK(size_of("2gib") == 2ull << 30);
	CHECK(size_of("1 g") == 1ull << 30);
	CHECK(size_of("3t") == 3ull << 40);
	CHECK(size_of("1p") == 1ull << 50);
	CHECK(size_of("1.5G") == 3ull << 29);
	CHECK(size_of("1.5") == 1);
	CHECK(size_of("1 ") == 1);
}

static void test_what_is_not_a_size(const char *name)
{
	static const char *const bad[] = {
	    "",	   "-1",   "+1",  " 1",	 "k",  "1x",  "0x10", "1e3", "1E3",
	    "1kk", "1  k", "1k ", "1ib", "1q", "inf", "nan",  ".5k", "1,5k",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (size_of(bad[i]) != REFUSED(EINVAL))
			UNIT_FAIL(name, "\"%s\" was taken as a size", bad[i]);
	}
	CHECK(jf_parse_size(NULL, &(uint64_t){0}) < 0 && errno == EINVAL);
}

static void test_overflow_is_refused(const char *name)
{
	CHECK(size_of("18446744073709551615") == UINT64_MAX);
	CHECK(size_of("18446744073709551616") == REFUSED(ERANGE));
	CHECK(size_of("16777216t") == REFUSED(ERANGE)); /* 2^64 */
	CHECK(size_of("16777215t") == 16777215ull << 40);
	CHECK(size_of("99999999999999999999999p") == REFUSED(ERANGE));
}

/* What a pipe carries when n bytes were written, read with that max;
 * (size_t)-1 when jf_read_all failed. */
static size_t read_back(size_t n, size_t hint, size_t max, char **text)
{
	int fds[2];
	size_t len = (size_t)-1;
	pid_t pid;

	if (pipe(fds) < 0)
		return (size_t)-1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (size_t i = 0; i < n; i++)
			if (write(fds[1], &"abcdefgh"[i % 8], 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (jf_read_all(fds[0], hint, max, text, &len) < 0)
		len = (size_t)-1;
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return len;
}

static void test_read_all_reads_to_eof(const char *name)
{
	char *text = NULL;

	CHECK(read_back(0, 0, 100, &text) == 0);
	CHECK_STR(text, "");
	free(text);
	CHECK(read_back(10000, 0, 1 << 20, &text) == 10000);
	CHECK(strlen(text) == 10000 && memcmp(text, "abcdefghab", 10) == 0);
	CHECK(text[9999] == "abcdefgh"[9999 % 8]);
	free(text);
	/* A hint smaller or larger than the truth changes nothing. */
	CHECK(read_back(5000, 10, 1 << 20, &text) == 5000);
	free(text);
	CHECK(read_back(50, 4096, 1 << 20, &text) == 50);
	free(text);
}

static void test_read_all_stops_one_past_max(const char *name)
{
	char *text = NULL;

	CHECK(read_back(100, 0, 100, &text) == 100);
	free(text);
	CHECK(read_back(10000, 0, 100, &text) == 101);
	CHECK(strlen(text) == 101);
	free(text);
	CHECK(read_back(10000, 5000, 100, &text) == 101);
	free(text);
}

static void test_read_all_error_is_errno(const char *name)
{
	char *text = NULL;
	size_t len = 7;

	CHECK(jf_read_all(-1, 0, 10, &text, &len) < 0 && errno == EBADF);
	CHECK(text == NULL && len == 7);
}

/* The clean path, "!dotdot" after it when in had "..", or "(too long)". */
static const char *cleaned(const char *in, size_t size)
{
	static char out[256];
	static char shown[300];
	bool dotdot = false;

	if (jf_path_clean(in, out, size, &dotdot) < 0)
		return errno == ENAMETOOLONG ? "(too long)" : "(error)";
	snprintf(shown, sizeof(shown), "%s%s", out, dotdot ? " !dotdot" : "");
	return shown;
}

static void test_path_clean_by_name(const char *name)
{
	CHECK_STR(cleaned("", 256), "/");
	CHECK_STR(cleaned("/", 256), "/");
	CHECK_STR(cleaned("//./", 256), "/");
	CHECK_STR(cleaned("a", 256), "/a");
	CHECK_STR(cleaned("/proc//self/./fd/", 256), "/proc/self/fd");
	CHECK_STR(cleaned("/a/b/../c", 256), "/a/c !dotdot");
	CHECK_STR(cleaned("/../../proc", 256), "/proc !dotdot");
	CHECK_STR(cleaned("/a/..", 256), "/ !dotdot");
	CHECK_STR(cleaned("/a/.../b", 256), "/a/.../b");
	CHECK_STR(cleaned("/a/..b/c", 256), "/a/..b/c");
}

static void test_path_clean_too_long(const char *name)
{
	CHECK_STR(cleaned("/abc", 5), "/abc");
	CHECK_STR(cleaned("/abcd", 5), "(too long)");
	CHECK_STR(cleaned("/a/b", 4), "(too long)");
	CHECK_STR(cleaned("", 1), "(too long)");
	CHECK_STR(cleaned("/x/../", 3), "/ !dotdot");
}

int main(void)
{
	RUN(test_sizes_and_suffixes);
	RUN(test_what_is_not_a_size);
	RUN(test_overflow_is_refused);
	RUN(test_read_all_reads_to_eof);
	RUN(test_read_all_stops_one_past_max);
	RUN(test_read_all_error_is_errno);
	RUN(test_path_clean_by_name);
	RUN(test_path_clean_too_long);
	UNIT_EXIT();
}
