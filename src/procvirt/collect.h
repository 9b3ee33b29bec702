/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The input of the renderers, gathered: the cgroup's figures, the host's
 * /proc files (read in the refresher's own mount namespace, never through
 * the views), the container's tasks, the clocks.  The renderers stay pure;
 * this is the one file of procvirt/ that reads.
 */
#ifndef JF_PROCVIRT_COLLECT_H
#define JF_PROCVIRT_COLLECT_H

#include "procvirt/procvirt.h"

struct jf_pv_collector {
	const struct jf_cgroup *cg; /* may be NULL */
	uint64_t init_start;	    /* clock ticks since boot */
	struct jf_pv_load load;
	uint64_t last_ms; /* CLOCK_MONOTONIC of the last collect */
	char *cpuinfo;	  /* read once */
	/* this round's */
	struct jf_cgroup_figures f;
	struct jf_pv_cpus cpus;
	char *meminfo, *stat, *diskstats;
	struct jf_pv_input in;
};

void jf_pv_collector_init(struct jf_pv_collector *c, const struct jf_cgroup *cg,
			  uint64_t init_start);
/* Fills c->in; -1 when out of memory or the host's files are unreadable. */
int jf_pv_collect(struct jf_pv_collector *c, struct jf_error *err);
/* What a round took (jf_pv_collect frees the last round's itself). */
void jf_pv_collect_release(struct jf_pv_collector *c);
void jf_pv_collector_free(struct jf_pv_collector *c);

#endif
