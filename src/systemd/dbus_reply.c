/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a message the bus sent (the D-Bus specification, "Message
 * Protocol"): the fixed 12-byte header and the header-fields length, an
 * array of (code, variant) fields, padding to 8, the body.  Every offset
 * is checked against the message's end before it is read: what comes back
 * is not trusted.
 */
#include <errno.h>
#include <string.h>

#include "systemd/dbus.h"

#define FIELD_ERROR_NAME   4
#define FIELD_REPLY_SERIAL 5
#define FIELD_SIGNATURE	   8
#define MAX_BODY	   (1u << 20)
#define MAX_FIELDS	   (1u << 16)

static uint32_t get_u32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The string (s, o) at *at in msg (len bytes), after its alignment. */
static const char *get_string(const unsigned char *msg, size_t len, size_t *at)
{
	uint32_t n;
	const char *s;

	*at = (*at + 3) & ~(size_t)3;
	if (*at + 4 > len)
		return NULL;
	n = get_u32(msg + *at);
	if (*at + 4 + n + 1 > len || msg[*at + 4 + n] != '\0')
		return NULL;
	s = (const char *)msg + *at + 4;
	*at += 4 + n + 1;
	return s;
}

/* The signature (g) at *at: one length byte, the text, a NUL. */
static const char *get_signature(const unsigned char *msg, size_t len,
				 size_t *at)
{
	size_t n;
	const char *s;

	if (*at >= len)
		return NULL;
	n = msg[*at];
	if (*at + 1 + n + 1 > len || msg[*at + 1 + n] != '\0')
		return NULL;
	s = (const char *)msg + *at + 1;
	*at += 1 + n + 1;
	return s;
}

/* The header fields jfrun needs: reply serial, error name, signature. */
static int parse_fields(const unsigned char *msg, size_t end,
			struct jf_dbus_reply *r, const char **ret_sig)
{
	size_t at = JF_DBUS_FIXED_HEADER;

	while (at < end) {
		uint8_t code;
		const char *sig, *s;

		at = (at + 7) & ~(size_t)7;
		if (at >= end)
			break;
		code = msg[at++];
		sig = get_signature(msg, end, &at);
		if (sig == NULL || strlen(sig) != 1)
			return -1; /* every defined field is a basic type */
		if (sig[0] == 'u') {
			at = (at + 3) & ~(size_t)3;
			if (at + 4 > end)
				return -1;
			if (code == FIELD_REPLY_SERIAL)
				r->reply_serial = get_u32(msg + at);
			at += 4;
		} else if (sig[0] == 's' || sig[0] == 'o') {
			s = get_string(msg, end, &at);
			if (s == NULL)
				return -1;
			if (code == FIELD_ERROR_NAME)
				r->error_name = s;
		} else if (sig[0] == 'g') {
			s = get_signature(msg, end, &at);
			if (s == NULL)
				return -1;
			if (code == FIELD_SIGNATURE)
				*ret_sig = s;
		} else {
			return -1; /* no other field types are defined */
		}
	}
	return 0;
}

int jf_dbus_message_size(const unsigned char fixed[JF_DBUS_FIXED_HEADER],
			 size_t *ret_total, struct jf_error *err)
{
	uint32_t body_len = get_u32(fixed + 4),
		 fields_len = get_u32(fixed + 12);

	if (fixed[0] != 'l')
		return jf_error_set(err, EPROTO,
				    "systemd D-Bus: big-endian reply");
	if (body_len > MAX_BODY || fields_len > MAX_FIELDS)
		return jf_error_set(err, EPROTO,
				    "systemd D-Bus: message too large");
	*ret_total =
	    ((JF_DBUS_FIXED_HEADER + (size_t)fields_len + 7) & ~(size_t)7) +
	    body_len;
	return 0;
}

int jf_dbus_reply_parse(const unsigned char *msg, size_t len,
			struct jf_dbus_reply *ret, struct jf_error *err)
{
	const char *sig = "";
	size_t total, fields_end, at;

	memset(ret, 0, sizeof(*ret));
	if (len < JF_DBUS_FIXED_HEADER ||
	    jf_dbus_message_size(msg, &total, err) < 0)
		return len < JF_DBUS_FIXED_HEADER
			   ? jf_error_set(err, EPROTO,
					  "systemd D-Bus: short reply")
			   : -1;
	if (total != len)
		return jf_error_set(
		    err, EPROTO,
		    "systemd D-Bus: reply of %zu bytes, expected %zu", len,
		    total);
	fields_end = JF_DBUS_FIXED_HEADER + get_u32(msg + 12);
	ret->type = msg[1];
	if (parse_fields(msg, fields_end, ret, &sig) < 0)
		return jf_error_set(err, EPROTO, "systemd D-Bus: bad header");
	at = (fields_end + 7) & ~(size_t)7;
	if (sig[0] == 's' || sig[0] == 'o')
		ret->first_string = get_string(msg, len, &at);
	return 0;
}
