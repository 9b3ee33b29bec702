/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor client's pure half (requests, events) and its device errors
 * where no jfrun_monitor device exists (this host cannot load modules). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "monitor/monitor.h"
#include "unit.h"

static const struct jf_monitor_limits ok_limits = {
    .soft = 64 << 20, .hard = 128 << 20, .interval_ms = 100};

static void test_request_is_filled_for_the_module(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;

	CHECK(jf_monitor_request(42, "web", &ok_limits, &r, &err) == 0);
	CHECK(r.abi == JFMON_ABI_VERSION);
	CHECK(r.pid == 42);
	CHECK(r.soft == 64 << 20 && r.hard == 128 << 20);
	CHECK(r.interval_ms == 100 && r.flags == 0);
	CHECK_STR(r.id, "web");
	CHECK(jfmon_register_check(&r) == JFMON_REGISTER_OK);
}

/* One limit alone is a policy; none is not. */
static void test_request_needs_one_limit(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;
	struct jf_monitor_limits l = {.hard = 1 << 20, .interval_ms = 10};

	CHECK(jf_monitor_request(42, "c", &l, &r, &err) == 0);
	l.hard = 0;
	l.soft = 1 << 20;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) == 0);
	l.soft = 0;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK(err.errnum == EINVAL);
	CHECK(strstr(err.msg, "org.jfrun.rss.soft") != NULL);
	CHECK(strstr(err.msg, "neither is set") != NULL);
}

static void test_request_errors_name_the_annotation(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;
	struct jf_monitor_limits l = ok_limits;

	l.soft = l.hard + 1;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK_STR(err.msg, "annotations.org.jfrun.rss.soft: larger than "
			   "org.jfrun.rss.hard: Invalid argument");
	l = ok_limits;
	l.interval_ms = 0;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK(strstr(err.msg,
		     "annotations.org.jfrun.rss.interval-ms: 0 is not") ==
	      err.msg);
	l.interval_ms = JFMON_INTERVAL_MAX_MS + 1;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK(strstr(err.msg, "rss.interval-ms") != NULL);
	l.interval_ms = JFMON_INTERVAL_MAX_MS;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) == 0);
}

/* A size read as negative somewhere, or beyond any machine: refused. */
static void test_request_refuses_absurd_limits(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;
	struct jf_monitor_limits l = {.interval_ms = 100};

	l.hard = (uint64_t)-1;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK(strstr(err.msg, "annotations.org.jfrun.rss.hard:") == err.msg);
	l.hard = JFMON_LIMIT_MAX + 1;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	l.hard = JFMON_LIMIT_MAX;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) == 0);
	l.soft = (uint64_t)1 << 63;
	CHECK(jf_monitor_request(42, "c", &l, &r, &err) < 0);
	CHECK(strstr(err.msg, "annotations.org.jfrun.rss.soft:") == err.msg);
}

static void test_request_refuses_bad_pids_and_ids(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;

	CHECK(jf_monitor_request(0, "c", &ok_limits, &r, &err) < 0);
	CHECK(strstr(err.msg, "pid 0 is not a process id") != NULL);
	CHECK(jf_monitor_request(-5, "c", &ok_limits, &r, &err) < 0);
	CHECK(jf_monitor_request(42, "", &ok_limits, &r, &err) < 0);
	CHECK(strstr(err.msg, "container id") != NULL);
	CHECK(jf_monitor_request(42, "a\nb", &ok_limits, &r, &err) < 0);
	CHECK(jf_monitor_request(42, "a\x7f", &ok_limits, &r, &err) < 0);
	/* UTF-8 is printable. */
	CHECK(jf_monitor_request(42, "caf\xc3\xa9", &ok_limits, &r, &err) == 0);
}

/* The id only labels events: a long one is cut and still ends. */
static void test_request_cuts_a_long_id(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;
	char id[1025];

	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	CHECK(jf_monitor_request(42, id, &ok_limits, &r, &err) == 0);
	CHECK(strlen(r.id) == JFMON_ID_LEN - 1);
}

/* The module's own rules, on what jfrun would never send. */
static void
test_module_rules_catch_abi_flags_and_unterminated_ids(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_register r;

	CHECK(jf_monitor_request(42, "c", &ok_limits, &r, &err) == 0);
	r.abi = JFMON_ABI_VERSION + 1;
	CHECK(jfmon_register_check(&r) == JFMON_BAD_ABI);
	r.abi = JFMON_ABI_VERSION;
	r.flags = 1;
	CHECK(jfmon_register_check(&r) == JFMON_BAD_FLAGS);
	r.flags = 0;
	memset(r.id, 'x', sizeof(r.id));
	CHECK(jfmon_register_check(&r) == JFMON_BAD_ID);
}

