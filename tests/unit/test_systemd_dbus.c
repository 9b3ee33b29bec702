/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parser of what systemd's bus sends back (src/systemd/dbus_reply.c). */
#include "systemd/dbus.h"
#include "unit.h"

/* The seeds of tests/fuzz/dbus_seeds.sh: a method return with a job path,
 * an error with its name and message. */
static const unsigned char method_return[] =
    "l\x02\x01\x01\x25\x00\x00\x00\x07\x00\x00\x00\x0f\x00\x00\x00"
    "\x05\x01u\x00\x01\x00\x00\x00\x08\x01g\x00\x01o\x00\x00"
    "\x20\x00\x00\x00/org/freedesktop/systemd1/job/42";
static const unsigned char error_reply[] =
    "l\x03\x01\x01\x27\x00\x00\x00\x07\x00\x00\x00\x3f\x00\x00\x00"
    "\x04\x01s\x00\x23\x00\x00\x00org.freedesktop.systemd1.UnitExists\x00"
    "\x00\x00\x00\x00\x05\x01u\x00\x01\x00\x00\x00\x08\x01g\x00\x01s\x00\x00"
    "\x22\x00\x00\x00Unit jfrun-x.scope already exists.";

static void test_method_return_gives_the_job_path(const char *name)
{
	struct jf_dbus_reply r;
	struct jf_error err;
	size_t total;

	CHECK(jf_dbus_message_size(method_return, &total, &err) == 0);
	CHECK(total == sizeof(method_return));
	CHECK(jf_dbus_reply_parse(method_return, total, &r, &err) == 0);
	CHECK(r.type == JF_DBUS_METHOD_RETURN);
	CHECK(r.reply_serial == 1);
	CHECK(r.error_name == NULL);
	CHECK_STR(r.first_string, "/org/freedesktop/systemd1/job/42");
}

static void test_error_gives_its_name_and_message(const char *name)
{
	struct jf_dbus_reply r;
	struct jf_error err;

	CHECK(jf_dbus_reply_parse(error_reply, sizeof(error_reply), &r, &err) ==
	      0);
	CHECK(r.type == JF_DBUS_ERROR);
	CHECK_STR(r.error_name, "org.freedesktop.systemd1.UnitExists");
	CHECK_STR(r.first_string, "Unit jfrun-x.scope already exists.");
}

/* A string whose length runs past the end of the message is refused, not
 * read: the error name's length raised by one byte. */
static void test_string_past_the_end_is_refused(const char *name)
{
	unsigned char msg[sizeof(error_reply)];
	struct jf_dbus_reply r;
	struct jf_error err;

	memcpy(msg, error_reply, sizeof(msg));
	msg[20] = 0xff;
	msg[21] = 0xff;
	CHECK(jf_dbus_reply_parse(msg, sizeof(msg), &r, &err) < 0);
	CHECK(strstr(err.msg, "bad header") != NULL);
}

/* The body's first value is a string only when the signature says so. */
static void test_body_read_as_string_only_by_signature(const char *name)
{
	unsigned char msg[sizeof(method_return)];
	struct jf_dbus_reply r;
	struct jf_error err;

	memcpy(msg, method_return, sizeof(msg));
	msg[29] = 'u'; /* signature "u" */
	CHECK(jf_dbus_reply_parse(msg, sizeof(msg), &r, &err) == 0);
	CHECK(r.first_string == NULL);
}

static void test_big_endian_and_oversized_are_refused(const char *name)
{
	unsigned char fixed[JF_DBUS_FIXED_HEADER];
	struct jf_error err;
	size_t total;

	memcpy(fixed, method_return, sizeof(fixed));
	fixed[0] = 'B';
	CHECK(jf_dbus_message_size(fixed, &total, &err) < 0);
	CHECK(strstr(err.msg, "big-endian") != NULL);
	fixed[0] = 'l';
	fixed[7] = 0x10; /* a 256 MiB body */
	CHECK(jf_dbus_message_size(fixed, &total, &err) < 0);
	CHECK(strstr(err.msg, "too large") != NULL);
}

int main(void)
{
	RUN(test_method_return_gives_the_job_path);
	RUN(test_error_gives_its_name_and_message);
	RUN(test_string_past_the_end_is_refused);
	RUN(test_body_read_as_string_only_by_signature);
	RUN(test_big_endian_and_oversized_are_refused);
	UNIT_EXIT();
}
