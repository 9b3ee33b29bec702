/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime's one event loop: epoll over a fixed table of sources, each
 * an fd with a callback.  The shim's supervision plugs in here (the log
 * pipes, the init's pidfd, a signalfd, timers, the monitor's fd, the /proc
 * views' refresh timer), and so does `events` (the init's pidfd, the stats
 * timer, the OOM notifications).  No threads, no allocation after
 * jf_loop_init: the table is fixed-size.
 */
#ifndef JF_EVENT_LOOP_H
#define JF_EVENT_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define JF_LOOP_MAX_SOURCES 16

struct jf_loop;

/* Called with the epoll events that fired (EPOLLIN, EPOLLHUP...).  A
 * callback may remove its own source, add others, or stop the loop;
 * returning < 0 stops the loop with that error. */
typedef int (*jf_loop_fn)(struct jf_loop *loop, int fd, uint32_t events,
			  void *data, struct jf_error *err);

struct jf_loop_source {
	int fd;	    /* -1: free slot */
	bool owned; /* closed by jf_loop_remove (timers) */
	jf_loop_fn fn;
	void *data;
};

struct jf_loop {
	int epfd;
	bool stop;
	struct jf_loop_source src[JF_LOOP_MAX_SOURCES];
};

int jf_loop_init(struct jf_loop *loop, struct jf_error *err);
void jf_loop_close(struct jf_loop *loop);

/* Watch fd for events (EPOLLIN...). */
int jf_loop_add(struct jf_loop *loop, int fd, uint32_t events, jf_loop_fn fn,
		void *data, struct jf_error *err);
/* Stop watching fd (not closed, unless the loop owns it). */
void jf_loop_remove(struct jf_loop *loop, int fd);

/* A timer: first after first_ms, then every period_ms (0: once).  Returns
 * its fd (the loop owns it: jf_loop_remove closes it).  The callback must
 * read the fd (jf_loop_timer_ack) or it fires again at once. */
int jf_loop_add_timer(struct jf_loop *loop, unsigned first_ms,
		      unsigned period_ms, jf_loop_fn fn, void *data,
		      struct jf_error *err);
/* The same in nanoseconds (runc's `events --interval` takes any Go
 * duration, "100us" too). */
int jf_loop_add_timer_ns(struct jf_loop *loop, uint64_t first_ns,
			 uint64_t period_ns, jf_loop_fn fn, void *data,
			 struct jf_error *err);
/* How many expirations since the last call (reads the timerfd). */
uint64_t jf_loop_timer_ack(int fd);

/* Until a callback stops it (loop->stop = true) or fails. */
int jf_loop_run(struct jf_loop *loop, struct jf_error *err);

#endif
