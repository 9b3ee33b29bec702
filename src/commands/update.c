/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `update [--resources FILE|-] [flags] ID`: new cgroup limits for a live
 * container.  The flags are runc's, with runc's value forms (sizes such as
 * 64m or 1g, -1 for unlimited; zero leaves a value unchanged); as in runc,
 * --resources replaces the flags.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "fs_util.h"
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

enum flag_id {
	FL_MEMORY,
	FL_MEMORY_RESERVATION,
	FL_MEMORY_SWAP,
	FL_KERNEL_MEMORY,
	FL_KERNEL_MEMORY_TCP,
	FL_CPU_SHARES,
	FL_CPU_QUOTA,
	FL_CPU_PERIOD,
	FL_CPU_BURST,
	FL_CPU_IDLE,
	FL_CPU_RT_RUNTIME,
	FL_CPU_RT_PERIOD,
	FL_CPUSET_CPUS,
	FL_CPUSET_MEMS,
	FL_PIDS_LIMIT,
	FL_BLKIO_WEIGHT,
	FL_L3_CACHE_SCHEMA,
	FL_MEM_BW_SCHEMA,
	FL_COUNT,
};

static const struct {
	const char *name;
	enum flag_kind kind;
} flags[FL_COUNT] = {
    [FL_MEMORY] = {"memory", F_SIZE},
    [FL_MEMORY_RESERVATION] = {"memory-reservation", F_SIZE},
    [FL_MEMORY_SWAP] = {"memory-swap", F_SIZE},
    [FL_KERNEL_MEMORY] = {"kernel-memory", F_IGNORED},
    [FL_KERNEL_MEMORY_TCP] = {"kernel-memory-tcp", F_IGNORED},
    [FL_CPU_SHARES] = {"cpu-shares", F_U64},
    [FL_CPU_QUOTA] = {"cpu-quota", F_I64},
    [FL_CPU_PERIOD] = {"cpu-period", F_U64},
    [FL_CPU_BURST] = {"cpu-burst", F_U64},
    [FL_CPU_IDLE] = {"cpu-idle", F_I64},
    [FL_CPU_RT_RUNTIME] = {"cpu-rt-runtime", F_I64},
    [FL_CPU_RT_PERIOD] = {"cpu-rt-period", F_U64},
    [FL_CPUSET_CPUS] = {"cpuset-cpus", F_CPUS},
    [FL_CPUSET_MEMS] = {"cpuset-mems", F_CPUS},
    [FL_PIDS_LIMIT] = {"pids-limit", F_I64},
    [FL_BLKIO_WEIGHT] = {"blkio-weight", F_U64},
    [FL_L3_CACHE_SCHEMA] = {"l3-cache-schema", F_RDT},
    [FL_MEM_BW_SCHEMA] = {"mem-bw-schema", F_RDT},
};

#define OPT_BASE 256 /* getopt values of the flags: OPT_BASE + enum flag_id */

/* A parsed flag value. */
struct value {
	bool set;
	int64_t i;
	uint64_t u;
	const char *s;
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
		     struct value *v, struct jf_error *err)
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

static int parse_flag(enum flag_id id, const char *text, struct value *v,
		      struct jf_error *err)
{
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

static int memory_from_flags(struct oci_resources *r, const struct value *v,
			     struct jf_error *err)
{
	struct oci_memory *m;

	if (!v[FL_MEMORY].set && !v[FL_MEMORY_RESERVATION].set &&
	    !v[FL_MEMORY_SWAP].set)
		return 0;
	if ((m = SECTION(r, memory, err)) == NULL)
		return -1;
	m->has_limit = v[FL_MEMORY].set;
	m->limit = v[FL_MEMORY].i;
	m->has_reservation = v[FL_MEMORY_RESERVATION].set;
	m->reservation = v[FL_MEMORY_RESERVATION].i;
	m->has_swap = v[FL_MEMORY_SWAP].set;
	m->swap = v[FL_MEMORY_SWAP].i;
	return 0;
}

static int cpu_from_flags(struct oci_resources *r, const struct value *v,
			  struct jf_error *err)
{
	struct oci_cpu *c;
	bool any = false;

