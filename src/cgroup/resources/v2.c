/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.resources written the cgroup v2 way (memory, cpu, io, unified), with
 * the conversions runc and crun use for values the spec gives in v1 terms.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"

#define RES "linux.resources"

/* cpu.shares [2, 262144] -> cpu.weight [1, 10000] */
uint64_t cg_shares_to_weight(uint64_t shares)
{
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

/* blkio.weight [10, 1000] -> io.weight [1, 10000] */
uint64_t cg_blkio_to_io_weight(uint64_t weight)
{
	if (weight < 10)
		weight = 10;
	return 1 + ((weight - 10) * 9999) / 990;
}

/* -1 -> "max" */
static void limit_str(int64_t v, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "max");
	else
		snprintf(buf, size, "%" PRId64, v);
}

static int check_min1(int64_t v, const char *field, struct jf_error *err)
{
	if (v < -1)
		return jf_error_set(err, 0,
				    "%s: invalid value %" PRId64
				    " (-1 means unlimited)",
				    field, v);
	return 0;
}

/* The spec's swap is memory+swap; memory.swap.max is swap alone. */
static int swap_max(int64_t limit, int64_t swap, int64_t *ret,
		    struct jf_error *err)
{
	if (limit == -1 && swap == 0)
		swap = -1;
	if (swap == -1 || swap == 0) {
		*ret = swap;
		return 0;
	}
	if (limit <= 0)
		return jf_error_set(err, 0,
				    RES ".memory.swap: a swap limit needs "
					"memory.limit too");
	if (swap < limit)
		return jf_error_set(err, 0,
				    RES ".memory.swap: %" PRId64
					" is below memory.limit %" PRId64
					" (swap is memory+swap)",
				    swap, limit);
	*ret = swap - limit;
	return 0;
}

/* checkBeforeUpdate: refuse a limit below what the container uses now. */
static int check_usage(struct cg_build *b, int64_t limit, int64_t swap,
		       struct jf_error *err)
{
	int h = cg_layout_find(b->layout, "memory");
	char path[4096];
	uint64_t mem = 0, sw = 0, want = 0;

	if (b->cur == NULL || !cg_has(b->cur, h) || limit <= 0)
		return 0;
	if (cg_file(b->cur, h, "memory.current", path, sizeof(path)) < 0 ||
	    cg_read_u64(path, &mem, err) < 0)
		return -1;
	if (cg_file(b->cur, h, "memory.swap.current", path, sizeof(path)) == 0)
		cg_read_u64(path, &sw, NULL);
	want = (uint64_t)limit + (swap > 0 ? (uint64_t)swap : 0);
	if (want <= mem + sw)
		return jf_error_set(err, 0,
				    RES ".memory.checkBeforeUpdate: the new "
					"limit %" PRIu64
					" is not above the current "
					"usage %" PRIu64,
				    want, mem + sw);
	return 0;
}

static int memory_limits(struct cg_build *b, const struct oci_memory *m,
			 struct jf_error *err)
{
	int64_t limit = m->has_limit ? m->limit : 0;
	int64_t swap = 0;
	char v[32];

	if (check_min1(limit, RES ".memory.limit", err) < 0 ||
	    (m->has_swap && check_min1(m->swap, RES ".memory.swap", err) < 0) ||
	    swap_max(limit, m->has_swap ? m->swap : 0, &swap, err) < 0)
		return -1;
	if (m->has_check_before_update && m->check_before_update &&
	    check_usage(b, limit, swap, err) < 0)
		return -1;
	limit_str(limit, v, sizeof(v));
	if (limit != 0 && !cg_plan_add(b->plan, "memory", "memory.max",
				       RES ".memory.limit", err, "%s", v))
		return -1;
	/* swap == limit (docker's -m alone) is 0: no swap at all, written
	 * as runc does; only an unset swap writes nothing. */
	if (swap != 0 || (m->has_swap && m->swap > 0)) {
		struct cg_write *w;

		limit_str(swap, v, sizeof(v));
		w = cg_plan_add(b->plan, "memory", "memory.swap.max",
				RES ".memory.swap", err, "%s", v);
		if (w == NULL)
			return -1;
		w->optional = true; /* no swap accounting: no such file */
	}
	return 0;
}

int cg_v2_memory(struct cg_build *b, const struct oci_memory *m,
		 struct jf_error *err)
{
	char v[32];

