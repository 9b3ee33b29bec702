/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime and the container's init talk over a SOCK_SEQPACKET pair
 * while the container is set up: one message per step, errors travel back
 * as text so the runtime can report them and clean up.
 */
#ifndef JF_SYNC_SOCKET_H
#define JF_SYNC_SOCKET_H

#include <stddef.h>

#include "error.h"

enum jf_sync_type {
	JF_SYNC_ID_MAPPED = 1, /* runtime -> init: pid recorded, maps and cgroup
				* written; fds: cgroup files to write "0" to
				* when the cgroup was made after the clone,
				* then payload struct jf_go_payload
				* (container_init.h) */
	JF_SYNC_HOOKS,         /* init -> runtime: run prestart/createRuntime now */
	JF_SYNC_HOOKS_DONE,    /* runtime -> init: done; payload = state JSON */
	JF_SYNC_READY,         /* init -> runtime: set up, as the process's user,
				* waiting for start */
	JF_SYNC_START,         /* runtime -> init: exec now (run without a fifo);
				* then the init's end closes at execve */
	JF_SYNC_ERROR,         /* init -> runtime: payload = message (after READY
				* only in a run without a fifo) */
};

#define JF_SYNC_PAYLOAD_MAX 65536
#define JF_SYNC_FDS_MAX 16

struct jf_sync_msg {
	int type;
	int errnum;
	size_t len;
	char payload[JF_SYNC_PAYLOAD_MAX];
	int fds[JF_SYNC_FDS_MAX]; /* received with the message (O_CLOEXEC) */
	size_t n_fds;
};

int jf_sync_send(int fd, int type, const char *payload, size_t len,
		 struct jf_error *err);
/* The same with n (<= JF_SYNC_FDS_MAX) file descriptors attached. */
int jf_sync_send_fds(int fd, int type, const char *payload, size_t len,
		     const int *fds, size_t n, struct jf_error *err);

/* Send an error (best effort: the init exits right after); -1 when nobody
 * is there to read it. */
int jf_sync_send_error(int fd, const struct jf_error *e);

/* Receive one message into msg (heap: it is large).  EOF is an error
 * with errnum EPIPE. */
int jf_sync_recv(int fd, struct jf_sync_msg *msg, struct jf_error *err);

/* After READY or START: wait until the init's end closes (its execve went
 * through: 0) or it sends an error (-1, its message in err). */
int jf_sync_wait_hangup(int fd, struct jf_error *err);

/* Receive and require a type; an ERROR message becomes err. */
int jf_sync_expect(int fd, int type, struct jf_sync_msg *msg,
		   struct jf_error *err);

#endif
