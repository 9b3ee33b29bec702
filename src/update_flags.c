/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "update_flags.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "size.h"

enum flag_kind {
	F_SIZE, /* memory sizes: "64m", "1g", "-1" */
	F_U64,
	F_I64,
	F_CPUS, /* a cpu or memory-node list: "0-2,4" */
	F_IGNORED,
	F_RDT,
};

static const struct {
	const char *name;
	enum flag_kind kind;
} flags[JF_UPDATE_N_FLAGS] = {
    [JF_UPDATE_MEMORY] = {"memory", F_SIZE},
    [JF_UPDATE_MEMORY_RESERVATION] = {"memory-reservation", F_SIZE},
    [JF_UPDATE_MEMORY_SWAP] = {"memory-swap", F_SIZE},
    [JF_UPDATE_KERNEL_MEMORY] = {"kernel-memory", F_IGNORED},
    [JF_UPDATE_KERNEL_MEMORY_TCP] = {"kernel-memory-tcp", F_IGNORED},
    [JF_UPDATE_CPU_SHARES] = {"cpu-shares", F_U64},
    [JF_UPDATE_CPU_QUOTA] = {"cpu-quota", F_I64},
    [JF_UPDATE_CPU_PERIOD] = {"cpu-period", F_U64},
    [JF_UPDATE_CPU_BURST] = {"cpu-burst", F_U64},
    [JF_UPDATE_CPU_IDLE] = {"cpu-idle", F_I64},
    [JF_UPDATE_CPU_RT_RUNTIME] = {"cpu-rt-runtime", F_I64},
    [JF_UPDATE_CPU_RT_PERIOD] = {"cpu-rt-period", F_U64},
    [JF_UPDATE_CPUSET_CPUS] = {"cpuset-cpus", F_CPUS},
    [JF_UPDATE_CPUSET_MEMS] = {"cpuset-mems", F_CPUS},
    [JF_UPDATE_PIDS_LIMIT] = {"pids-limit", F_I64},
    [JF_UPDATE_BLKIO_WEIGHT] = {"blkio-weight", F_U64},
    [JF_UPDATE_L3_CACHE_SCHEMA] = {"l3-cache-schema", F_RDT},
    [JF_UPDATE_MEM_BW_SCHEMA] = {"mem-bw-schema", F_RDT},
};

static int bad_value(const char *flag, const char *text, const char *expected,
		     struct jf_error *err)
{
	return jf_error_set(err, 0,
			    "update: --%s: invalid value \"%s\" (expected %s)",
			    flag, text, expected);
}

/* A size (src/base/size.h: docker's units.RAMInBytes, as runc uses), or -1. */
static int parse_size(const char *flag, const char *text, int64_t *ret,
		      struct jf_error *err)
{
	uint64_t v;
	int r;

	if (strcmp(text, "-1") == 0) {
		*ret = -1;
		return 0;
	}
	r = jf_parse_size(text, &v);
	if (r < 0 && errno != ERANGE)
		return bad_value(flag, text,
				 "bytes, or a size such as 64m or 1g, or -1",
				 err);
	if (r < 0 || v >= (uint64_t)INT64_MAX)
		return jf_error_set(err, 0, "update: --%s: %s is too large",
				    flag, text);
	*ret = (int64_t)v;
	return 0;
}

static int parse_int(const char *flag, const char *text, bool is_signed,
		     struct jf_update_value *v, struct jf_error *err)
{
	char *end;

	errno = 0;
	if (is_signed)
		v->i = strtoll(text, &end, 10);
	else if (text[0] >= '0' && text[0] <= '9')
		v->u = strtoull(text, &end, 10);
	else
		return bad_value(flag, text, "a number of 0 or more", err);
	if (errno == ERANGE)
		return jf_error_set(err, 0, "update: --%s: %s is out of range",
				    flag, text);
	if (end == text || *end != '\0')
		return bad_value(
		    flag, text,
		    is_signed ? "an integer" : "a number of 0 or more", err);
	return 0;
}

static int parse_cpus(const char *flag, const char *text, struct jf_error *err)
{
	if (text[0] == '\0' || text[strspn(text, "0123456789,-")] != '\0')
		return bad_value(flag, text, "a list such as 0-2,4", err);
	return 0;
}

int jf_update_flag_parse(struct jf_update_flags *f, enum jf_update_flag id,
			 const char *text, struct jf_error *err)
{
	struct jf_update_value *v = &f->v[id];
	const char *flag = flags[id].name;

	v->set = true;
	v->s = text;
	switch (flags[id].kind) {
	case F_SIZE:
		return parse_size(flag, text, &v->i, err);
	case F_U64:
		return parse_int(flag, text, false, v, err);
	case F_I64:
		return parse_int(flag, text, true, v, err);
	case F_CPUS:
		return parse_cpus(flag, text, err);
	case F_IGNORED:
		/* runc checks nothing and warns: kernels since 5.16 (v1) and
		 * every v2 kernel have no kernel memory limit. */
		jf_log_warning("update: --%s is ignored (kernel memory limits "
			       "are not supported by current kernels)",
			       flag);
		v->set = false;
		return 0;
	case F_RDT:
		return jf_error_set(err, 0,
				    "update: --%s: Intel RDT is not supported "
				    "by jfrun",
				    flag);
	}
	return 0;
}

