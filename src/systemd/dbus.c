/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The D-Bus wire format, the parts systemd's manager needs (the D-Bus
 * specification, "Message Protocol"): a fixed 12-byte header, an array of
 * (code, variant) header fields, padding to 8, the body; every value
 * aligned to its size from the start of the message.
 */
#include "systemd/dbus.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"

#define REPLY_TIMEOUT_MS 10000

enum {
	FIELD_PATH = 1,
	FIELD_INTERFACE = 2,
	FIELD_MEMBER = 3,
	FIELD_DESTINATION = 6,
	FIELD_SIGNATURE = 8,
};

struct jf_dbus {
	int fd;
	uint32_t serial;
};

/* ---- writing ---- */

static void put(struct jf_dbus_buf *b, const void *p, size_t n)
{
	if (b->overflow || b->len + n > sizeof(b->data)) {
		b->overflow = true;
		return;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void pad(struct jf_dbus_buf *b, size_t align)
{
	static const unsigned char zeros[8];

	if (b->len % align != 0)
		put(b, zeros, align - b->len % align);
}

static void put_u8(struct jf_dbus_buf *b, uint8_t v)
{
	put(b, &v, 1);
}

void jf_dbus_put_u32(struct jf_dbus_buf *b, uint32_t v)
{
	unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			       v >> 24};

	pad(b, 4);
	put(b, le, 4);
}

void jf_dbus_put_bool(struct jf_dbus_buf *b, bool v)
{
	jf_dbus_put_u32(b, v ? 1 : 0);
}

void jf_dbus_put_string(struct jf_dbus_buf *b, const char *s)
{
	jf_dbus_put_u32(b, (uint32_t)strlen(s));
	put(b, s, strlen(s) + 1);
}

void jf_dbus_put_signature(struct jf_dbus_buf *b, const char *sig)
{
	put_u8(b, (uint8_t)strlen(sig));
	put(b, sig, strlen(sig) + 1);
}

size_t jf_dbus_array_begin(struct jf_dbus_buf *b, size_t elem_align)
{
	size_t at;

	jf_dbus_put_u32(b, 0); /* the length, set by jf_dbus_array_end */
	at = b->len - 4;
	pad(b, elem_align);
	/* The length counts from after the padding. */
	return at | (b->len - at - 4) << 24;
}

void jf_dbus_array_end(struct jf_dbus_buf *b, size_t token)
{
	size_t at = token & 0xffffff, first = at + 4 + (token >> 24);
	uint32_t n = (uint32_t)(b->len - first);

	if (b->overflow)
		return;
	b->data[at] = n & 0xff;
	b->data[at + 1] = (n >> 8) & 0xff;
	b->data[at + 2] = (n >> 16) & 0xff;
	b->data[at + 3] = n >> 24;
}

void jf_dbus_struct_begin(struct jf_dbus_buf *b)
{
	pad(b, 8);
}

void jf_dbus_put_prop_string(struct jf_dbus_buf *b, const char *key,
			     const char *value)
{
	jf_dbus_struct_begin(b);
	jf_dbus_put_string(b, key);
	jf_dbus_put_signature(b, "s");
	jf_dbus_put_string(b, value);
}

void jf_dbus_put_prop_bool(struct jf_dbus_buf *b, const char *key, bool value)
{
	jf_dbus_struct_begin(b);
	jf_dbus_put_string(b, key);
	jf_dbus_put_signature(b, "b");
	jf_dbus_put_bool(b, value);
}

void jf_dbus_put_prop_u32_array(struct jf_dbus_buf *b, const char *key,
				const uint32_t *v, size_t n)
{
	size_t arr;

	jf_dbus_struct_begin(b);
	jf_dbus_put_string(b, key);
	jf_dbus_put_signature(b, "au");
	arr = jf_dbus_array_begin(b, 4);
	for (size_t i = 0; i < n; i++)
		jf_dbus_put_u32(b, v[i]);
	jf_dbus_array_end(b, arr);
}

static void header_field(struct jf_dbus_buf *b, uint8_t code, const char *sig,
			 const char *value)
{
	jf_dbus_struct_begin(b);
	put_u8(b, code);
	jf_dbus_put_signature(b, sig);
	if (strcmp(sig, "g") == 0)
		jf_dbus_put_signature(b, value);
	else
		jf_dbus_put_string(b, value);
}

/* ---- the connection ---- */

static int write_all(int fd, const void *p, size_t n, struct jf_error *err)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return jf_error_errno(err, "systemd D-Bus: write");
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n, struct jf_error *err)
{
	char *c = p;
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	while (n > 0) {
		ssize_t r;
		int ready = poll(&pfd, 1, REPLY_TIMEOUT_MS);

		if (ready == 0)
			return jf_error_set(err, ETIMEDOUT,
					    "systemd D-Bus: no reply");
		if (ready < 0 && errno == EINTR)
			continue;
		r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return jf_error_set(err, r == 0 ? EPIPE : errno,
					    "systemd D-Bus: read");
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One "\r\n"-terminated line of the authentication dialogue. */
static int read_line(int fd, char *buf, size_t size, struct jf_error *err)
{
	size_t n = 0;

	while (n + 1 < size) {
		if (read_all(fd, buf + n, 1, err) < 0)
			return -1;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return 0;
}

int jf_dbus_connect(const char *socket_path, struct jf_dbus **ret,
		    struct jf_error *err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	cleanup_close int fd = -1;
	char line[256], auth[64], uid[16];
	struct jf_dbus *c;
	int n;

	if (strlen(socket_path) >= sizeof(addr.sun_path))
		return jf_error_set(err, ENAMETOOLONG, "%s", socket_path);
	strcpy(addr.sun_path, socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return jf_error_errno(err, "systemd D-Bus: %s", socket_path);
	/* EXTERNAL: the uid, as hex of its decimal digits. */
	snprintf(uid, sizeof(uid), "%u", (unsigned)geteuid());
	n = snprintf(auth, sizeof(auth), "AUTH EXTERNAL ");
	for (const char *p = uid; *p; p++)
		n += snprintf(auth + n, sizeof(auth) - (size_t)n, "%02x", *p);
	snprintf(auth + n, sizeof(auth) - (size_t)n, "\r\n");
	if (write_all(fd, "", 1, err) < 0 || write_all(fd, auth, strlen(auth), err) < 0 ||
	    read_line(fd, line, sizeof(line), err) < 0)
		return -1;
	if (strncmp(line, "OK ", 3) != 0)
		return jf_error_set(err, EACCES, "systemd D-Bus: authentication refused: %.*s",
				    (int)strcspn(line, "\r\n"), line);
	if (write_all(fd, "BEGIN\r\n", 7, err) < 0)
		return -1;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return jf_error_errno(err, "systemd D-Bus");
	c->fd = fd;
	fd = -1;
	*ret = c;
	return 0;
}

void jf_dbus_close(struct jf_dbus *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	free(c);
}

/* Read one whole message into buf (malloc'd) and parse it. */
static int read_message(struct jf_dbus *c, unsigned char **ret_buf,
			struct jf_dbus_reply *r, struct jf_error *err)
{
	unsigned char fixed[JF_DBUS_FIXED_HEADER];
	unsigned char *msg;
	size_t total;

	if (read_all(c->fd, fixed, sizeof(fixed), err) < 0)
		return -1;
	if (jf_dbus_message_size(fixed, &total, err) < 0)
		return -1;
	msg = malloc(total);
	if (msg == NULL)
		return jf_error_errno(err, "systemd D-Bus");
	memcpy(msg, fixed, sizeof(fixed));
	if (read_all(c->fd, msg + sizeof(fixed), total - sizeof(fixed), err) <
		0 ||
	    jf_dbus_reply_parse(msg, total, r, err) < 0) {
		free(msg);
		return -1;
	}
	*ret_buf = msg;
	return 0;
}

int jf_dbus_call(struct jf_dbus *c, const char *destination, const char *path,
		 const char *interface, const char *member,
		 const char *signature, const struct jf_dbus_buf *body,
		 char **ret_str, struct jf_error *err)
{
	static struct jf_dbus_buf hdr;
	uint32_t serial = ++c->serial;
	size_t fields;

	memset(&hdr, 0, sizeof(hdr));
	put_u8(&hdr, 'l');
	put_u8(&hdr, JF_DBUS_METHOD_CALL);
	put_u8(&hdr, 0);
	put_u8(&hdr, 1);
	jf_dbus_put_u32(&hdr, (uint32_t)body->len);
	jf_dbus_put_u32(&hdr, serial);
	fields = jf_dbus_array_begin(&hdr, 8);
	header_field(&hdr, FIELD_PATH, "o", path);
	header_field(&hdr, FIELD_INTERFACE, "s", interface);
	header_field(&hdr, FIELD_MEMBER, "s", member);
	header_field(&hdr, FIELD_DESTINATION, "s", destination);
	if (signature[0] != '\0')
		header_field(&hdr, FIELD_SIGNATURE, "g", signature);
	jf_dbus_array_end(&hdr, fields);
	pad(&hdr, 8);
	if (hdr.overflow || body->overflow)
		return jf_error_set(err, E2BIG, "systemd D-Bus: %s: message too large",
				    member);
	if (write_all(c->fd, hdr.data, hdr.len, err) < 0 ||
	    write_all(c->fd, body->data, body->len, err) < 0)
		return -1;
	for (;;) {
		cleanup_free unsigned char *msg = NULL;
		struct jf_dbus_reply r;
		const char *s;

		if (read_message(c, &msg, &r, err) < 0)
			return -1;
		/* Signals and replies to others are not ours. */
		if ((r.type != JF_DBUS_METHOD_RETURN &&
		     r.type != JF_DBUS_ERROR) ||
		    r.reply_serial != serial)
			continue;
		s = r.first_string;
		if (r.type == JF_DBUS_ERROR)
			return jf_error_set(err, 0, "systemd: %s%s%s",
					    r.error_name ? r.error_name : "error",
					    s ? ": " : "", s ? s : "");
		if (ret_str != NULL) {
			*ret_str = strdup(s ? s : "");
			if (*ret_str == NULL)
				return jf_error_errno(err, "systemd D-Bus");
		}
		return 0;
	}
}