/* The layout is the ABI: a change here must bump JFMON_ABI_VERSION. */
static void test_records_have_a_fixed_layout(const char *name)
{
	CHECK(sizeof(struct jfmon_register) == 160);
	CHECK(sizeof(struct jfmon_unregister) == 8);
	CHECK(sizeof(struct jfmon_event) == 168);
	CHECK(offsetof(struct jfmon_register, soft) == 8);
	CHECK(offsetof(struct jfmon_register, id) == 32);
	CHECK(offsetof(struct jfmon_event, time_ns) == 24);
	CHECK(offsetof(struct jfmon_event, id) == 40);
}

static void test_event_names_are_the_exit_reasons(const char *name)
{
	CHECK_STR(jf_monitor_event_name(JFMON_EVENT_SOFT), "rss-soft-limit");
	CHECK_STR(jf_monitor_event_name(JFMON_EVENT_HARD), "rss-hard-limit");
	CHECK_STR(jf_monitor_event_name(JFMON_EVENT_GONE), "gone");
	CHECK(jf_monitor_event_name(0) == NULL);
	CHECK(jf_monitor_event_name(99) == NULL);
}

static void test_event_text_says_what_happened(const char *name)
{
	struct jfmon_event ev = {.type = JFMON_EVENT_SOFT,
				 .rss = 130 << 20,
				 .limit = 128 << 20,
				 .nr_procs = 3};
	char buf[256];

	jf_monitor_event_text(&ev, buf, sizeof(buf));
	CHECK_STR(
	    buf, "rss 130.0 MiB passed the soft limit 128.0 MiB (3 processes)");
	ev.type = JFMON_EVENT_HARD;
	ev.lost = 2;
	jf_monitor_event_text(&ev, buf, sizeof(buf));
	CHECK_STR(buf, "rss 130.0 MiB passed the hard limit 128.0 MiB: killed "
		       "3 processes (2 earlier events lost)");
	/* Cut to the buffer, still a string; the length says so. */
	CHECK(jf_monitor_event_text(&ev, buf, 10) == 9);
	CHECK_STR(buf, "rss 130.0");
}

static void test_event_parse_checks_size_and_type(const char *name)
{
	struct jf_error err = {0};
	struct jfmon_event in = {.type = JFMON_EVENT_GONE, .pid = 7}, out;

	memset(in.id, 'x', sizeof(in.id));
	CHECK(jf_monitor_event_parse(&in, sizeof(in), &out, &err) == 0);
	CHECK(out.pid == 7);
	CHECK(strlen(out.id) == sizeof(out.id) - 1);
	CHECK(jf_monitor_event_parse(&in, sizeof(in) - 1, &out, &err) < 0);
	CHECK(err.errnum == EPROTO);
	in.type = 42;
	CHECK(jf_monitor_event_parse(&in, sizeof(in), &out, &err) < 0);
	CHECK(strstr(err.msg, "unknown event type 42") != NULL);
}

static void test_open_without_a_device_is_absent(const char *name)
{
	struct jf_error err = {0};

	CHECK(jf_monitor_open("/nonexistent/jfrun_monitor", &err) < 0);
	CHECK(jf_monitor_absent(&err));
	CHECK(strstr(err.msg, "monitor: open /nonexistent/jfrun_monitor") ==
	      err.msg);
}

/* Another device under the name: refused, and not taken for "absent". */
static void test_open_refuses_another_device(const char *name)
{
	struct jf_error err = {0};

	CHECK(jf_monitor_open("/dev/null", &err) < 0);
	CHECK(!jf_monitor_absent(&err));
	CHECK(strstr(err.msg, "not the jfrun_monitor device") != NULL);
}

int main(void)
{
	RUN(test_request_is_filled_for_the_module);
	RUN(test_request_needs_one_limit);
	RUN(test_request_errors_name_the_annotation);
	RUN(test_request_refuses_absurd_limits);
	RUN(test_request_refuses_bad_pids_and_ids);
	RUN(test_request_cuts_a_long_id);
	RUN(test_module_rules_catch_abi_flags_and_unterminated_ids);
	RUN(test_records_have_a_fixed_layout);
	RUN(test_event_names_are_the_exit_reasons);
	RUN(test_event_text_says_what_happened);
	RUN(test_event_parse_checks_size_and_type);
	RUN(test_open_without_a_device_is_absent);
	RUN(test_open_refuses_another_device);
	UNIT_EXIT();
}
