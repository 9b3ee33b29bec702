/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal unit-test harness.  Each test binary prints one line per test,
 * "PASS <name>", "FAIL <name>: <why>" or "SKIP <name>: <why>" (this host
 * cannot run it), and exits non-zero if any failed; tests/run-unit.sh adds
 * the lines up.
 */
#ifndef JF_UNIT_H
#define JF_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed;
static int unit_skipped;

#define UNIT_FAIL(name, ...)                                                   \
	do {                                                                   \
		printf("FAIL %s: ", name);                                     \
		printf(__VA_ARGS__);                                           \
		printf(" (%s:%d)\n", __FILE__, __LINE__);                      \
		unit_failed = 1;                                               \
		return;                                                        \
	} while (0)

/* Ends the test as skipped, with the reason this host cannot run it. */
#define SKIP(...)                                                              \
	do {                                                                   \
		printf("SKIP %s: ", name);                                     \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		unit_skipped = 1;                                              \
		return;                                                        \
	} while (0)

/* Inside a `static void test_x(const char *name)` function. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			UNIT_FAIL(name, "check failed: %s", #cond);            \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *_a = (a), *_b = (b);                               \
		if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0)           \
			UNIT_FAIL(name, "%s is \"%s\", expected \"%s\"", #a,   \
				  _a ? _a : "(null)", _b ? _b : "(null)");     \
	} while (0)

#define RUN(test)                                                              \
	do {                                                                   \
		int _before = unit_failed;                                     \
		/* Line-buffered: a LeakSanitizer exit must not lose lines. */  \
		setvbuf(stdout, NULL, _IOLBF, 0);                              \
		unit_failed = 0;                                               \
		unit_skipped = 0;                                              \
		test(#test);                                                   \
		if (!unit_failed && !unit_skipped)                             \
			printf("PASS %s\n", #test);                            \
		unit_failed |= _before;                                        \
	} while (0)

#define UNIT_EXIT() return unit_failed ? 1 : 0

#endif