	if (m->has_kernel_tcp && m->kernel_tcp != 0)
		cg_warn(RES ".memory.kernelTCP: ignored (cgroup v2 has no "
			    "separate TCP buffer limit)");
	if (memory_limits(b, m, err) < 0)
		return -1;
	if (m->has_reservation && m->reservation != 0) {
		if (check_min1(m->reservation, RES ".memory.reservation", err) <
		    0)
			return -1;
		limit_str(m->reservation, v, sizeof(v));
		if (!cg_plan_add(b->plan, "memory", "memory.low",
				 RES ".memory.reservation", err, "%s", v))
			return -1;
	}
	if (m->has_swappiness && m->swappiness != CG_SWAPPINESS_UNSET)
		return jf_error_set(err, 0,
				    RES ".memory.swappiness: not supported on "
					"cgroup v2");
	if (m->has_disable_oom_killer && m->disable_oom_killer)
		return jf_error_set(err, 0,
				    RES ".memory.disableOOMKiller: not "
					"supported on cgroup v2");
	if (m->has_use_hierarchy && !m->use_hierarchy)
		cg_warn(RES ".memory.useHierarchy: ignored on cgroup v2");
	return 0;
}

/* The quota part of cpu.max: an update that sets only the period keeps
 * the quota in force. */
static void quota_str(struct cg_build *b, const struct oci_cpu *c, char *buf,
		      size_t size)
{
	char path[4096];
	int h;

	snprintf(buf, size, "max");
	if (c->has_quota && c->quota > 0) {
		snprintf(buf, size, "%" PRId64, c->quota);
		return;
	}
	if (c->has_quota && c->quota != 0)
		return;
	h = cg_layout_find(b->layout, "cpu");
	if (b->cur != NULL && cg_has(b->cur, h) &&
	    cg_file(b->cur, h, "cpu.max", path, sizeof(path)) == 0 &&
	    cg_read(path, buf, size, NULL) > 0)
		buf[strcspn(buf, " \n")] = '\0';
}

static int cpu_max(struct cg_build *b, const struct oci_cpu *c,
		   struct jf_error *err)
{
	char quota[32], period[32] = "";

	if (!(c->has_quota && c->quota != 0) &&
	    !(c->has_period && c->period != 0))
		return 0;
	if (c->has_quota && check_min1(c->quota, RES ".cpu.quota", err) < 0)
		return -1;
	quota_str(b, c, quota, sizeof(quota));
	if (c->has_period && c->period != 0)
		snprintf(period, sizeof(period), " %" PRIu64, c->period);
	return cg_plan_add(b->plan, "cpu", "cpu.max",
			   c->has_quota ? RES ".cpu.quota" : RES ".cpu.period",
			   err, "%s%s", quota, period)
		   ? 0
		   : -1;
}

int cg_v2_cpu(struct cg_build *b, const struct oci_cpu *c, struct jf_error *err)
{
	if ((c->has_realtime_runtime && c->realtime_runtime != 0) ||
	    (c->has_realtime_period && c->realtime_period != 0))
		return jf_error_set(err, 0,
				    RES
				    ".cpu.%s: realtime scheduling limits are "
				    "not supported on cgroup v2",
				    c->has_realtime_runtime ? "realtimeRuntime"
							    : "realtimePeriod");
	if (c->has_shares && c->shares != 0 &&
	    !cg_plan_add(b->plan, "cpu", "cpu.weight", RES ".cpu.shares", err,
			 "%" PRIu64, cg_shares_to_weight(c->shares)))
		return -1;
	if (cpu_max(b, c, err) < 0)
		return -1;
	if (c->has_burst &&
	    !cg_plan_add(b->plan, "cpu", "cpu.max.burst", RES ".cpu.burst", err,
			 "%" PRIu64, c->burst))
		return -1;
	if (c->has_idle &&
	    !cg_plan_add(b->plan, "cpu", "cpu.idle", RES ".cpu.idle", err,
			 "%" PRId64, c->idle))
		return -1;
	return 0;
}

/* BFQ's io.bfq.weight takes the v1 value; io.weight (iocost) the converted
 * one (crun). */
static int io_weight(struct cg_build *b, const char *field, const char *dev,
		     unsigned weight, struct jf_error *err)
{
	struct cg_write *w;

	if (weight < 10 || weight > 1000)
		return jf_error_set(err, 0,
				    "%s: weight %u is out of range "
				    "10-1000",
				    field, weight);
	w = cg_plan_add(b->plan, "io", "io.bfq.weight", field, err, "%s%u", dev,
			weight);
	if (w == NULL)
		return -1;
	snprintf(w->alt_file, sizeof(w->alt_file), "io.weight");
	if (asprintf(&w->alt_value, "%s%" PRIu64, dev,
		     cg_blkio_to_io_weight(weight)) < 0) {
		w->alt_value = NULL;
		return jf_error_errno(err, "%s", field);
	}
	return 0;
}

