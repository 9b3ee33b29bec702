/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The init on another CPU than the runtime while both set the container up
 * side by side (cgroup_late: the init mounts while the runtime claims the
 * state dir and makes the cgroup).  The scheduler may keep a forked child
 * on its parent's CPU: on KVM guests a halted vCPU looks preempted and is
 * passed over, and a new task's short first deadline lets it preempt its
 * parent.  Then the two take turns on one CPU while another idles, and the
 * "side by side" is lost (~0.5 ms per create here).  So the init is kept off
 * the runtime's CPU until it joins its cgroups, and may run anywhere again
 * before that.  (Moving the runtime instead costs it a
 * migration to a halted vCPU while the init waits for it: slower.)
 *
 * Since Linux 6.2 sched_setaffinity also leaves a "user requested" mask
 * that later cpuset changes are cut to, and children inherit.  So the init
 * is moved only when the runtime may run on every online CPU (usually:
 * nobody restricted it), and then gets every possible CPU back, which cuts
 * nothing, as if it had never been moved.  A restricted runtime (taskset,
 * a cpuset) leaves the init where the scheduler put it.  (Whatever happens
 * here, linux/cpu_affinity.h gives the init every CPU of its cpuset once
 * it is in its cgroup: it never keeps the runtime's affinity.)
 */
#ifndef JF_LINUX_CPU_PLACEMENT_H
#define JF_LINUX_CPU_PLACEMENT_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

struct jf_cpu_placement {
	bool active;         /* the runtime may run on every online CPU, 2+ */
	cpu_set_t own;       /* the runtime's affinity */
	cpu_set_t elsewhere; /* own but the CPU the runtime cloned on */
};

/* Runtime, just before the clone. */
void jf_cpu_placement_prepare(struct jf_cpu_placement *p);

/* Keep pid (0: the caller) off the runtime's CPU.  Both sides call it,
 * the runtime after the clone and the init first thing, as either may run
 * first; a failure only costs time. */
void jf_cpu_placement_move(const struct jf_cpu_placement *p, pid_t pid);

/* Init, before it joins its cgroups: every possible CPU again. */
int jf_cpu_placement_restore(const struct jf_cpu_placement *p,
			     struct jf_error *err);

#endif
