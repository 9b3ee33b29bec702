/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CPU affinity of the container's processes.  They never keep jfrun's own
 * (`taskset -c 0 jfrun run ...` must not pin the container to CPU 0, as
 * runc >= 1.2): each one asks for every CPU once in its cgroup, which the
 * kernel cuts to the cpuset.  `exec` honours process.execCPUAffinity
 * (runtime-spec 1.2.1): `initial` from the fork until the process is in
 * the container's cgroup, `final` after that (instead of every CPU).  The
 * spec makes execCPUAffinity not apply to the init.
 */
#ifndef JF_LINUX_CPU_AFFINITY_H
#define JF_LINUX_CPU_AFFINITY_H

#include <sched.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

/* "0-3,7" into *set; the error names `field`. */
int jf_cpu_list_parse(const char *list, const char *field, cpu_set_t *set,
		      struct jf_error *err);

/* Both lists of process.execCPUAffinity, when given, parse. */
int jf_exec_affinity_check(const struct oci_process *p, struct jf_error *err);

/* Runtime, between the fork and the cgroup: `initial` on pid. */
int jf_exec_affinity_initial(const struct oci_process *p, pid_t pid,
			     struct jf_error *err);

/* The process itself, in its cgroup: `final` of p when p has one (p NULL
 * for the init), else every CPU. */
int jf_affinity_final(const struct oci_process *p, struct jf_error *err);

#endif
