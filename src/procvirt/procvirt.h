/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /proc views of a container (DESIGN.md section 4): pure renderers,
 * from the cgroup's figures (cgroup/figures.h) and the host's own files,
 * to the text a program inside reads.  No system calls here: collect.c
 * gathers the input, linux/proc_views.h mounts the result, the shim's
 * loop refreshes it (shim/proc_views.h).
 *
 * One CPU count everywhere: N = min(CPUs of the cpuset, the least
 * ceil(quota/period) of the cgroup and its ancestors), at least 1.
 */
#ifndef JF_PROCVIRT_H
#define JF_PROCVIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup/figures.h"

/* A growing text buffer. */
struct jf_pv_buf {
	char *p;
	size_t len, cap;
};
int jf_pv_printf(struct jf_pv_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void jf_pv_buf_free(struct jf_pv_buf *b);

#define JF_PV_MAX_CPUS 1024

/* The CPUs the container sees: n of them, view CPU k is host CPU host[k]. */
struct jf_pv_cpus {
	unsigned n;
	unsigned host[JF_PV_MAX_CPUS];
};
/* cpuset: the cgroup's list ("" unknown: host_online's); quota_cpus: 0
 * none.  -1 when neither list parses. */
int jf_pv_cpus_pick(const char *cpuset, const char *host_online,
		    unsigned quota_cpus, struct jf_pv_cpus *ret);

/* The load average, as the kernel keeps it: fixed point (11 bits), a
 * sample of the active tasks every 5 s, decayed by exp(-5/60), exp(-5/300),
 * exp(-5/900). */
#define JF_PV_LOAD_TICK_MS 5000u
struct jf_pv_load {
	unsigned long avg[3];
	uint64_t ms; /* time since the last sample */
	bool sampled;
};
/* elapsed_ms since the last call; active = running + uninterruptible. */
void jf_pv_load_update(struct jf_pv_load *l, uint64_t elapsed_ms,
		       unsigned active);

struct jf_pv_input {
	const struct jf_cgroup_figures *cg;
	const struct jf_pv_cpus *cpus;
	/* the host's /proc files (text); any may be NULL */
	const char *host_meminfo, *host_cpuinfo, *host_stat, *host_diskstats;
	double uptime;	   /* the host's, seconds */
	double init_start; /* the container's init, seconds since boot */
	long hz;	   /* USER_HZ (clock ticks of /proc/stat) */
	const struct jf_pv_load *load;
	unsigned nr_running, nr_total;
	pid_t last_pid; /* in the container's pid namespace */
};

/* Each renders one view into out (appended); -1 when out of memory. */
int jf_pv_meminfo(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_cpuinfo(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_stat(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_uptime(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_loadavg(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_cpu_online(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_swaps(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_diskstats(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_pressure_cpu(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_pressure_memory(const struct jf_pv_input *in, struct jf_pv_buf *out);
int jf_pv_pressure_io(const struct jf_pv_input *in, struct jf_pv_buf *out);

/* Every view: where it goes in the container, how it is rendered, and
 * whether this container has what it needs (pressure: the cgroup's PSI). */
struct jf_pv_view {
	const char *path; /* "/proc/meminfo" */
	int (*render)(const struct jf_pv_input *, struct jf_pv_buf *);
	int pressure; /* index into cg->pressure, -1 */
};
extern const struct jf_pv_view jf_pv_views[];
extern const size_t jf_pv_n_views;

#endif
