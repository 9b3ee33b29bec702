/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal rtnetlink client: build one request, send it, read its answer
 * (an ack, or the parts of a dump).  A socket talks to the network
 * namespace it was made in.
 */
#ifndef JF_LINUX_NETLINK_H
#define JF_LINUX_NETLINK_H

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define JF_NL_BUF 32768 /* a dump's parts are at most 32 KiB */

struct jf_nl {
	int fd;
	uint32_t seq;
};

struct jf_nl_msg {
	struct nlmsghdr *h;
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
};

/* A NETLINK_ROUTE socket in the caller's network namespace, or (netns_fd
 * >= 0) in that one: entered for the socket() call only. */
int jf_nl_open(struct jf_nl *nl, int netns_fd, struct jf_error *err);
void jf_nl_close(struct jf_nl *nl);

/* A request of `type` with a fixed header of `hdr_len` bytes, returned
 * zeroed for the caller to fill. */
void *jf_nl_msg_init(struct jf_nl_msg *m, uint16_t type, uint16_t flags,
		     size_t hdr_len);
void jf_nl_put(struct jf_nl_msg *m, uint16_t type, const void *data,
	       size_t len);
void jf_nl_put_u32(struct jf_nl_msg *m, uint16_t type, uint32_t v);
void jf_nl_put_str(struct jf_nl_msg *m, uint16_t type, const char *s);

/* Send and wait for the kernel's ack: 0, or -errno (no error filled: the
 * caller says what failed). */
int jf_nl_call(struct jf_nl *nl, struct jf_nl_msg *m);

/* A request answered by messages (NLM_F_DUMP, or a GET of one object):
 * each message goes to fn, until the end; -errno on failure. */
typedef void (*jf_nl_each)(const struct nlmsghdr *h, void *arg);
int jf_nl_query(struct jf_nl *nl, struct jf_nl_msg *m, jf_nl_each fn,
		void *arg);

/* The attribute of `type` among those after a fixed header, or NULL. */
const struct rtattr *jf_nl_attr(const struct nlmsghdr *h, size_t hdr_len,
				uint16_t type);

#endif
