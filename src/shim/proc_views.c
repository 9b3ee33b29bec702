/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc views' refresher (shim/proc_views.h). */
#include "shim/proc_views.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "fs_util.h"
#include "linux/view_mounts.h"
#include "log.h"
#include "pid_identity.h"
#include "procvirt/collect.h"
#include "shim/loop.h"
#include "state_dir.h"

#define MAX_VIEWS 16

static struct {
	bool active;
	pid_t owner; /* the process whose fds pv.m holds */
	pid_t init;
	uint64_t init_start;
	unsigned period_ms;
	struct jf_cgroup *cg;
	struct jf_view_mounts m;
	struct jf_pv_collector col;
	bool wanted[MAX_VIEWS];
	bool mounted[MAX_VIEWS];
	struct jf_pv_buf last[MAX_VIEWS];
	int timer;
} pv = {.timer = -1};

bool jf_proc_views_active(void)
{
	return pv.active;
}

/* Whether a view has something to show here: the pressure files only
 * where the host has PSI and the cgroup its own files. */
static bool view_wanted(const struct jf_pv_view *v)
{
	if (v->pressure < 0)
		return true;
	return pv.col.f.pressure[v->pressure] != NULL &&
	       access(v->path, F_OK) == 0;
}

/* Render every view; put the ones that changed (first: all) in place. */
static int refresh(bool first, struct jf_error *err)
{
	struct jf_pv_buf next[MAX_VIEWS] = {{0}};
	bool changed[MAX_VIEWS] = {false}, any = false;
	struct jf_view_put puts[MAX_VIEWS];
	size_t idx[MAX_VIEWS], n = 0;
	int rc = 0;

	if (jf_pv_collect(&pv.col, err) < 0)
		return -1;
	for (size_t i = 0; i < jf_pv_n_views && i < MAX_VIEWS; i++) {
		const struct jf_pv_view *v = &jf_pv_views[i];
		if (first)
			pv.wanted[i] = view_wanted(v);
		if (!pv.wanted[i])
			continue;
		if (v->render(&pv.col.in, &next[i]) < 0) {
			rc = jf_error_set(err, ENOMEM, "proc views: %s",
					  v->path);
			goto out;
		}
		changed[i] = first || next[i].len != pv.last[i].len ||
			     (next[i].len > 0 && memcmp(next[i].p, pv.last[i].p,
							next[i].len) != 0);
		any |= changed[i];
	}
	if (!any)
		goto out;
	for (size_t i = 0; i < jf_pv_n_views && i < MAX_VIEWS; i++) {
		if (!changed[i])
			continue;
		idx[n] = i;
		puts[n++] = (struct jf_view_put){
		    .path = jf_pv_views[i].path,
		    .data = next[i].p ? next[i].p : "",
		    .len = next[i].len,
		    .mounted = pv.mounted[i]};
	}
	if (jf_view_mounts_put(&pv.m, puts, n, err) < 0) {
		/* Stuck in the container's mount namespace: never go on. */
		jf_log_error(err);
		_exit(1);
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		pv.mounted[i] = puts[k].mounted;
		if (puts[k].result == 0) {
			struct jf_pv_buf t = pv.last[i];
			pv.last[i] = next[i];
			next[i] = t;
		} else if (first && i > 0) {
			/* the container has no such file (no /sys): skipped */
			pv.wanted[i] = false;
		} else if (first) {
			rc = -1; /* not even meminfo: err says why */
		} else {
			jf_log_warning("%s", err->msg);
		}
	}
out:
	for (size_t i = 0; i < MAX_VIEWS; i++)
		jf_pv_buf_free(&next[i]);
	jf_pv_collect_release(&pv.col);
	return rc;
}

int jf_proc_views_mount(pid_t init, uint64_t init_start,
			const char *cgroup_path, bool systemd,
			unsigned period_ms, struct jf_error *err)
{
	struct jf_error ignored;

	pv.init = init;
	pv.init_start = init_start;
	pv.period_ms = period_ms;
	if (cgroup_path != NULL &&
	    jf_cgroup_open(cgroup_path, systemd, &pv.cg, &ignored) < 0)
		pv.cg = NULL;
	jf_pv_collector_init(&pv.col, pv.cg, init_start);
	if (jf_view_mounts_open(&pv.m, init, err) < 0 ||
	    refresh(true, err) < 0) {
		jf_proc_views_close();
		return jf_error_wrap(err,
				     "annotations.org.jfrun.proc.virtualize");
	}
	pv.active = true;
	pv.owner = getpid();
	return 0;
}

int jf_proc_views_refresh(struct jf_error *err)
{
	return refresh(false, err);
}

static int on_timer(struct jf_loop *loop, int fd, uint32_t events, void *data,
		    struct jf_error *err)
{
	struct jf_error e = {0};

	jf_loop_timer_ack(fd);
	if (refresh(false, &e) < 0)
		jf_log_warning("%s", e.msg);
	return 0;
}

int jf_proc_views_attach(struct jf_loop *loop, int dirfd, struct jf_error *err)
{
	char buf[64];
	uint64_t start = 0;
	int n;

	if (!pv.active)
		return 0;
	if (pv.owner != getpid()) {
		/* the sidecar: a fork that closed the fds of `create` */
		if (jf_view_mounts_open(&pv.m, pv.init, err) < 0)
			return -1;
		pv.owner = getpid();
	}
	jf_proc_stat(getpid(), &start, NULL);
	n = snprintf(buf, sizeof(buf), "%d %llu\n", (int)getpid(),
		     (unsigned long long)start);
	if (jf_write_file_atomic_at(dirfd, JF_PROC_VIEWS_PID_FILE, buf,
				    (size_t)n, err) < 0)
		return -1;
	pv.timer = jf_loop_add_timer(loop, pv.period_ms, pv.period_ms, on_timer,
				     NULL, err);
	return pv.timer < 0 ? -1 : 0;
}

void jf_proc_views_close(void)
{
	jf_view_mounts_close(&pv.m);
	jf_pv_collector_free(&pv.col);
	for (size_t i = 0; i < MAX_VIEWS; i++)
		jf_pv_buf_free(&pv.last[i]);
	if (pv.cg != NULL)
		jf_cgroup_free(pv.cg);
	pv.cg = NULL;
	pv.active = false;
}

bool jf_proc_views_stale(const struct jf_container *c)
{
	char *text = NULL;
	unsigned long long start = 0;
	int pid = 0;
	bool stale;

	if (c->state == NULL || c->state->has_exit ||
	    jf_read_file_at(c->dirfd, JF_PROC_VIEWS_PID_FILE, 64, &text, NULL,
			    NULL) < 0)
		return false;
	stale = sscanf(text, "%d %llu", &pid, &start) != 2 ||
		!jf_proc_is_same_alive(pid, start);
	free(text);
	return stale &&
	       jf_proc_is_same_alive(c->state->pid, c->state->pid_start_time);
}