static int io_max(struct cg_build *b, const char *key, const char *name,
		  const struct oci_throttle_device *d, size_t n,
		  struct jf_error *err)
{
	char field[96];

	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), RES ".blockIO.%s[%zu]", name, i);
		if (!cg_plan_add(b->plan, "io", "io.max", field, err,
				 "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
				 d[i].major, d[i].minor, key, d[i].rate))
			return -1;
	}
	return 0;
}

int cg_v2_io(struct cg_build *b, const struct oci_block_io *io,
	     struct jf_error *err)
{
	char field[96], dev[48];

	if (io->has_leaf_weight && io->leaf_weight != 0)
		return jf_error_set(err, 0,
				    RES ".blockIO.leafWeight: not supported on "
					"cgroup v2");
	if (io->has_weight && io->weight != 0 &&
	    io_weight(b, RES ".blockIO.weight", "", io->weight, err) < 0)
		return -1;
	for (size_t i = 0; i < io->n_weight_device; i++) {
		const struct oci_weight_device *d = &io->weight_device[i];

		snprintf(field, sizeof(field), RES ".blockIO.weightDevice[%zu]",
			 i);
		snprintf(dev, sizeof(dev), "%" PRId64 ":%" PRId64 " ", d->major,
			 d->minor);
		if (d->has_weight && d->weight != 0 &&
		    io_weight(b, field, dev, d->weight, err) < 0)
			return -1;
	}
	if (io_max(b, "rbps", "throttleReadBpsDevice",
		   io->throttle_read_bps_device, io->n_throttle_read_bps_device,
		   err) < 0 ||
	    io_max(b, "wbps", "throttleWriteBpsDevice",
		   io->throttle_write_bps_device,
		   io->n_throttle_write_bps_device, err) < 0 ||
	    io_max(b, "riops", "throttleReadIOPSDevice",
		   io->throttle_read_iops_device,
		   io->n_throttle_read_iops_device, err) < 0 ||
	    io_max(b, "wiops", "throttleWriteIOPSDevice",
		   io->throttle_write_iops_device,
		   io->n_throttle_write_iops_device, err) < 0)
		return -1;
	return 0;
}

/* Files jfrun itself manages: setting them from the config would break it. */
static bool reserved_key(const char *key)
{
	static const char *const reserved[] = {
	    "cgroup.procs", "cgroup.threads", "cgroup.subtree_control",
	    "cgroup.kill",  "cgroup.freeze",  "cgroup.type",
	};

	for (size_t i = 0; i < sizeof(reserved) / sizeof(*reserved); i++)
		if (strcmp(key, reserved[i]) == 0)
			return true;
	return false;
}

static int unified_one(struct cg_build *b, const struct oci_kv *kv,
		       struct jf_error *err)
{
	char field[160], ctrl[32];
	const char *dot = kv->key ? strchr(kv->key, '.') : NULL;
	int h;

	snprintf(field, sizeof(field), RES ".unified.%s",
		 kv->key ? kv->key : "");
	if (dot == NULL || dot == kv->key || strchr(kv->key, '/') ||
	    (size_t)(dot - kv->key) >= sizeof(ctrl) || reserved_key(kv->key))
		return jf_error_set(err, 0, "%s: not a usable cgroup v2 file",
				    field);
	snprintf(ctrl, sizeof(ctrl), "%.*s", (int)(dot - kv->key), kv->key);
	if (strcmp(ctrl, "cgroup") == 0) {
		h = b->layout->unified;
	} else {
		h = cg_layout_find(b->layout, ctrl);
		if (h >= 0 && !b->layout->hier[h].v2)
			h = -1;
	}
	if (h < 0)
		return jf_error_set(
		    err, 0,
		    "%s: the %s controller is not on this host's "
		    "cgroup v2 hierarchy",
		    field, ctrl);
	b->plan->need |= 1u << h;
	return cg_plan_add(b->plan, ctrl, kv->key, field, err, "%s",
			   kv->value ? kv->value : "")
		   ? 0
		   : -1;
}

int cg_v2_unified(struct cg_build *b, const struct oci_kv *kv, size_t n,
		  struct jf_error *err)
{
	if (b->layout->unified < 0)
		return jf_error_set(err, 0,
				    RES ".unified: needs cgroup v2 (this host "
					"has cgroup v1 only)");
	for (size_t i = 0; i < n; i++)
		if (unified_one(b, &kv[i], err) < 0)
			return -1;
	return 0;
}
