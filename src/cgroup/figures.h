/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The figures of a container's cgroup that its /proc views (procvirt/) are
 * rendered from, read in one go on v1, hybrid and v2.  Limits are the
 * smallest up the tree (every ancestor counts), so that a container in a
 * limited parent (a pod, a systemd slice) sees the parent's limit.
 */
#ifndef JF_CGROUP_FIGURES_H
#define JF_CGROUP_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct jf_cgroup;

#define JF_CG_NO_LIMIT UINT64_MAX

struct jf_cgroup_figures {
	bool v2;	     /* memory.stat and io.stat have the v2 keys */
	bool has_memory;     /* the container has a memory cgroup */
	uint64_t mem_limit;  /* bytes; JF_CG_NO_LIMIT */
	uint64_t mem_usage;  /* bytes */
	bool has_swap;	     /* the kernel accounts swap for it */
	uint64_t swap_limit; /* swap alone, bytes; JF_CG_NO_LIMIT */
	uint64_t swap_usage;
	char *memory_stat;   /* the memory.stat text; NULL when absent */
	char cpus[1024];     /* the effective cpuset ("0-3,6"); "" unknown */
	unsigned quota_cpus; /* ceil(quota/period), least up the tree; 0 none */
	bool has_cpu_usage;
	uint64_t cpu_user_ns, cpu_system_ns; /* totals */
	/* v1 cpuacct.usage_percpu_user / _sys: ns per host CPU; NULL on v2 */
	char *percpu_user, *percpu_sys;
	/* v2 io.stat; v1 blkio.throttle.io_service_bytes_recursive and
	 * io_serviced_recursive.  NULL when absent. */
	char *io_stat, *blkio_bytes, *blkio_ios;
	/* cpu.pressure, memory.pressure, io.pressure; NULL when absent */
	char *pressure[3];
	pid_t *pids; /* every process of the container */
	size_t n_pids;
};

/* Never fails for a missing controller or file (that figure is left
 * unknown); -1 only when out of memory. */
int jf_cgroup_figures_read(const struct jf_cgroup *cg,
			   struct jf_cgroup_figures *ret, struct jf_error *err);
void jf_cgroup_figures_free(struct jf_cgroup_figures *f);

#endif