static void *section(void **p, size_t size, struct jf_error *err)
{
	if (*p == NULL && (*p = calloc(1, size)) == NULL)
		jf_error_errno(err, "update");
	return *p;
}

#define SECTION(r, field, err)                                                 \
	((__typeof__((r)->field))section((void **)&(r)->field,                 \
					 sizeof(*(r)->field), (err)))

static int memory_from_flags(struct oci_resources *r,
			     const struct jf_update_value *v,
			     struct jf_error *err)
{
	struct oci_memory *m;

	if (!v[JF_UPDATE_MEMORY].set && !v[JF_UPDATE_MEMORY_RESERVATION].set &&
	    !v[JF_UPDATE_MEMORY_SWAP].set)
		return 0;
	if ((m = SECTION(r, memory, err)) == NULL)
		return -1;
	m->has_limit = v[JF_UPDATE_MEMORY].set;
	m->limit = v[JF_UPDATE_MEMORY].i;
	m->has_reservation = v[JF_UPDATE_MEMORY_RESERVATION].set;
	m->reservation = v[JF_UPDATE_MEMORY_RESERVATION].i;
	m->has_swap = v[JF_UPDATE_MEMORY_SWAP].set;
	m->swap = v[JF_UPDATE_MEMORY_SWAP].i;
	return 0;
}

static int cpu_from_flags(struct oci_resources *r,
			  const struct jf_update_value *v, struct jf_error *err)
{
	struct oci_cpu *c;
	bool any = false;

	for (int i = JF_UPDATE_CPU_SHARES; i <= JF_UPDATE_CPUSET_MEMS; i++)
		any |= v[i].set;
	if (!any)
		return 0;
	if ((c = SECTION(r, cpu, err)) == NULL)
		return -1;
	c->has_shares = v[JF_UPDATE_CPU_SHARES].set;
	c->shares = v[JF_UPDATE_CPU_SHARES].u;
	c->has_quota = v[JF_UPDATE_CPU_QUOTA].set;
	c->quota = v[JF_UPDATE_CPU_QUOTA].i;
	c->has_period = v[JF_UPDATE_CPU_PERIOD].set;
	c->period = v[JF_UPDATE_CPU_PERIOD].u;
	c->has_burst = v[JF_UPDATE_CPU_BURST].set;
	c->burst = v[JF_UPDATE_CPU_BURST].u;
	c->has_idle = v[JF_UPDATE_CPU_IDLE].set;
	c->idle = v[JF_UPDATE_CPU_IDLE].i;
	c->has_realtime_runtime = v[JF_UPDATE_CPU_RT_RUNTIME].set;
	c->realtime_runtime = v[JF_UPDATE_CPU_RT_RUNTIME].i;
	c->has_realtime_period = v[JF_UPDATE_CPU_RT_PERIOD].set;
	c->realtime_period = v[JF_UPDATE_CPU_RT_PERIOD].u;
	if (v[JF_UPDATE_CPUSET_CPUS].set &&
	    !(c->cpus = strdup(v[JF_UPDATE_CPUSET_CPUS].s)))
		return jf_error_errno(err, "update");
	if (v[JF_UPDATE_CPUSET_MEMS].set &&
	    !(c->mems = strdup(v[JF_UPDATE_CPUSET_MEMS].s)))
		return jf_error_errno(err, "update");
	return 0;
}

/* runc: a zero pids limit or blkio weight means "leave it". */
static int others_from_flags(struct oci_resources *r,
			     const struct jf_update_value *v,
			     struct jf_error *err)
{
	const struct jf_update_value *w = &v[JF_UPDATE_BLKIO_WEIGHT];

	if (v[JF_UPDATE_PIDS_LIMIT].set && v[JF_UPDATE_PIDS_LIMIT].i != 0) {
		if (SECTION(r, pids, err) == NULL)
			return -1;
		r->pids->limit = v[JF_UPDATE_PIDS_LIMIT].i;
	}
	if (w->set && w->u != 0) {
		if (w->u < 10 || w->u > 1000)
			return bad_value("blkio-weight", w->s, "10 to 1000",
					 err);
		if (SECTION(r, block_io, err) == NULL)
			return -1;
		r->block_io->has_weight = true;
		r->block_io->weight = (uint16_t)w->u;
	}
	return 0;
}

int jf_update_flags_resources(const struct jf_update_flags *f,
			      struct oci_resources **ret, struct jf_error *err)
{
	const struct jf_update_value *v = f->v;
	struct oci_resources *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return jf_error_errno(err, "update");
	if (memory_from_flags(r, v, err) < 0 || cpu_from_flags(r, v, err) < 0 ||
	    others_from_flags(r, v, err) < 0) {
		oci_resources_free(r);
		return -1;
	}
	*ret = r;
	return 0;
}

const char *jf_update_flag_name(enum jf_update_flag flag)
{
	return flags[flag].name;
}

bool jf_update_flags_any(const struct jf_update_flags *f)
{
	for (int i = 0; i < JF_UPDATE_N_FLAGS; i++)
		if (f->v[i].set)
			return true;
	return false;
}
