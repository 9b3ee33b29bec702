/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/cpu_placement.h"

#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>

void jf_cpu_placement_prepare(struct jf_cpu_placement *p)
{
	int here = sched_getcpu();

	p->active = false;
	/* More CPUs than a cpu_set_t holds: EINVAL, and nothing is moved. */
	if (here < 0 || here >= CPU_SETSIZE ||
	    sched_getaffinity(0, sizeof(p->own), &p->own) < 0)
		return;
	p->elsewhere = p->own;
	CPU_CLR(here, &p->elsewhere);
	p->active = CPU_COUNT(&p->elsewhere) > 0;
}

void jf_cpu_placement_move(const struct jf_cpu_placement *p, pid_t pid)
{
	if (p->active)
		sched_setaffinity(pid, sizeof(p->elsewhere), &p->elsewhere);
}

bool jf_cpu_placement_unrestricted(const struct jf_cpu_placement *p)
{
	return p->active && CPU_COUNT(&p->own) == get_nprocs();
}

int jf_cpu_placement_restore(const struct jf_cpu_placement *p, bool unrestricted,
			     struct jf_error *err)
{
	cpu_set_t all;

	if (!p->active)
		return 0;
	memset(&all, 0xff, sizeof(all));
	if (sched_setaffinity(0, sizeof(all), unrestricted ? &all : &p->own) < 0)
		return jf_error_errno(err, "restoring the runtime's CPU affinity");
	return 0;
}
