/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.rlimits, process.oomScoreAdj, linux.personality, process.scheduler
 * and process.ioPriority: names become numbers in the runtime, so the
 * container init only makes one syscall per attribute.
 */
#include "process_attrs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/ioprio.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "procfs.h"

struct name_value {
	const char *name;
	int value;
};

/* clang-format off */
#define PAIR(n) {#n, n}
/* clang-format on */

static const struct name_value rlimit_names[] = {
    PAIR(RLIMIT_AS),	  PAIR(RLIMIT_CORE),	 PAIR(RLIMIT_CPU),
    PAIR(RLIMIT_DATA),	  PAIR(RLIMIT_FSIZE),	 PAIR(RLIMIT_LOCKS),
    PAIR(RLIMIT_MEMLOCK), PAIR(RLIMIT_MSGQUEUE), PAIR(RLIMIT_NICE),
    PAIR(RLIMIT_NOFILE),  PAIR(RLIMIT_NPROC),	 PAIR(RLIMIT_RSS),
    PAIR(RLIMIT_RTPRIO),  PAIR(RLIMIT_RTTIME),	 PAIR(RLIMIT_SIGPENDING),
    PAIR(RLIMIT_STACK),
};

static const struct name_value sched_policies[] = {
    PAIR(SCHED_OTHER),	  PAIR(SCHED_FIFO), PAIR(SCHED_RR),
    PAIR(SCHED_BATCH),	  PAIR(SCHED_ISO),  PAIR(SCHED_IDLE),
    PAIR(SCHED_DEADLINE),
};

static const struct name_value sched_flags[] = {
    PAIR(SCHED_FLAG_RESET_ON_FORK),  PAIR(SCHED_FLAG_RECLAIM),
    PAIR(SCHED_FLAG_DL_OVERRUN),     PAIR(SCHED_FLAG_KEEP_POLICY),
    PAIR(SCHED_FLAG_KEEP_PARAMS),    PAIR(SCHED_FLAG_UTIL_CLAMP_MIN),
    PAIR(SCHED_FLAG_UTIL_CLAMP_MAX),
};

static const struct name_value io_classes[] = {
    PAIR(IOPRIO_CLASS_RT),
    PAIR(IOPRIO_CLASS_BE),
    PAIR(IOPRIO_CLASS_IDLE),
};

static const struct name_value personality_domains[] = {
    {"LINUX", PER_LINUX},
    {"LINUX32", PER_LINUX32},
};
#undef PAIR

#define N(table) (sizeof(table) / sizeof((table)[0]))

static const struct name_value *by_name(const struct name_value *t, size_t n,
					const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++) {
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	}
	return NULL;
}

static const char *by_value(const struct name_value *t, size_t n, int value)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].value == value)
			return t[i].name;
	}
	return "?";
}

/* glibc 2.36 has no wrapper; the kernel's struct sched_attr (VER1). */
struct jf_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
};

/* --- prepare --- */

static int prepare_rlimits(const struct oci_process *p,
			   struct jf_process_attrs *a, struct jf_error *err)
{
	size_t first[RLIM_NLIMITS];
	const struct name_value *nv;

	if (p->n_rlimits == 0)
		return 0;
	a->rlimits = calloc(p->n_rlimits, sizeof(*a->rlimits));
	if (a->rlimits == NULL)
		return jf_error_set(err, ENOMEM, "process.rlimits");
	memset(first, 0xff, sizeof(first));
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct oci_rlimit *r = &p->rlimits[i];

		nv = by_name(rlimit_names, N(rlimit_names), r->type);
		if (nv == NULL)
			return jf_error_set(
			    err, 0,
			    "process.rlimits[%zu].type: unknown "
			    "rlimit %s",
			    i, r->type ? r->type : "(missing)");
		if (first[nv->value] != SIZE_MAX)
			return jf_error_set(
			    err, 0,
			    "process.rlimits[%zu].type: duplicate "
			    "rlimit %s (also process.rlimits[%zu])",
			    i, r->type, first[nv->value]);
		first[nv->value] = i;
		/* setrlimit() would say EINVAL without naming anything. */
		if (r->soft > r->hard)
			return jf_error_set(
			    err, 0,
			    "process.rlimits[%zu].soft: %" PRIu64
			    " is above hard %" PRIu64 " for %s",
			    i, r->soft, r->hard, r->type);
		a->rlimits[a->n_rlimits++] = (struct jf_rlimit){
		    .resource = nv->value,
		    .name = nv->name,
		    .soft = r->soft,
		    .hard = r->hard,
		};
	}
	return 0;
}

static int prepare_oom_score_adj(const struct oci_process *p,
				 struct jf_process_attrs *a,
				 struct jf_error *err)
{
	if (!p->has_oom_score_adj)
		return 0;
	if (p->oom_score_adj < -1000 || p->oom_score_adj > 1000)
		return jf_error_set(err, 0,
				    "process.oomScoreAdj: %" PRId32
				    " is out of range [-1000, 1000]",
				    p->oom_score_adj);
	a->has_oom_score_adj = true;
	a->oom_score_adj = p->oom_score_adj;
	return 0;
}

