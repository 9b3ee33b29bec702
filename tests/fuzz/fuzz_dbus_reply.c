/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for what systemd's bus sends back to --systemd-cgroup
 * (src/systemd/dbus_reply.c).  The input is a message as read from the
 * socket: its fixed header gives the size, the rest is parsed.  Besides "no
 * out-of-bounds read, no crash", it checks that every string handed out
 * lies inside the message and ends there.
 *
 *   make fuzz-dbus FUZZ_SECONDS=60
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "systemd/dbus.h"

static void inside(const unsigned char *msg, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return;
	if (p < msg || p >= msg + len ||
	    memchr(p, '\0', (size_t)(msg + len - p)) == NULL)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jf_dbus_reply r;
	struct jf_error err;
	unsigned char *msg;
	size_t total;

	if (size < JF_DBUS_FIXED_HEADER ||
	    jf_dbus_message_size(data, &total, &err) < 0)
		return 0;
	/* What read_message() does: exactly total bytes, the fixed header
	 * first, the rest from the input (zeros when it is short). */
	msg = calloc(1, total);
	if (msg == NULL)
		return 0;
	memcpy(msg, data, size < total ? size : total);
	if (jf_dbus_reply_parse(msg, total, &r, &err) == 0) {
		inside(msg, total, r.error_name);
		inside(msg, total, r.first_string);
	}
	free(msg);
	return 0;
}
