/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/cpu_affinity.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int bad_list(const char *list, const char *field, struct jf_error *err)
{
	return jf_error_set(
	    err, 0,
	    "%s: \"%.64s\": expected CPU numbers such as \"0-3,7\" "
	    "(below %d)",
	    field, list, CPU_SETSIZE);
}

static int parse_cpu(const char **s, unsigned long *ret)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -1;
	errno = 0;
	*ret = strtoul(*s, &end, 10);
	if (errno != 0 || *ret >= CPU_SETSIZE)
		return -1;
	*s = end;
	return 0;
}

int jf_cpu_list_parse(const char *list, const char *field, cpu_set_t *set,
		      struct jf_error *err)
{
	const char *s = list;

	CPU_ZERO(set);
	if (*s == '\0')
		return bad_list(list, field, err);
	while (*s != '\0') {
		unsigned long lo, hi;

		if (parse_cpu(&s, &lo) < 0)
			return bad_list(list, field, err);
		hi = lo;
		if (*s == '-' && (s++, parse_cpu(&s, &hi) < 0 || hi < lo))
			return bad_list(list, field, err);
		for (unsigned long n = lo; n <= hi; n++)
			CPU_SET(n, set);
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s != '\0')
			return bad_list(list, field, err);
	}
	return 0;
}

int jf_exec_affinity_check(const struct oci_process *p, struct jf_error *err)
{
	const struct oci_exec_cpu_affinity *a = p->exec_cpu_affinity;
	cpu_set_t set;

	if (a == NULL)
		return 0;
	if (a->initial != NULL &&
	    jf_cpu_list_parse(a->initial, "process.execCPUAffinity.initial",
			      &set, err) < 0)
		return -1;
	if (a->final != NULL &&
	    jf_cpu_list_parse(a->final, "process.execCPUAffinity.final", &set,
			      err) < 0)
		return -1;
	return 0;
}

int jf_exec_affinity_initial(const struct oci_process *p, pid_t pid,
			     struct jf_error *err)
{
	const struct oci_exec_cpu_affinity *a = p->exec_cpu_affinity;
	cpu_set_t set;

	if (a == NULL || a->initial == NULL)
		return 0;
	if (jf_cpu_list_parse(a->initial, "process.execCPUAffinity.initial",
			      &set, err) < 0)
		return -1;
	if (sched_setaffinity(pid, sizeof(set), &set) < 0)
		return jf_error_errno(
		    err, "process.execCPUAffinity.initial: \"%s\"", a->initial);
	return 0;
}

int jf_affinity_final(const struct oci_process *p, struct jf_error *err)
{
	const struct oci_exec_cpu_affinity *a =
	    p != NULL ? p->exec_cpu_affinity : NULL;
	cpu_set_t set;

	if (a != NULL && a->final != NULL) {
		if (jf_cpu_list_parse(a->final, "process.execCPUAffinity.final",
				      &set, err) < 0)
			return -1;
		if (sched_setaffinity(0, sizeof(set), &set) < 0)
			return jf_error_errno(
			    err, "process.execCPUAffinity.final: \"%s\"",
			    a->final);
		return 0;
	}
	/* Every CPU: the kernel keeps those of the cpuset. */
	memset(&set, 0xff, sizeof(set));
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return jf_error_errno(err, "resetting the CPU affinity");
	return 0;
}
