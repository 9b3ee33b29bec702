/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The renderers' input (procvirt/collect.h). */
#include "procvirt/collect.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"

#define HOST_FILE_MAX (4u << 20)

static char *host_file(const char *path)
{
	char *text = NULL;

	if (jf_read_file_at(AT_FDCWD, path, HOST_FILE_MAX, &text, NULL, NULL) <
	    0)
		return NULL;
	return text;
}

static uint64_t now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void jf_pv_collector_init(struct jf_pv_collector *c, const struct jf_cgroup *cg,
			  uint64_t init_start)
{
	memset(c, 0, sizeof(*c));
	c->cg = cg;
	c->init_start = init_start;
	c->cpuinfo = host_file("/proc/cpuinfo");
}

/* The state letter of a process ('?' when gone). */
static char task_state(pid_t pid)
{
	char path[40], buf[512];
	const char *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

/* The pid of a process in its innermost pid namespace. */
static pid_t ns_pid(pid_t pid)
{
	char path[40];
	char *text = NULL, *line;
	pid_t last = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (jf_read_file_at(AT_FDCWD, path, 65536, &text, NULL, NULL) < 0)
		return 0;
	line = strstr(text, "\nNSpid:");
	if (line != NULL) {
		char *p = line + 7, *end;
		for (;;) {
			long v = strtol(p, &end, 10);
			if (end == p)
				break;
			last = (pid_t)v;
			p = end;
		}
	}
	free(text);
	return last;
}

static void count_tasks(struct jf_pv_collector *c, unsigned *active)
{
	pid_t newest = 0;

	*active = 0;
	c->in.nr_running = 0;
	c->in.nr_total = (unsigned)c->f.n_pids;
	for (size_t i = 0; i < c->f.n_pids; i++) {
		char s = task_state(c->f.pids[i]);
		if (s == 'R')
			c->in.nr_running++;
		if (s == 'R' || s == 'D')
			(*active)++;
		if (c->f.pids[i] > newest)
			newest = c->f.pids[i];
	}
	c->in.last_pid = newest > 0 ? ns_pid(newest) : 0;
}

int jf_pv_collect(struct jf_pv_collector *c, struct jf_error *err)
{
	uint64_t mono = now_ms(CLOCK_MONOTONIC);
	long hz = sysconf(_SC_CLK_TCK);
	char *online;
	unsigned active;

	jf_pv_collect_release(c);
	if (hz <= 0)
		hz = 100;
	if (jf_cgroup_figures_read(c->cg, &c->f, err) < 0)
		return -1;
	c->meminfo = host_file("/proc/meminfo");
	c->stat = host_file("/proc/stat");
	c->diskstats = host_file("/proc/diskstats");
	online = host_file("/sys/devices/system/cpu/online");
	if (jf_pv_cpus_pick(c->f.cpus, online, c->f.quota_cpus, &c->cpus) < 0) {
		c->cpus.n = 1;
		c->cpus.host[0] = 0;
	}
	free(online);
	count_tasks(c, &active);
	jf_pv_load_update(&c->load, c->last_ms ? mono - c->last_ms : 0, active);
	c->last_ms = mono;
	c->in.cg = &c->f;
	c->in.cpus = &c->cpus;
	c->in.host_meminfo = c->meminfo;
	c->in.host_cpuinfo = c->cpuinfo;
	c->in.host_stat = c->stat;
	c->in.host_diskstats = c->diskstats;
	c->in.uptime = (double)now_ms(CLOCK_BOOTTIME) / 1000.0;
	c->in.init_start = (double)c->init_start / (double)hz;
	c->in.hz = hz;
	c->in.load = &c->load;
	if (c->meminfo == NULL)
		return jf_error_set(err, 0,
				    "proc views: cannot read the "
				    "host's /proc/meminfo");
	return 0;
}

void jf_pv_collect_release(struct jf_pv_collector *c)
{
	jf_cgroup_figures_free(&c->f);
	free(c->meminfo);
	free(c->stat);
	free(c->diskstats);
	c->meminfo = c->stat = c->diskstats = NULL;
}

void jf_pv_collector_free(struct jf_pv_collector *c)
{
	jf_pv_collect_release(c);
	free(c->cpuinfo);
	c->cpuinfo = NULL;
}
