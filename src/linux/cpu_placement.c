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
	/* Only a runtime nobody restricted (see the header). */
	p->active = CPU_COUNT(&p->elsewhere) > 0 &&
		    CPU_COUNT(&p->own) == get_nprocs();
}

void jf_cpu_placement_move(const struct jf_cpu_placement *p, pid_t pid)
{
	if (p->active)
		sched_setaffinity(pid, sizeof(p->elsewhere), &p->elsewhere);
}

int jf_cpu_placement_restore(const struct jf_cpu_placement *p,
			     struct jf_error *err)
{
	cpu_set_t all;

	if (!p->active)
		return 0;
	memset(&all, 0xff, sizeof(all));
	if (sched_setaffinity(0, sizeof(all), &all) < 0)
		return jf_error_errno(err, "restoring the runtime's CPU affinity");
	return 0;
}
