/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/mempolicy.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Highest node number taken: the kernel's MAX_NUMNODES is at most 1024. */
#define MAX_NODES 1024
#define LONG_BITS (sizeof(unsigned long) * CHAR_BIT)

enum nodes_rule { NODES_NONE, NODES_ANY, NODES_SOME };

/* The uapi values (linux/mempolicy.h; Debian 12's lacks the newest). */
static const struct {
	const char *name;
	int mode;
	enum nodes_rule nodes;
} modes[] = {
    {"MPOL_DEFAULT", 0, NODES_NONE},
    {"MPOL_PREFERRED", 1, NODES_ANY},
    {"MPOL_BIND", 2, NODES_SOME},
    {"MPOL_INTERLEAVE", 3, NODES_SOME},
    {"MPOL_LOCAL", 4, NODES_NONE},
    {"MPOL_PREFERRED_MANY", 5, NODES_SOME},
    {"MPOL_WEIGHTED_INTERLEAVE", 6, NODES_SOME},
};

static const struct {
	const char *name;
	int flag;
} flags[] = {
    {"MPOL_F_STATIC_NODES", 1 << 15},
    {"MPOL_F_RELATIVE_NODES", 1 << 14},
    {"MPOL_F_NUMA_BALANCING", 1 << 13},
};

struct policy {
	int mode; /* with the flags or'ed in */
	unsigned long mask[MAX_NODES / LONG_BITS];
	unsigned long maxnode; /* for set_mempolicy: highest node + 2 */
	bool any_node;
};

static int parse_node(const char **s, unsigned long *ret, struct jf_error *err,
		      const char *list)
{
	char *end;

	errno = 0;
	if (**s < '0' || **s > '9')
		return jf_error_set(
		    err, 0,
		    "linux.memoryPolicy.nodes: \"%.64s\": expected "
		    "node numbers such as \"0-3,7\"",
		    list);
	*ret = strtoul(*s, &end, 10);
	if (errno != 0 || *ret >= MAX_NODES)
		return jf_error_set(err, 0,
				    "linux.memoryPolicy.nodes: \"%.64s\": node "
				    "numbers go up to %d",
				    list, MAX_NODES - 1);
	*s = end;
	return 0;
}

static void add_node(struct policy *p, unsigned long n)
{
	p->mask[n / LONG_BITS] |= 1UL << (n % LONG_BITS);
	if (n + 2 > p->maxnode)
		p->maxnode = n + 2;
	p->any_node = true;
}

/* "0-3,7"; "" is no node. */
static int parse_nodes(const char *list, struct policy *p, struct jf_error *err)
{
	const char *s = list;

	while (*s != '\0') {
		unsigned long lo, hi;

		if (parse_node(&s, &lo, err, list) < 0)
			return -1;
		hi = lo;
		if (*s == '-') {
			s++;
			if (parse_node(&s, &hi, err, list) < 0)
				return -1;
			if (hi < lo)
				return jf_error_set(
				    err, 0,
				    "linux.memoryPolicy.nodes: \"%.64s\": "
				    "a range goes down",
				    list);
		}
		for (unsigned long n = lo; n <= hi; n++)
			add_node(p, n);
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s != '\0')
			return jf_error_set(
			    err, 0,
			    "linux.memoryPolicy.nodes: \"%.64s\": expected "
			    "node numbers such as \"0-3,7\"",
			    list);
	}
	return 0;
}

static int mode_and_nodes(const struct oci_memory_policy *m, struct policy *p,
			  struct jf_error *err)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(m->mode, modes[i].name) != 0)
			continue;
		p->mode = modes[i].mode;
		if (m->nodes != NULL && parse_nodes(m->nodes, p, err) < 0)
			return -1;
		if (modes[i].nodes == NODES_NONE && p->any_node)
			return jf_error_set(
			    err, 0,
			    "linux.memoryPolicy.nodes: %s takes no "
			    "nodes (\"%.64s\" given)",
			    m->mode, m->nodes);
		if (modes[i].nodes == NODES_SOME && !p->any_node)
			return jf_error_set(
			    err, 0,
			    "linux.memoryPolicy.nodes: %s needs at "
			    "least one node",
			    m->mode);
		return 0;
	}
	return jf_error_set(
	    err, 0, "linux.memoryPolicy.mode: unknown mode \"%.64s\"", m->mode);
}

static int mode_flags(const struct oci_memory_policy *m, struct policy *p,
		      struct jf_error *err)
{
	for (size_t i = 0; i < m->n_flags; i++) {
		size_t j = 0;

		while (j < sizeof(flags) / sizeof(flags[0]) &&
		       strcmp(m->flags[i], flags[j].name) != 0)
			j++;
		if (j == sizeof(flags) / sizeof(flags[0]))
			return jf_error_set(
			    err, 0,
			    "linux.memoryPolicy.flags[%zu]: unknown "
			    "flag \"%.64s\"",
			    i, m->flags[i]);
		p->mode |= flags[j].flag;
	}
	if ((p->mode & flags[0].flag) && (p->mode & flags[1].flag))
		return jf_error_set(
		    err, 0,
		    "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES "
		    "and MPOL_F_RELATIVE_NODES exclude each other");
	return 0;
}

static int prepare(const struct oci_memory_policy *m, struct policy *p,
		   struct jf_error *err)
{
	memset(p, 0, sizeof(*p));
	return mode_and_nodes(m, p, err) < 0 || mode_flags(m, p, err) < 0 ? -1
									  : 0;
}

int jf_mempolicy_check(const struct oci_config *c, struct jf_error *err)
{
	struct policy p;

	if (c->linux_ == NULL || c->linux_->memory_policy == NULL)
		return 0;
	return prepare(c->linux_->memory_policy, &p, err);
}

int jf_mempolicy_apply(const struct oci_config *c, struct jf_error *err)
{
	const struct oci_memory_policy *m;
	struct policy p;

	if (c->linux_ == NULL || c->linux_->memory_policy == NULL)
		return 0;
	m = c->linux_->memory_policy;
	if (prepare(m, &p, err) < 0)
		return -1;
	if (syscall(SYS_set_mempolicy, p.mode, p.any_node ? p.mask : NULL,
		    p.any_node ? p.maxnode : 0) == 0)
		return 0;
	/* EINVAL: a node that is not allowed here, or flags the mode (or
	 * this kernel) does not take. */
	if (errno == EINVAL && p.any_node)
		return jf_error_errno(
		    err,
		    "linux.memoryPolicy: set_mempolicy %s with "
		    "nodes \"%s\"%s (a node not online or not in "
		    "the cpuset's mems, or flags the mode does not take)",
		    m->mode, m->nodes, m->n_flags ? " and flags" : "");
	return jf_error_errno(err, "linux.memoryPolicy: set_mempolicy %s%s",
			      m->mode, m->n_flags ? " with flags" : "");
}
