/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-process attributes of process.*: rlimits, oomScoreAdj, personality,
 * scheduler, ioPriority.  Each has a prepare step (names -> numbers, run in
 * the runtime so bad input fails before anything exists) and an apply step
 * (run by the container's init, or by an exec'd process).
 */
#ifndef JF_LINUX_PROCESS_ATTRS_H
#define JF_LINUX_PROCESS_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

struct jf_rlimit {
	int resource; /* RLIMIT_* */
	const char *name; /* points into the config */
	uint64_t soft, hard;
};

struct jf_process_attrs {
	struct jf_rlimit *rlimits;
	size_t n_rlimits;
	bool has_oom_score_adj;
	int oom_score_adj;
	bool has_personality;
	unsigned long personality;
	bool has_scheduler;
	int sched_policy;
	uint64_t sched_flags;
	int sched_nice, sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	bool has_io_priority;
	int io_priority; /* IOPRIO_PRIO_VALUE(class, level) */
};

/* Errors name the field: "process.rlimits[0].type: unknown rlimit RLIMIT_FOO",
 * duplicates are refused. */
int jf_process_attrs_prepare(const struct oci_process *p,
			     const struct oci_personality *personality,
			     struct jf_process_attrs *ret, struct jf_error *err);

/* Apply in the calling process.  An rlimit the host refuses names the
 * rlimit ("process.rlimits: setting RLIMIT_NOFILE to 30000/30000: ..."),
 * a refused oom_score_adj names "process.oomScoreAdj". */
int jf_rlimits_apply(const struct jf_process_attrs *a, struct jf_error *err);
/* oom_score_adj through procfd, a verified procfs (jf_procfs_open) that an
 * image cannot redirect. */
int jf_oom_score_adj_apply(const struct jf_process_attrs *a, int procfd,
			   struct jf_error *err);
int jf_personality_apply(const struct jf_process_attrs *a, struct jf_error *err);
int jf_scheduler_apply(const struct jf_process_attrs *a, struct jf_error *err);
int jf_io_priority_apply(const struct jf_process_attrs *a, struct jf_error *err);

void jf_process_attrs_free(struct jf_process_attrs *a);

#endif
