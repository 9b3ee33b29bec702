/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/resources/: linux.resources -> a plan of file writes (build.c,
 * the sections written the same way on both versions; v1.c and v2.c, the
 * others), written all or nothing (apply.c, rollback.c).
 */
#ifndef JF_CGROUP_RESOURCES_H
#define JF_CGROUP_RESOURCES_H

#include "cgroup/core/core.h"

/* ---- build.c, need.c, v1.c, v2.c: linux.resources -> plan ---- */

struct cg_build {
	const struct cg_layout *layout;
	struct cg_plan *plan;
	const struct jf_cgroup *cur; /* update: the live cgroup; create: NULL */
};

/* Everything but devices.  Marks the hierarchies needed in plan->need. */
int cg_build_resources(struct cg_build *b, const struct oci_resources *r,
		       struct jf_error *err);
/* The hierarchy of a controller, marked as needed; an error naming `field`
 * when the host lacks it. */
int cg_build_need(struct cg_build *b, const char *controller, const char *field,
		  struct jf_error *err);
int cg_v1_memory(struct cg_build *b, const struct oci_memory *m,
		 struct jf_error *err);
int cg_v1_cpu(struct cg_build *b, const struct oci_cpu *c,
	      struct jf_error *err);
int cg_v1_blkio(struct cg_build *b, const struct oci_block_io *io,
		struct jf_error *err);
int cg_v1_network(struct cg_build *b, const struct oci_network *n,
		  struct jf_error *err);
int cg_v2_memory(struct cg_build *b, const struct oci_memory *m,
		 struct jf_error *err);
int cg_v2_cpu(struct cg_build *b, const struct oci_cpu *c,
	      struct jf_error *err);
int cg_v2_io(struct cg_build *b, const struct oci_block_io *io,
	     struct jf_error *err);
int cg_v2_unified(struct cg_build *b, const struct oci_kv *kv, size_t n,
		  struct jf_error *err);
uint64_t cg_shares_to_weight(uint64_t shares);
/* memory.swappiness -1 as Go clients send it (uint64(-1)): unset, as in runc */
#define CG_SWAPPINESS_UNSET UINT64_MAX
uint64_t cg_blkio_to_io_weight(uint64_t weight);

/* ---- apply.c ---- */

int cg_plan_apply(const struct jf_cgroup *cg, const struct cg_plan *p,
		  struct jf_error *err);

/* ---- rollback.c: update is all or nothing ---- */

/* For each write of p to a hierarchy in mask (device rules aside): check
 * that its file (or fallback) exists, else an error naming the field, and
 * read its value into old[i] (malloc'd; old has p->n slots, NULL ones are
 * filled). */
int cg_plan_save(const struct jf_cgroup *cg, const struct cg_plan *p,
		 uint32_t mask, char **old, struct jf_error *err);
/* Write the saved values back, last write first (warns on failure). */
void cg_plan_restore(const struct jf_cgroup *cg, const struct cg_plan *p,
		     char **old);
void cg_saved_free(char **old, size_t n);
/* What puts `old` (the file's content before w) back into `file` (w's file
 * or its fallback): keyed files by their key, else the value read. */
const char *cg_restore_value(const char *file, const struct cg_write *w,
			     const char *old, char *buf, size_t size);

#endif
