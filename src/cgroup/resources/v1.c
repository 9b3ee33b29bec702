/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.resources written the cgroup v1 way (memory, cpu, blkio, network).
 * Zero means "not set" for the values runc treats so (Go zero values), so
 * that configs behave the same under both runtimes.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"

#define RES "linux.resources"

static int check_min1(int64_t v, const char *field, struct jf_error *err)
{
	if (v < -1)
		return jf_error_set(err, 0,
				    "%s: invalid value %" PRId64
				    " (-1 means unlimited)",
				    field, v);
	return 0;
}

/* The current memory limit decides the order of limit and memsw writes:
 * the kernel wants limit <= memsw at every step. */
static bool swap_first(const struct cg_build *b, int64_t swap)
{
	char path[4096];
	uint64_t cur;

	if (swap == -1)
		return true;
	if (b->cur == NULL)
		return false; /* a new cgroup: both are unlimited */
	if (cg_file(b->cur, cg_layout_find(b->layout, "memory"),
		    "memory.limit_in_bytes", path, sizeof(path)) < 0 ||
	    cg_read_u64(path, &cur, NULL) < 0)
		return false;
	return cur < (uint64_t)swap;
}

static int add_limit(struct cg_build *b, int64_t limit, struct jf_error *err)
{
	return cg_plan_add(b->plan, "memory", "memory.limit_in_bytes",
			   RES ".memory.limit", err, "%" PRId64, limit)
		   ? 0
		   : -1;
}

static int add_swap(struct cg_build *b, int64_t swap, struct jf_error *err)
{
	struct cg_write *w =
	    cg_plan_add(b->plan, "memory", "memory.memsw.limit_in_bytes",
			RES ".memory.swap", err, "%" PRId64, swap);

	if (w == NULL)
		return -1;
	/* Without swap accounting there is no memsw file: crun and runc go
	 * on without it. */
	w->optional = true;
	return 0;
}

static int memory_limits(struct cg_build *b, const struct oci_memory *m,
			 struct jf_error *err)
{
	int64_t limit = m->has_limit ? m->limit : 0;
	int64_t swap = m->has_swap ? m->swap : 0;

	if (check_min1(limit, RES ".memory.limit", err) < 0 ||
	    check_min1(swap, RES ".memory.swap", err) < 0)
		return -1;
	/* Unlimited memory with swap unset means unlimited swap too (runc). */
	if (limit == -1 && swap == 0)
		swap = -1;
	if (limit > 0 && swap > 0 && swap < limit)
		return jf_error_set(err, 0,
				    RES ".memory.swap: %" PRId64
					" is below memory.limit %" PRId64
					" (swap is memory+swap)",
				    swap, limit);
	if (limit != 0 && swap != 0 && swap_first(b, swap))
		return add_swap(b, swap, err) < 0 ? -1
						  : add_limit(b, limit, err);
	if (limit != 0 && add_limit(b, limit, err) < 0)
		return -1;
	return swap != 0 ? add_swap(b, swap, err) : 0;
}

int cg_v1_memory(struct cg_build *b, const struct oci_memory *m,
		 struct jf_error *err)
{
	if (memory_limits(b, m, err) < 0)
		return -1;
	if (m->has_reservation && m->reservation != 0 &&
	    (check_min1(m->reservation, RES ".memory.reservation", err) < 0 ||
	     !cg_plan_add(b->plan, "memory", "memory.soft_limit_in_bytes",
			  RES ".memory.reservation", err, "%" PRId64,
			  m->reservation)))
		return -1;
	if (m->has_swappiness && m->swappiness != CG_SWAPPINESS_UNSET &&
	    m->swappiness > 100)
		return jf_error_set(err, 0,
				    RES ".memory.swappiness: %" PRIu64
					" is out of range 0-100",
				    m->swappiness);
	if (m->has_swappiness && m->swappiness != CG_SWAPPINESS_UNSET &&
	    !cg_plan_add(b->plan, "memory", "memory.swappiness",
			 RES ".memory.swappiness", err, "%" PRIu64,
			 m->swappiness))
		return -1;
	if (m->has_disable_oom_killer && (m->disable_oom_killer || b->cur) &&
	    !cg_plan_add(b->plan, "memory", "memory.oom_control",
			 RES ".memory.disableOOMKiller", err, "%d",
			 m->disable_oom_killer ? 1 : 0))
		return -1;
	if (m->has_use_hierarchy && !m->use_hierarchy)
		cg_warn(RES ".memory.useHierarchy: ignored (the kernel's "
			    "memory cgroup is always hierarchical)");
	/* Unlike memory.kmem.limit_in_bytes, the TCP buffer limit still
	 * works on v1 (kernel 6.x); where the file is gone, go on. */
	if (m->has_kernel_tcp && m->kernel_tcp != 0) {
		struct cg_write *w = cg_plan_add(
		    b->plan, "memory", "memory.kmem.tcp.limit_in_bytes",
		    RES ".memory.kernelTCP", err, "%" PRId64, m->kernel_tcp);
		if (w == NULL)
			return -1;
		w->optional = true;
	}
	return 0;
}