	for (int i = FL_CPU_SHARES; i <= FL_CPUSET_MEMS; i++)
		any |= v[i].set;
	if (!any)
		return 0;
	if ((c = SECTION(r, cpu, err)) == NULL)
		return -1;
	c->has_shares = v[FL_CPU_SHARES].set;
	c->shares = v[FL_CPU_SHARES].u;
	c->has_quota = v[FL_CPU_QUOTA].set;
	c->quota = v[FL_CPU_QUOTA].i;
	c->has_period = v[FL_CPU_PERIOD].set;
	c->period = v[FL_CPU_PERIOD].u;
	c->has_burst = v[FL_CPU_BURST].set;
	c->burst = v[FL_CPU_BURST].u;
	c->has_idle = v[FL_CPU_IDLE].set;
	c->idle = v[FL_CPU_IDLE].i;
	c->has_realtime_runtime = v[FL_CPU_RT_RUNTIME].set;
	c->realtime_runtime = v[FL_CPU_RT_RUNTIME].i;
	c->has_realtime_period = v[FL_CPU_RT_PERIOD].set;
	c->realtime_period = v[FL_CPU_RT_PERIOD].u;
	if (v[FL_CPUSET_CPUS].set && !(c->cpus = strdup(v[FL_CPUSET_CPUS].s)))
		return jf_error_errno(err, "update");
	if (v[FL_CPUSET_MEMS].set && !(c->mems = strdup(v[FL_CPUSET_MEMS].s)))
		return jf_error_errno(err, "update");
	return 0;
}

/* runc: a zero pids limit or blkio weight means "leave it". */
static int others_from_flags(struct oci_resources *r, const struct value *v,
			     struct jf_error *err)
{
	const struct value *w = &v[FL_BLKIO_WEIGHT];

	if (v[FL_PIDS_LIMIT].set && v[FL_PIDS_LIMIT].i != 0) {
		if (SECTION(r, pids, err) == NULL)
			return -1;
		r->pids->limit = v[FL_PIDS_LIMIT].i;
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

static int from_flags(const struct value *v, struct oci_resources **ret,
		      struct jf_error *err)
{
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

static int from_file(const char *path, struct oci_resources **ret,
		     struct jf_error *err)
{
	const char *name = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(AT_FDCWD, name, OCI_CONFIG_MAX_BYTES, &text, &len,
			    err) < 0)
		return jf_error_wrap(err, "update: --resources");
	if (oci_resources_parse(text, len, ret, err) < 0)
		return jf_error_wrap(err, "update: --resources %s", path);
	return 0;
}

static int parse_args(int argc, char **argv, const char **ret_file,
		      struct value *v, struct jf_error *err)
{
	struct option opts[FL_COUNT + 3];
	size_t n = 0;
	int ch;

	opts[n++] = (struct option){"resources", required_argument, NULL, 'r'};
	for (int i = 0; i < FL_COUNT; i++)
		opts[n++] = (struct option){flags[i].name, required_argument,
					    NULL, OPT_BASE + i};
	/* runc spells it --cpu-share. */
	opts[n++] = (struct option){"cpu-share", required_argument, NULL,
				    OPT_BASE + FL_CPU_SHARES};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	while ((ch = getopt_long(argc, argv, "+r:", opts, NULL)) != -1) {
		if (ch == 'r')
			*ret_file = optarg;
		else if (ch < OPT_BASE || ch >= OPT_BASE + FL_COUNT)
			return jf_error_set(err, 0, "update: bad option");
		else if (parse_flag(ch - OPT_BASE, optarg, &v[ch - OPT_BASE],
				    err) < 0)
			return -1;
	}
	return 0;
}

static int apply(struct jf_container *c, const struct oci_resources *r,
		 struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct jf_cgroup *cg = NULL;
	int rc;

	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		return jf_error_set(err, 0,
				    "container \"%s\" is %s: only a live "
				    "container can be updated",
				    c->id, status);
	if (c->state->cgroup_path == NULL)
		return jf_error_set(err, 0, "container \"%s\" has no cgroup",
				    c->id);
	if (jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup, &cg,
			   err) < 0)
		return -1;
	rc = jf_cgroup_update(cg, r, err);
	jf_cgroup_free(cg);
	return rc < 0 ? jf_error_wrap(err, "update \"%s\"", c->id) : 0;
}

int jf_cmd_update(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	struct value v[FL_COUNT] = {0};
	struct oci_resources *r = NULL;
	struct jf_container *c;
	const char *file = NULL, *id;
	bool any = false;
	int rc;

	if (parse_args(argc, argv, &file, v, err) < 0 ||
	    jf_take_id(argc, argv, "update", &id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(
		    err, 0, "update: unexpected argument \"%s\"", argv[optind]);
	for (int i = 0; i < FL_COUNT; i++)
		any |= v[i].set;
	if (file != NULL && any)
		jf_log_warning("update: with --resources the other flags are "
			       "ignored (as in runc)");
	if ((file ? from_file(file, &r, err) : from_flags(v, &r, err)) < 0)
		return -1;
	if (jf_container_open(g->root, id, true, &c, err) < 0) {
		oci_resources_free(r);
		return -1;
	}
	if (c->state == NULL)
		rc = jf_error_set(err, 0,
				  "container \"%s\" has no state: only a "
				  "live container can be updated",
				  id);
	else
		rc = apply(c, r, err);
	jf_container_close(c);
	oci_resources_free(r);
	return rc;
}
