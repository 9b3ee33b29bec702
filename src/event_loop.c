/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "event_loop.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define NS_PER_MS 1000000ull
#define NS_PER_S  1000000000ull

int jf_loop_init(struct jf_loop *loop, struct jf_error *err)
{
	memset(loop, 0, sizeof(*loop));
	for (size_t i = 0; i < JF_LOOP_MAX_SOURCES; i++)
		loop->src[i].fd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		return jf_error_errno(err, "event loop: epoll");
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
				    "event loop: more than %d event sources",
				    JF_LOOP_MAX_SOURCES);
	ev.data.ptr = s;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return jf_error_errno(err, "event loop: watching fd %d", fd);
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

static struct timespec ns_to_timespec(uint64_t ns)
{
	return (struct timespec){.tv_sec = (time_t)(ns / NS_PER_S),
				 .tv_nsec = (long)(ns % NS_PER_S)};
}

int jf_loop_add_timer_ns(struct jf_loop *loop, uint64_t first_ns,
			 uint64_t period_ns, jf_loop_fn fn, void *data,
			 struct jf_error *err)
{
	struct itimerspec its = {
	    .it_value = ns_to_timespec(first_ns ? first_ns : 1), /* 0 disarms */
	    .it_interval = ns_to_timespec(period_ns),
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return jf_error_errno(err, "event loop: timerfd");
	if (timerfd_settime(fd, 0, &its, NULL) < 0) {
		jf_error_errno(err, "event loop: timerfd");
		close(fd);
		return -1;
	}
	if (add(loop, fd, EPOLLIN, true, fn, data, err) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int jf_loop_add_timer(struct jf_loop *loop, unsigned first_ms,
		      unsigned period_ms, jf_loop_fn fn, void *data,
		      struct jf_error *err)
{
	return jf_loop_add_timer_ns(loop, (uint64_t)first_ms * NS_PER_MS,
				    (uint64_t)period_ms * NS_PER_MS, fn, data,
				    err);
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
			return jf_error_errno(err, "event loop: epoll_wait");
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
