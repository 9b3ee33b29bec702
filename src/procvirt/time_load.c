/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/uptime and /proc/loadavg of the container. */
#include "procvirt/procvirt.h"

#define FSHIFT	11
#define FIXED_1 (1ul << FSHIFT)
/* FIXED_1 * exp(-5 s / 1, 5, 15 min): the kernel's EXP_1, EXP_5, EXP_15 */
static const unsigned long exp_5s[3] = {1884, 2014, 2037};

static unsigned long calc_load(unsigned long load, unsigned long e,
			       unsigned long active)
{
	unsigned long next = load * e + active * (FIXED_1 - e);

	if (active >= load)
		next += FIXED_1 - 1;
	return next / FIXED_1;
}

void jf_pv_load_update(struct jf_pv_load *l, uint64_t elapsed_ms,
		       unsigned active)
{
	l->ms += elapsed_ms;
	if (!l->sampled) {
		/* the first sample: no history to decay from */
		for (int i = 0; i < 3; i++)
			l->avg[i] = 0;
		l->sampled = true;
		l->ms = JF_PV_LOAD_TICK_MS;
	}
	while (l->ms >= JF_PV_LOAD_TICK_MS) {
		for (int i = 0; i < 3; i++)
			l->avg[i] = calc_load(l->avg[i], exp_5s[i],
					      (unsigned long)active * FIXED_1);
		l->ms -= JF_PV_LOAD_TICK_MS;
	}
}

int jf_pv_loadavg(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	const unsigned long *a = in->load->avg;
#define INT(x)	((x) >> FSHIFT)
#define FRAC(x) ((((x) & (FIXED_1 - 1)) * 100) >> FSHIFT)
	return jf_pv_printf(out, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
			    INT(a[0]), FRAC(a[0]), INT(a[1]), FRAC(a[1]),
			    INT(a[2]), FRAC(a[2]), in->nr_running, in->nr_total,
			    (int)in->last_pid);
#undef INT
#undef FRAC
}

int jf_pv_uptime(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	const struct jf_cgroup_figures *f = in->cg;
	double up = in->uptime - in->init_start;
	double busy = (double)(f->cpu_user_ns + f->cpu_system_ns) / 1e9;
	double idle;

	if (up < 0)
		up = 0;
	idle = up * in->cpus->n - busy;
	if (idle < 0)
		idle = 0;
	return jf_pv_printf(out, "%.2f %.2f\n", up, idle);
}
