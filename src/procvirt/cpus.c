/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CPU views: which CPUs the container sees (one count N everywhere),
 * /proc/cpuinfo, /proc/stat and /sys/devices/system/cpu/online.
 */
#include <stdlib.h>
#include <string.h>

#include "procvirt/procvirt.h"

/* "0-3,6\n" -> the list; -1 when it does not parse or is empty. */
static int parse_list(const char *s, struct jf_pv_cpus *c)
{
	c->n = 0;
	if (s == NULL)
		return -1;
	while (*s != '\0' && *s != '\n') {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;
		if (end == s)
			return -1;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s || b < a)
				return -1;
		}
		for (unsigned long i = a; i <= b && c->n < JF_PV_MAX_CPUS; i++)
			c->host[c->n++] = (unsigned)i;
		s = end;
		if (*s == ',')
			s++;
		else if (*s != '\0' && *s != '\n')
			return -1;
	}
	return c->n > 0 ? 0 : -1;
}

int jf_pv_cpus_pick(const char *cpuset, const char *host_online,
		    unsigned quota_cpus, struct jf_pv_cpus *ret)
{
	if ((cpuset == NULL || cpuset[0] == '\0' ||
	     parse_list(cpuset, ret) < 0) &&
	    parse_list(host_online, ret) < 0)
		return -1;
	if (quota_cpus > 0 && quota_cpus < ret->n)
		ret->n = quota_cpus;
	return 0;
}

int jf_pv_cpu_online(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	if (in->cpus->n <= 1)
		return jf_pv_printf(out, "0\n");
	return jf_pv_printf(out, "0-%u\n", in->cpus->n - 1);
}

/* The host's block of processor `id` in /proc/cpuinfo (up to the blank
 * line), or the first one. */
static const char *cpuinfo_block(const char *text, unsigned id, size_t *len)
{
	const char *first = NULL;

	for (const char *p = text; p != NULL && *p != '\0';) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
		const char *colon = strchr(p, ':');
		if (first == NULL) {
			first = p;
			*len = n;
		}
		if (strncmp(p, "processor", 9) == 0 && colon != NULL &&
		    strtoul(colon + 1, NULL, 10) == id) {
			*len = n;
			return p;
		}
		p = end ? end + 2 : NULL;
	}
	return first;
}

int jf_pv_cpuinfo(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	for (unsigned k = 0; k < in->cpus->n; k++) {
		size_t len = 0;
		const char *b =
		    cpuinfo_block(in->host_cpuinfo, in->cpus->host[k], &len);
		const char *first_nl;

		if (b == NULL)
			return 0;
		first_nl = memchr(b, '\n', len);
		if (strncmp(b, "processor", 9) == 0 && first_nl != NULL) {
			/* renumbered */
			if (jf_pv_printf(
				out, "processor\t: %u\n%.*s\n", k,
				(int)(len - (size_t)(first_nl + 1 - b)),
				first_nl + 1) < 0)
				return -1;
		} else if (jf_pv_printf(out, "%.*s\n", (int)len, b) < 0)
			return -1;
	}
	return 0;
}

/* The next number of a space-separated list (advancing *p); false at
 * its end. */
static bool next_number(const char **p, uint64_t *v)
{
	char *end;

	if (*p == NULL)
		return false;
	*v = strtoull(*p, &end, 10);
	if (end == *p)
		return false;
	*p = end;
	return true;
}

/* Which view CPU counts the usage of host CPU i: its own when seen, else
 * folded onto one by i mod N. */
static unsigned view_cpu_of(const struct jf_pv_cpus *c, unsigned i)
{
	for (unsigned k = 0; k < c->n; k++)
		if (c->host[k] == i)
			return k;
	return i % c->n;
}

int jf_pv_stat(const struct jf_pv_input *in, struct jf_pv_buf *out)
{
	const struct jf_cgroup_figures *f = in->cg;
	unsigned n = in->cpus->n;
	uint64_t user[JF_PV_MAX_CPUS] = {0}, sys[JF_PV_MAX_CPUS] = {0};
	uint64_t su = 0, ss = 0, si = 0,
		 ns_per_tick = 1000000000ull / (uint64_t)in->hz;
	double up = in->uptime - in->init_start;
	uint64_t wall = up > 0 ? (uint64_t)(up * (double)in->hz) : 0;

	if (f->percpu_user != NULL) {
		const char *pu = f->percpu_user, *ps = f->percpu_sys;
		uint64_t u, s;
		for (unsigned i = 0; i < JF_PV_MAX_CPUS && next_number(&pu, &u);
		     i++) {
			unsigned k = view_cpu_of(in->cpus, i);
			if (!next_number(&ps, &s))
				s = 0;
			user[k] += u / ns_per_tick;
			sys[k] += s / ns_per_tick;
		}
	} else {
		for (unsigned k = 0; k < n; k++) {
			user[k] = f->cpu_user_ns / ns_per_tick / n;
			sys[k] = f->cpu_system_ns / ns_per_tick / n;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		su += user[k];
		ss += sys[k];
		si += wall > user[k] + sys[k] ? wall - user[k] - sys[k] : 0;
	}
	if (jf_pv_printf(out, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\n",
			 (unsigned long long)su, (unsigned long long)ss,
			 (unsigned long long)si) < 0)
		return -1;
	for (unsigned k = 0; k < n; k++) {
		uint64_t idle =
		    wall > user[k] + sys[k] ? wall - user[k] - sys[k] : 0;
		if (jf_pv_printf(out, "cpu%u %llu 0 %llu %llu 0 0 0 0 0 0\n", k,
				 (unsigned long long)user[k],
				 (unsigned long long)sys[k],
				 (unsigned long long)idle) < 0)
			return -1;
	}
	/* The rest of the host's lines; the run queue is the container's. */
	for (const char *p = in->host_stat; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		int line = nl ? (int)(nl - p) : (int)strlen(p);
		int rc = 0;
		if (strncmp(p, "cpu", 3) == 0)
			;
		else if (strncmp(p, "procs_running ", 14) == 0)
			rc = jf_pv_printf(out, "procs_running %u\n",
					  in->nr_running);
		else if (strncmp(p, "procs_blocked ", 14) == 0)
			rc = jf_pv_printf(out, "procs_blocked 0\n");
		else
			rc = jf_pv_printf(out, "%.*s\n", line, p);
		if (rc < 0)
			return -1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}
