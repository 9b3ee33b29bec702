/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/loop.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

int jf_loop_init(struct jf_loop *loop, struct jf_error *err)
{
	memset(loop, 0, sizeof(*loop));
	for (size_t i = 0; i < JF_LOOP_MAX_SOURCES; i++)
		loop->src[i].fd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		return jf_error_errno(err, "shim: epoll");
	return 0;
}

void jf_loop_close(struct jf_loop *loop)
{
	for (size_t i = 0; i < JF_LOOP_MAX_SOURCES; i++)
		if (loop->src[i].fd >= 0)
			jf_loop_remove(loop, loop->src[i].fd);
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
}

static struct jf_loop_source *find(struct jf_loop *loop, int fd)
{
	for (size_t i = 0; i < JF_LOOP_MAX_SOURCES; i++)
		if (loop->src[i].fd == fd)
			return &loop->src[i];
	return NULL;
}

static int add(struct jf_loop *loop, int fd, uint32_t events, bool owned,
	       jf_loop_fn fn, void *data, struct jf_error *err)
{
	struct jf_loop_source *s = find(loop, -1);
	struct epoll_event ev = {.events = events};

	if (s == NULL)
		return jf_error_set(err, ENOSPC,
				    "shim: more than %d event sources",
				    JF_LOOP_MAX_SOURCES);
	ev.data.ptr = s;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return jf_error_errno(err, "shim: watching fd %d", fd);
	*s = (struct jf_loop_source){
	    .fd = fd, .owned = owned, .fn = fn, .data = data};
	return 0;
}

int jf_loop_add(struct jf_loop *loop, int fd, uint32_t events, jf_loop_fn fn,
		void *data, struct jf_error *err)
{
	return add(loop, fd, events, false, fn, data, err);
}

void jf_loop_remove(struct jf_loop *loop, int fd)
{
	struct jf_loop_source *s = fd >= 0 ? find(loop, fd) : NULL;

	if (s == NULL)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
	if (s->owned)
		close(fd);
	s->fd = -1;
	s->fn = NULL;
}

int jf_loop_add_timer(struct jf_loop *loop, unsigned first_ms,
		      unsigned period_ms, jf_loop_fn fn, void *data,
		      struct jf_error *err)
{
	struct itimerspec its = {
	    .it_value = {first_ms / 1000, (long)(first_ms % 1000) * 1000000},
	    .it_interval = {period_ms / 1000,
			    (long)(period_ms % 1000) * 1000000},
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return jf_error_errno(err, "shim: timerfd");
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1; /* 0 would disarm it */
	if (timerfd_settime(fd, 0, &its, NULL) < 0) {
		jf_error_errno(err, "shim: timerfd");
		close(fd);
		return -1;
	}
	if (add(loop, fd, EPOLLIN, true, fn, data, err) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

uint64_t jf_loop_timer_ack(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

int jf_loop_run(struct jf_loop *loop, struct jf_error *err)
{
	struct epoll_event evs[JF_LOOP_MAX_SOURCES];

	while (!loop->stop) {
		int n = epoll_wait(loop->epfd, evs, JF_LOOP_MAX_SOURCES, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return jf_error_errno(err, "shim: epoll_wait");
		}
		for (int i = 0; i < n && !loop->stop; i++) {
			struct jf_loop_source *s = evs[i].data.ptr;
			/* Removed by an earlier callback of this round. */
			if (s->fd < 0 || s->fn == NULL)
				continue;
			if (s->fn(loop, s->fd, evs[i].events, s->data, err) < 0)
				return -1;
		}
	}
	return 0;
}