static int prepare_personality(const struct oci_personality *per,
			       struct jf_process_attrs *a, struct jf_error *err)
{
	const struct name_value *nv;

	if (per == NULL)
		return 0;
	nv = by_name(personality_domains, N(personality_domains), per->domain);
	if (per->domain == NULL)
		return jf_error_set(err, 0,
				    "linux.personality.domain: "
				    "missing");
	if (nv == NULL)
		return jf_error_set(err, 0,
				    "linux.personality.domain: unknown domain "
				    "\"%s\" (LINUX or LINUX32)",
				    per->domain);
	/* runc and crun ignore flags; refusing them says they do nothing. */
	if (per->n_flags > 0)
		return jf_error_set(
		    err, 0,
		    "linux.personality.flags[0]: unsupported "
		    "flag \"%s\" (the runtime-spec defines none)",
		    per->flags[0] ? per->flags[0] : "");
	a->has_personality = true;
	a->personality = (unsigned long)nv->value;
	return 0;
}

static int prepare_sched_flags(const struct oci_scheduler *s,
			       struct jf_process_attrs *a, struct jf_error *err)
{
	const struct name_value *nv;

	for (size_t i = 0; i < s->n_flags; i++) {
		nv = by_name(sched_flags, N(sched_flags), s->flags[i]);
		if (nv == NULL)
			return jf_error_set(err, 0,
					    "process.scheduler.flags[%zu]: "
					    "unknown flag \"%s\"",
					    i, s->flags[i] ? s->flags[i] : "");
		a->sched_flags |= (uint64_t)nv->value;
	}
	return 0;
}

/* The rules of sched_setattr(2), checked here to name the field. */
static int check_sched_values(const struct oci_scheduler *s, int policy,
			      struct jf_error *err)
{
	bool realtime = policy == SCHED_FIFO || policy == SCHED_RR;

	if (s->has_nice && (s->nice < -20 || s->nice > 19))
		return jf_error_set(err, 0,
				    "process.scheduler.nice: %" PRId32
				    " is out of range [-20, 19]",
				    s->nice);
	if (realtime && (s->priority < 1 || s->priority > 99))
		return jf_error_set(err, 0,
				    "process.scheduler.priority: %" PRId32
				    " is out of range [1, 99] for %s",
				    s->priority, s->policy);
	if (!realtime && s->priority != 0)
		return jf_error_set(err, 0,
				    "process.scheduler.priority: only "
				    "SCHED_FIFO and SCHED_RR take one, not %s",
				    s->policy);
	if (policy != SCHED_DEADLINE &&
	    (s->runtime != 0 || s->deadline != 0 || s->period != 0))
		return jf_error_set(
		    err, 0,
		    "process.scheduler: runtime, deadline and "
		    "period are for SCHED_DEADLINE only, not %s",
		    s->policy);
	return 0;
}

static int prepare_scheduler(const struct oci_scheduler *s,
			     struct jf_process_attrs *a, struct jf_error *err)
{
	const struct name_value *nv;

	if (s == NULL)
		return 0;
	if (s->policy == NULL)
		return jf_error_set(err, 0,
				    "process.scheduler.policy: missing");
	nv = by_name(sched_policies, N(sched_policies), s->policy);
	if (nv == NULL)
		return jf_error_set(err, 0,
				    "process.scheduler.policy: unknown policy "
				    "\"%s\"",
				    s->policy);
	if (check_sched_values(s, nv->value, err) < 0 ||
	    prepare_sched_flags(s, a, err) < 0)
		return -1;
	a->has_scheduler = true;
	a->sched_policy = nv->value;
	a->sched_nice = s->nice;
	a->sched_priority = s->priority;
	a->sched_runtime = s->runtime;
	a->sched_deadline = s->deadline;
	a->sched_period = s->period;
	return 0;
}

static int prepare_io_priority(const struct oci_io_priority *io,
			       struct jf_process_attrs *a, struct jf_error *err)
{
	const struct name_value *nv;

	if (io == NULL)
		return 0;
	if (io->class_ == NULL)
		return jf_error_set(err, 0,
				    "process.ioPriority.class: missing");
	nv = by_name(io_classes, N(io_classes), io->class_);
	if (nv == NULL)
		return jf_error_set(err, 0,
				    "process.ioPriority.class: unknown class "
				    "\"%s\"",
				    io->class_);
	if (io->priority < 0 || io->priority >= IOPRIO_NR_LEVELS)
		return jf_error_set(err, 0,
				    "process.ioPriority.priority: %" PRId32
				    " is out of range [0, %d]",
				    io->priority, IOPRIO_NR_LEVELS - 1);
	a->has_io_priority = true;
	a->io_priority = IOPRIO_PRIO_VALUE(nv->value, io->priority);
	return 0;
}