int cg_v1_cpu(struct cg_build *b, const struct oci_cpu *c, struct jf_error *err)
{
	struct cg_plan *p = b->plan;

	if (c->has_shares && c->shares != 0 &&
	    !cg_plan_add(p, "cpu", "cpu.shares", RES ".cpu.shares", err,
			 "%" PRIu64, c->shares))
		return -1;
	if (c->has_period && c->period != 0 &&
	    !cg_plan_add(p, "cpu", "cpu.cfs_period_us", RES ".cpu.period", err,
			 "%" PRIu64, c->period))
		return -1;
	if (c->has_quota && c->quota != 0 &&
	    (check_min1(c->quota, RES ".cpu.quota", err) < 0 ||
	     !cg_plan_add(p, "cpu", "cpu.cfs_quota_us", RES ".cpu.quota", err,
			  "%" PRId64, c->quota)))
		return -1;
	if (c->has_burst &&
	    !cg_plan_add(p, "cpu", "cpu.cfs_burst_us", RES ".cpu.burst", err,
			 "%" PRIu64, c->burst))
		return -1;
	/* The period first: the kernel checks runtime against it. */
	if (c->has_realtime_period && c->realtime_period != 0 &&
	    !cg_plan_add(p, "cpu", "cpu.rt_period_us",
			 RES ".cpu.realtimePeriod", err, "%" PRIu64,
			 c->realtime_period))
		return -1;
	if (c->has_realtime_runtime && c->realtime_runtime != 0 &&
	    !cg_plan_add(p, "cpu", "cpu.rt_runtime_us",
			 RES ".cpu.realtimeRuntime", err, "%" PRId64,
			 c->realtime_runtime))
		return -1;
	if (c->has_idle && !cg_plan_add(p, "cpu", "cpu.idle", RES ".cpu.idle",
					err, "%" PRId64, c->idle))
		return -1;
	return 0;
}

static int add_alt(struct cg_write *w, const char *alt_file)
{
	if (w == NULL)
		return -1;
	snprintf(w->alt_file, sizeof(w->alt_file), "%s", alt_file);
	return 0;
}

static int blkio_weights(struct cg_build *b, const struct oci_block_io *io,
			 struct jf_error *err)
{
	struct cg_plan *p = b->plan;
	char field[96];

	/* Without CFQ the weights are BFQ's, under blkio.bfq.* (runc, crun). */
	if (io->has_weight && io->weight != 0 &&
	    add_alt(cg_plan_add(p, "blkio", "blkio.weight",
				RES ".blockIO.weight", err, "%u", io->weight),
		    "blkio.bfq.weight") < 0)
		return -1;
	if (io->has_leaf_weight && io->leaf_weight != 0 &&
	    !cg_plan_add(p, "blkio", "blkio.leaf_weight",
			 RES ".blockIO.leafWeight", err, "%u", io->leaf_weight))
		return -1;
	for (size_t i = 0; i < io->n_weight_device; i++) {
		const struct oci_weight_device *d = &io->weight_device[i];

		snprintf(field, sizeof(field), RES ".blockIO.weightDevice[%zu]",
			 i);
		if (d->has_weight && d->weight != 0 &&
		    add_alt(cg_plan_add(p, "blkio", "blkio.weight_device",
					field, err,
					"%" PRId64 ":%" PRId64 " %u", d->major,
					d->minor, d->weight),
			    "blkio.bfq.weight_device") < 0)
			return -1;
		if (d->has_leaf_weight && d->leaf_weight != 0 &&
		    !cg_plan_add(p, "blkio", "blkio.leaf_weight_device", field,
				 err, "%" PRId64 ":%" PRId64 " %u", d->major,
				 d->minor, d->leaf_weight))
			return -1;
	}
	return 0;
}

static int throttle(struct cg_build *b, const char *file, const char *name,
		    const struct oci_throttle_device *d, size_t n,
		    struct jf_error *err)
{
	char field[96];

	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), RES ".blockIO.%s[%zu]", name, i);
		if (!cg_plan_add(b->plan, "blkio", file, field, err,
				 "%" PRId64 ":%" PRId64 " %" PRIu64, d[i].major,
				 d[i].minor, d[i].rate))
			return -1;
	}
	return 0;
}

int cg_v1_blkio(struct cg_build *b, const struct oci_block_io *io,
		struct jf_error *err)
{
	if (blkio_weights(b, io, err) < 0 ||
	    throttle(b, "blkio.throttle.read_bps_device",
		     "throttleReadBpsDevice", io->throttle_read_bps_device,
		     io->n_throttle_read_bps_device, err) < 0 ||
	    throttle(b, "blkio.throttle.write_bps_device",
		     "throttleWriteBpsDevice", io->throttle_write_bps_device,
		     io->n_throttle_write_bps_device, err) < 0 ||
	    throttle(b, "blkio.throttle.read_iops_device",
		     "throttleReadIOPSDevice", io->throttle_read_iops_device,
		     io->n_throttle_read_iops_device, err) < 0 ||
	    throttle(b, "blkio.throttle.write_iops_device",
		     "throttleWriteIOPSDevice", io->throttle_write_iops_device,
		     io->n_throttle_write_iops_device, err) < 0)
		return -1;
	return 0;
}

int cg_v1_network(struct cg_build *b, const struct oci_network *n,
		  struct jf_error *err)
{
	char field[96];

	if (n->has_class_id &&
	    (cg_build_need(b, "net_cls", RES ".network.classID", err) < 0 ||
	     !cg_plan_add(b->plan, "net_cls", "net_cls.classid",
			  RES ".network.classID", err, "%" PRIu32,
			  n->class_id)))
		return -1;
	if (n->n_priorities > 0 &&
	    cg_build_need(b, "net_prio", RES ".network.priorities", err) < 0)
		return -1;
	for (size_t i = 0; i < n->n_priorities; i++) {
		const char *name = n->priorities[i].name;

		snprintf(field, sizeof(field), RES ".network.priorities[%zu]",
			 i);
		if (name == NULL || *name == '\0' || strpbrk(name, " \t\n"))
			return jf_error_set(
			    err, 0, "%s.name: invalid interface name", field);
		if (!cg_plan_add(b->plan, "net_prio", "net_prio.ifpriomap",
				 field, err, "%s %" PRIu32, name,
				 n->priorities[i].priority))
			return -1;
	}
	return 0;
}
