/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runc's event stream, one JSON object a line:
 * {"type":"stats","id":ID,"data":{...}} every interval (the first after one
 * interval, as runc's ticker) and {"type":"oom","id":ID} when the
 * container's memory cgroup runs out, until the container's init exits;
 * the runtime's event loop (event_loop.h) watches the three.  It takes no
 * lock: it only reads, and must not block the commands that change the
 * container.
 */
#include "container_internal.h"

#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "event_loop.h"
#include "json_write.h"
#include "log.h"
#include "pid_identity.h"

struct events {
	const char *id;
	FILE *out;
	struct jf_cgroup *cg;
	struct jf_cgroup_oom *oom;
	int pidfd;
	struct jf_loop loop;
};

static int flush(struct events *ev, struct jf_error *err)
{
	return fflush(ev->out) == 0 ? 0 : jf_error_errno(err, "events: stdout");
}

/* One event, one compact JSON line: {"type":T,"id":ID[,"data":stats]}. */
static int emit(struct events *ev, const char *type,
		const struct jf_cgroup *stats, struct jf_error *err)
{
	cleanup_free char *line = NULL;
	struct json_writer w;
	size_t len;

	jw_init(&w, NULL);
	jw_object_open(&w);
	jw_member_string(&w, "type", type);
	jw_member_string(&w, "id", ev->id);
	if (stats != NULL) {
		jw_key(&w, "data");
		jf_cgroup_stats_write(stats, &w);
	}
	jw_object_close(&w);
	if (jw_finish(&w, &line, &len, err) < 0)
		return jf_error_wrap(err, "events");
	fwrite(line, 1, len, ev->out);
	return flush(ev, err);
}

static int emit_stats(struct events *ev, struct jf_error *err)
{
	return emit(ev, "stats", ev->cg, err);
}

static int emit_oom(struct events *ev, struct jf_error *err)
{
	uint64_t n = 0;
	bool gone = false;

	if (jf_cgroup_oom_read(ev->oom, &n, &gone, err) < 0)
		return -1;
	if (gone) {
		jf_loop_remove(&ev->loop, jf_cgroup_oom_fd(ev->oom));
		jf_cgroup_oom_free(ev->oom);
		ev->oom = NULL;
	}
	for (uint64_t i = 0; i < n; i++)
		if (emit(ev, "oom", NULL, err) < 0)
			return -1;
	return 0;
}

static int on_oom(struct jf_loop *loop, int fd, uint32_t events, void *data,
		  struct jf_error *err)
{
	return emit_oom(data, err);
}

/* v2 tells of an OOM through a deferred kernfs notification, which may
 * come after the init is gone: the counter, raised before the kill, is
 * read once more. */
static int on_init_exit(struct jf_loop *loop, int fd, uint32_t events,
			void *data, struct jf_error *err)
{
	struct events *ev = data;

	loop->stop = true;
	return ev->oom != NULL ? emit_oom(ev, err) : 0;
}

static bool init_exited(const struct events *ev)
{
	struct pollfd pfd = {.fd = ev->pidfd, .events = POLLIN};

	return poll(&pfd, 1, 0) > 0;
}

/* No stats once the init has gone: its exit ends the stream. */
static int on_tick(struct jf_loop *loop, int fd, uint32_t events, void *data,
		   struct jf_error *err)
{
	struct events *ev = data;

	if (jf_loop_timer_ack(fd) == 0 || init_exited(ev))
		return 0;
	return emit_stats(ev, err);
}

static int watch(struct events *ev, uint64_t interval_ns, struct jf_error *err)
{
	struct jf_error oom_err;

	if (jf_cgroup_oom_watch(ev->cg, &ev->oom, &oom_err) < 0)
		jf_log_warning("events: %s", oom_err.msg);
	if (ev->oom != NULL && jf_loop_add(&ev->loop, jf_cgroup_oom_fd(ev->oom),
					   EPOLLIN, on_oom, ev, err) < 0)
		return -1;
	if (jf_loop_add(&ev->loop, ev->pidfd, EPOLLIN, on_init_exit, ev, err) <
	    0)
		return -1;
	if (jf_loop_add_timer_ns(&ev->loop, interval_ns, interval_ns, on_tick,
				 ev, err) < 0)
		return -1;
	return 0;
}

/* Until the init exits: stats on every tick, OOMs as they come. */
static int stream(struct events *ev, uint64_t interval_ns, struct jf_error *err)
{
	int r = jf_loop_init(&ev->loop, err);

	if (r == 0)
		r = watch(ev, interval_ns, err);
	if (r == 0)
		r = jf_loop_run(&ev->loop, err);
	jf_loop_close(&ev->loop); /* before the OOM watch goes */
	return r;
}

/* The container, its cgroup and a pidfd of its init. */
static int open_container(const char *root, struct events *ev,
			  struct jf_error *err)
{
	struct jf_container *c;
	const char *status;
	int r = 0;

	if (jf_container_open(root, ev->id, false, &c, err) < 0)
		return -1;
	status = jf_container_status(c);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		r = jf_error_set(err, 0, "container \"%s\" is %s: no events",
				 ev->id, status);
	else if (jf_container_cgroup(c, true, &ev->cg, err) < 0)
		r = -1;
	else if ((ev->pidfd = jf_pidfd_open_checked(
		      c->state->pid, c->state->pid_start_time)) < 0)
		r = jf_error_set(err, 0, "container \"%s\" is stopped", ev->id);
	jf_container_close(c);
	return r;
}

int jf_container_events(const char *root, const char *id,
			const struct jf_events_opts *o, struct jf_error *err)
{
	struct events ev = {.id = id, .out = o->out, .pidfd = -1};
	int r;

	r = open_container(root, &ev, err);
	if (r == 0)
		r = o->stats_once ? emit_stats(&ev, err)
				  : stream(&ev, o->interval_ns, err);
	jf_cgroup_oom_free(ev.oom);
	jf_cgroup_free(ev.cg);
	if (ev.pidfd >= 0)
		close(ev.pidfd);
	return r;
}