int jf_process_attrs_prepare(const struct oci_process *p,
			     const struct oci_personality *personality,
			     struct jf_process_attrs *ret, struct jf_error *err)
{
	memset(ret, 0, sizeof(*ret));
	if (p != NULL && (prepare_rlimits(p, ret, err) < 0 ||
			  prepare_oom_score_adj(p, ret, err) < 0 ||
			  prepare_scheduler(p->scheduler, ret, err) < 0 ||
			  prepare_io_priority(p->io_priority, ret, err) < 0))
		goto fail;
	if (prepare_personality(personality, ret, err) < 0)
		goto fail;
	return 0;
fail:
	jf_process_attrs_free(ret);
	return -1;
}

void jf_process_attrs_free(struct jf_process_attrs *a)
{
	if (a == NULL)
		return;
	free(a->rlimits);
	memset(a, 0, sizeof(*a));
}

/* --- apply --- */

static const char *limit_str(uint64_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		return "unlimited";
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

static int rlimit_error(const struct jf_rlimit *r, struct jf_error *err)
{
	int saved = errno;
	char soft[24], hard[24], now[24];
	struct rlimit cur;

	if (saved == EPERM && getrlimit(r->resource, &cur) == 0 &&
	    r->hard > cur.rlim_max)
		return jf_error_set(err, saved,
				    "process.rlimits: setting %s to %s/%s "
				    "(hard limit now %s; raising it needs "
				    "CAP_SYS_RESOURCE)",
				    r->name,
				    limit_str(r->soft, soft, sizeof(soft)),
				    limit_str(r->hard, hard, sizeof(hard)),
				    limit_str(cur.rlim_max, now, sizeof(now)));
	return jf_error_set(err, saved, "process.rlimits: setting %s to %s/%s",
			    r->name, limit_str(r->soft, soft, sizeof(soft)),
			    limit_str(r->hard, hard, sizeof(hard)));
}

int jf_rlimits_apply(const struct jf_process_attrs *a, struct jf_error *err)
{
	for (size_t i = 0; i < a->n_rlimits; i++) {
		const struct jf_rlimit *r = &a->rlimits[i];
		struct rlimit rl = {.rlim_cur = r->soft, .rlim_max = r->hard};

		if (setrlimit(r->resource, &rl) < 0)
			return rlimit_error(r, err);
	}
	return 0;
}

int jf_oom_score_adj_apply(const struct jf_process_attrs *a, int procfd,
			   struct jf_error *err)
{
	char buf[16];
	int n;

	if (!a->has_oom_score_adj)
		return 0;
	n = snprintf(buf, sizeof(buf), "%d", a->oom_score_adj);
	if (jf_procfs_write(procfd, "self/oom_score_adj", buf, (size_t)n, err) <
	    0)
		return jf_error_set(err, err->errnum,
				    "process.oomScoreAdj: writing %d to "
				    "/proc/self/oom_score_adj%s",
				    a->oom_score_adj,
				    err->errnum == EACCES ||
					    err->errnum == EPERM
					? " (lowering it needs "
					  "CAP_SYS_RESOURCE)"
					: "");
	return 0;
}

int jf_personality_apply(const struct jf_process_attrs *a, struct jf_error *err)
{
	if (!a->has_personality)
		return 0;
	if (personality(a->personality) < 0)
		return jf_error_errno(err, "linux.personality: setting %s",
				      by_value(personality_domains,
					       N(personality_domains),
					       (int)a->personality));
	return 0;
}

int jf_scheduler_apply(const struct jf_process_attrs *a, struct jf_error *err)
{
	struct jf_sched_attr attr = {
	    .size = sizeof(attr),
	    .sched_policy = (uint32_t)a->sched_policy,
	    .sched_flags = a->sched_flags,
	    .sched_nice = a->sched_nice,
	    .sched_priority = (uint32_t)a->sched_priority,
	    .sched_runtime = a->sched_runtime,
	    .sched_deadline = a->sched_deadline,
	    .sched_period = a->sched_period,
	};

	if (!a->has_scheduler)
		return 0;
	if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0)
		return jf_error_errno(
		    err,
		    "process.scheduler: setting %s (nice %d, priority %d, "
		    "runtime %" PRIu64 ", deadline %" PRIu64 ", period %" PRIu64
		    ")",
		    by_value(sched_policies, N(sched_policies),
			     a->sched_policy),
		    a->sched_nice, a->sched_priority, a->sched_runtime,
		    a->sched_deadline, a->sched_period);
	return 0;
}

int jf_io_priority_apply(const struct jf_process_attrs *a, struct jf_error *err)
{
	if (!a->has_io_priority)
		return 0;
	/* This process only (runc uses the process group): a `jfrun exec`
	 * must not change the priority of its caller's group. */
	if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, a->io_priority) < 0)
		return jf_error_errno(
		    err, "process.ioPriority: setting %s priority %d",
		    by_value(io_classes, N(io_classes),
			     IOPRIO_PRIO_CLASS(a->io_priority)),
		    (int)IOPRIO_PRIO_DATA(a->io_priority));
	return 0;
}
