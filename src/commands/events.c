/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `events [--stats] [--interval D] ID`: runc's event stream, one JSON object
 * a line: {"type":"stats","id":ID,"data":{...}} every interval (the first
 * after one interval, as runc's ticker) and {"type":"oom","id":ID} when the
 * container's memory cgroup runs out, until the container's init exits.
 * --stats prints one stats event and exits.  It takes no lock: it only
 * reads, and must not block the commands that change the container.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "json_write.h"
#include "log.h"
#include "pid_identity.h"

#define NS_PER_S 1000000000ull

struct events {
	const char *id;
	struct jf_cgroup *cg;
	struct jf_cgroup_oom *oom;
	int pidfd;
	int timerfd;
};

/*
 * A Go duration as runc's --interval takes it: one or more <number><unit>
 * ("5s", "1.5s", "100ms", "1m30s"), units ns us µs ms s m h.
 */
static int parse_duration(const char *text, uint64_t *ret_ns,
			  struct jf_error *err)
{
	static const struct {
		const char *name;
		double ns;
	} units[] = {
	    {"ns", 1},	 {"us", 1e3}, {"\u00b5s", 1e3}, {"\u03bcs", 1e3},
	    {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},	{"h", 3600e9},
	};
	const char *p = text;
	double total = 0;

	while (*p != '\0') {
		size_t digits = strspn(p, "0123456789.");
		size_t i, len = 0;
		char *end;
		double v;

		if (digits == 0 || (digits == 1 && *p == '.'))
			goto bad;
		v = strtod(p, &end);
		if (end != p + digits)
			goto bad;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			len = strlen(units[i].name);
			if (strncmp(end, units[i].name, len) == 0 &&
			    (end[len] < 'a' || end[len] > 'z'))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0]))
			goto bad;
		total += v * units[i].ns;
		p = end + len;
	}
	if (total < 1 || total > 1e18)
		goto bad;
	*ret_ns = (uint64_t)total;
	return 0;
bad:
	return jf_error_set(err, 0,
			    "events: --interval: invalid duration \"%s\" "
			    "(expected e.g. 5s, 500ms, 1m; more than 0)",
			    text);
}

/* One event, one compact JSON line: {"type":T,"id":ID[,"data":stats]}. */
static int emit(const struct events *ev, const char *type,
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
	fwrite(line, 1, len, stdout);
	return fflush(stdout) == 0 ? 0 : jf_error_errno(err, "events: stdout");
}

static int emit_stats(const struct events *ev, struct jf_error *err)
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
		jf_cgroup_oom_free(ev->oom);
		ev->oom = NULL;
	}
	for (uint64_t i = 0; i < n; i++)
		if (emit(ev, "oom", NULL, err) < 0)
			return -1;
	return 0;
}

static int start_timer(struct events *ev, uint64_t interval_ns,
		       struct jf_error *err)
{
	struct itimerspec its = {
	    .it_interval = {(time_t)(interval_ns / NS_PER_S),
			    (long)(interval_ns % NS_PER_S)},
	};

	its.it_value = its.it_interval;
	ev->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (ev->timerfd < 0 || timerfd_settime(ev->timerfd, 0, &its, NULL) < 0)
		return jf_error_errno(err, "events: timer");
	return 0;
}

/* Until the init exits: stats on every tick, OOMs as they come. */
static int stream(struct events *ev, uint64_t interval_ns, struct jf_error *err)
{
	struct jf_error oom_err;

	if (start_timer(ev, interval_ns, err) < 0)
		return -1;
	if (jf_cgroup_oom_watch(ev->cg, &ev->oom, &oom_err) < 0)
		jf_log_warning("events: %s", oom_err.msg);
	for (;;) {
		struct pollfd pfd[3] = {
		    {.fd = ev->pidfd, .events = POLLIN},
		    {.fd = ev->timerfd, .events = POLLIN},
		    {.fd = ev->oom ? jf_cgroup_oom_fd(ev->oom) : -1,
		     .events = POLLIN},
		};
		uint64_t ticks;

		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return jf_error_errno(err, "events: poll");
		}
		/* OOMs first: the OOM killer may be what ends the init. */
		if ((pfd[2].revents & POLLIN) && emit_oom(ev, err) < 0)
			return -1;
		/* v2 tells of an OOM through a deferred kernfs notification,
		 * which may come after the init is gone: the counter, raised
		 * before the kill, is read once more. */
		if (pfd[0].revents & POLLIN)
			return ev->oom ? emit_oom(ev, err) : 0;
		if ((pfd[1].revents & POLLIN) &&
		    read(ev->timerfd, &ticks, sizeof(ticks)) == sizeof(ticks) &&
		    emit_stats(ev, err) < 0)
			return -1;
	}
}

/* The container, its cgroup and a pidfd of its init. */
static int open_container(const struct jf_globals *g, struct events *ev,
			  struct jf_error *err)
{
	struct jf_container *c;
	const char *status;
	int r = 0;

	if (jf_container_open(g->root, ev->id, false, &c, err) < 0)
		return -1;
	status = jf_container_status(c);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		r = jf_error_set(err, 0, "container \"%s\" is %s: no events",
				 ev->id, status);
	else if (c->state->cgroup_path == NULL)
		r = jf_error_set(err, 0, "container \"%s\" has no cgroup",
				 ev->id);
	else if (jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup,
				&ev->cg, err) < 0)
		r = -1;
	else if ((ev->pidfd = jf_pidfd_open_checked(
		      c->state->pid, c->state->pid_start_time)) < 0)
		r = jf_error_set(err, 0, "container \"%s\" is stopped", ev->id);
	jf_container_close(c);
	return r;
}

static void events_free(struct events *ev)
{
	jf_cgroup_oom_free(ev->oom);
	jf_cgroup_free(ev->cg);
	if (ev->pidfd >= 0)
		close(ev->pidfd);
	if (ev->timerfd >= 0)
		close(ev->timerfd);
}

int jf_cmd_events(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	static const struct option opts[] = {
	    {"stats", no_argument, NULL, 's'},
	    {"interval", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	struct events ev = {.pidfd = -1, .timerfd = -1};
	uint64_t interval_ns = 5 * NS_PER_S;
	bool stats_once = false;
	int ch, r;

	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (ch == 's')
			stats_once = true;
		else if (ch != 'i')
			return jf_error_set(err, 0, "events: bad option");
		else if (parse_duration(optarg, &interval_ns, err) < 0)
			return -1;
	}
	if (jf_take_id(argc, argv, "events", &ev.id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(
		    err, 0, "events: unexpected argument \"%s\"", argv[optind]);
	r = open_container(g, &ev, err);
	if (r == 0)
		r = stats_once ? emit_stats(&ev, err)
			       : stream(&ev, interval_ns, err);
	events_free(&ev);
	return r;
}
