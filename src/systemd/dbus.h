/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Just enough D-Bus to ask systemd for a transient scope: a peer-to-peer
 * connection to the manager's private socket (/run/systemd/private, root
 * only: no bus daemon, no Hello), EXTERNAL authentication, method calls
 * marshalled by hand (little-endian), and their replies.
 */
#ifndef JF_SYSTEMD_DBUS_H
#define JF_SYSTEMD_DBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define JF_DBUS_MSG_MAX 8192

/* A message body (or header) being written: alignment is counted from
 * the start of buf, which starts 8-aligned in the message. */
struct jf_dbus_buf {
	unsigned char data[JF_DBUS_MSG_MAX];
	size_t len;
	bool overflow;
};

void jf_dbus_put_u32(struct jf_dbus_buf *b, uint32_t v);
void jf_dbus_put_bool(struct jf_dbus_buf *b, bool v);
void jf_dbus_put_string(struct jf_dbus_buf *b, const char *s);
void jf_dbus_put_signature(struct jf_dbus_buf *b, const char *sig);
/* Containers: begin returns what end needs. */
size_t jf_dbus_array_begin(struct jf_dbus_buf *b, size_t elem_align);
void jf_dbus_array_end(struct jf_dbus_buf *b, size_t token);
void jf_dbus_struct_begin(struct jf_dbus_buf *b);
/* A (key, variant) pair of an a(sv), for the common variant types. */
void jf_dbus_put_prop_string(struct jf_dbus_buf *b, const char *key,
			     const char *value);
void jf_dbus_put_prop_bool(struct jf_dbus_buf *b, const char *key, bool value);
void jf_dbus_put_prop_u32_array(struct jf_dbus_buf *b, const char *key,
				const uint32_t *v, size_t n);

/* ---- replies (dbus_reply.c): pure, no I/O; fuzzed by tests/fuzz ---- */

enum {
	JF_DBUS_METHOD_CALL = 1,
	JF_DBUS_METHOD_RETURN = 2,
	JF_DBUS_ERROR = 3,
};
#define JF_DBUS_FIXED_HEADER 16

/* What jfrun needs of a reply; the strings point into the message. */
struct jf_dbus_reply {
	int type; /* JF_DBUS_* */
	uint32_t reply_serial;
	const char *error_name;	  /* NULL when absent */
	const char *first_string; /* the body's first value when the body's
				     signature starts with s or o, else NULL */
};

/* The whole message's size from its fixed header; an error for a
 * big-endian or oversized one. */
int jf_dbus_message_size(const unsigned char fixed[JF_DBUS_FIXED_HEADER],
			 size_t *ret_total, struct jf_error *err);
/* Parse a whole message of len bytes (the size jf_dbus_message_size
 * gave); never reads outside msg, whatever its bytes. */
int jf_dbus_reply_parse(const unsigned char *msg, size_t len,
			struct jf_dbus_reply *ret, struct jf_error *err);

struct jf_dbus;

int jf_dbus_connect(const char *socket_path, struct jf_dbus **ret,
		    struct jf_error *err);
void jf_dbus_close(struct jf_dbus *c);

/* Call member of interface on path at destination with a body of the
 * given signature; wait for the reply.  An error reply becomes err
 * ("<error name>: <message>", errnum 0); *ret_str gets the reply's first
 * string or object path (malloc'd) when ret_str is not NULL. */
int jf_dbus_call(struct jf_dbus *c, const char *destination, const char *path,
		 const char *interface, const char *member,
		 const char *signature, const struct jf_dbus_buf *body,
		 char **ret_str, struct jf_error *err);

#endif
