/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OOM notifications for `events`.  v1: an eventfd registered on
 * memory.oom_control through cgroup.event_control (the kernel adds one to
 * its counter per OOM, and once more when the cgroup is removed).  v2: an
 * inotify watch on memory.events, whose oom_kill counter is compared with
 * the last one seen (the file changes for other reasons too).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "cgroup/stats/stats.h"
#include "cleanup.h"

struct jf_cgroup_oom {
	int fd;
	bool v2;
	char events[4200]; /* v2 memory.events; v1 cgroup.event_control */
	uint64_t last;	   /* v2: oom_kill when last read */
};

static uint64_t v2_oom_kills(const char *path)
{
	cleanup_free char *text = NULL;

	if (cg_read_alloc(path, &text, NULL) < 0)
		return 0;
	return cg_stats_kv(text, "oom_kill");
}

static int watch_v1(const struct jf_cgroup *cg, int h, struct jf_cgroup_oom *w,
		    struct jf_error *err)
{
	char path[4200], line[64];
	cleanup_close int oom_control = -1;

	if (cg_file(cg, h, "memory.oom_control", path, sizeof(path)) < 0 ||
	    cg_file(cg, h, "cgroup.event_control", w->events,
		    sizeof(w->events)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	oom_control = open(path, O_RDONLY | O_CLOEXEC);
	if (oom_control < 0)
		return jf_error_errno(err, "%s", path);
	w->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->fd < 0)
		return jf_error_errno(err, "eventfd");
	snprintf(line, sizeof(line), "%d %d", w->fd, oom_control);
	return cg_write(w->events, line, err);
}

static int watch_v2(const struct jf_cgroup *cg, int h, struct jf_cgroup_oom *w,
		    struct jf_error *err)
{
	if (cg_file(cg, h, "memory.events", w->events, sizeof(w->events)) < 0)
		return jf_error_set(err, 0, "cgroup path too long");
	w->v2 = true;
	w->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (w->fd < 0)
		return jf_error_errno(err, "inotify");
	if (inotify_add_watch(w->fd, w->events, IN_MODIFY) < 0)
		return jf_error_errno(err, "watching %s", w->events);
	w->last = v2_oom_kills(w->events);
	return 0;
}

int jf_cgroup_oom_watch(const struct jf_cgroup *cg, struct jf_cgroup_oom **ret,
			struct jf_error *err)
{
	int h = cg_stats_hier(cg, "memory");
	struct jf_cgroup_oom *w;
	int r;

	*ret = NULL;
	if (h < 0)
		return 0; /* no memory cgroup: no limit to run out of */
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return jf_error_errno(err, "OOM watch");
	w->fd = -1;
	if (cg->layout->hier[h].v2)
		r = watch_v2(cg, h, w, err);
	else
		r = watch_v1(cg, h, w, err);
	if (r < 0) {
		jf_cgroup_oom_free(w);
		return jf_error_wrap(err, "OOM notifications");
	}
	*ret = w;
	return 0;
}

int jf_cgroup_oom_fd(const struct jf_cgroup_oom *w)
{
	return w->fd;
}

static int read_v1(struct jf_cgroup_oom *w, uint64_t *ret_n, bool *ret_gone,
		   struct jf_error *err)
{
	uint64_t n = 0;

	if (read(w->fd, &n, sizeof(n)) != sizeof(n) && errno != EAGAIN)
		return jf_error_errno(err, "reading OOM notifications");
	/* The removal of the cgroup is signalled the same way. */
	if (access(w->events, F_OK) < 0) {
		*ret_gone = true;
		return 0;
	}
	*ret_n = n;
	return 0;
}

static int read_v2(struct jf_cgroup_oom *w, uint64_t *ret_n, bool *ret_gone,
		   struct jf_error *err)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	uint64_t now;

	while (read(w->fd, buf, sizeof(buf)) > 0)
		; /* drain: we only need to know that it changed */
	if (errno != EAGAIN)
		return jf_error_errno(err, "reading OOM notifications");
	if (access(w->events, F_OK) < 0) {
		*ret_gone = true;
		return 0;
	}
	now = v2_oom_kills(w->events);
	*ret_n = now > w->last ? now - w->last : 0;
	w->last = now;
	return 0;
}

int jf_cgroup_oom_read(struct jf_cgroup_oom *w, uint64_t *ret_n, bool *ret_gone,
		       struct jf_error *err)
{
	*ret_n = 0;
	*ret_gone = false;
	return w->v2 ? read_v2(w, ret_n, ret_gone, err)
		     : read_v1(w, ret_n, ret_gone, err);
}

void jf_cgroup_oom_free(struct jf_cgroup_oom *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}
