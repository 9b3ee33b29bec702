/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.resources -> plan: each section goes to the hierarchy holding its
 * controller, written the v1 or the v2 way depending on that hierarchy (on
 * the hybrid layout hugetlb lives on the cgroup2 mount).  Sections written
 * the same way on both versions (pids, cpuset, hugetlb, rdma) are here.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"

#define RES "linux.resources"

static bool memory_needed(const struct oci_memory *m)
{
	return m != NULL &&
	       (m->has_limit || m->has_reservation || m->has_swap ||
		m->has_swappiness || m->has_disable_oom_killer ||
		m->has_use_hierarchy || m->has_check_before_update ||
		(m->has_kernel_tcp && m->kernel_tcp != 0));
}

/* 0 is what Docker sends for "no kernel memory limit": no warning. */
static void warn_kernel_memory(const struct oci_memory *m)
{
	if (m != NULL && m->has_kernel && m->kernel != 0)
		cg_warn(RES ".memory.kernel: ignored (kernel memory limits "
			    "are not supported by current kernels)");
}

static bool str_set(const char *s)
{
	return s != NULL && *s != '\0';
}

static bool cpu_needed(const struct oci_cpu *c)
{
	return c != NULL && (c->has_shares || c->has_quota || c->has_period ||
			     c->has_burst || c->has_realtime_runtime ||
			     c->has_realtime_period || c->has_idle);
}

static bool is_v2(const struct cg_build *b, int h)
{
	return b->layout->hier[h].v2;
}

static int build_memory(struct cg_build *b, const struct oci_memory *m,
			struct jf_error *err)
{
	int h;

	warn_kernel_memory(m);
	if (!memory_needed(m))
		return 0;
	h = cg_build_need(b, "memory", RES ".memory", err);
	if (h < 0)
		return -1;
	return is_v2(b, h) ? cg_v2_memory(b, m, err) : cg_v1_memory(b, m, err);
}

static int build_cpu(struct cg_build *b, const struct oci_cpu *c,
		     struct jf_error *err)
{
	int h;

	if (c == NULL)
		return 0;
	/* "" means unset (runc): writing it would empty the cpuset. */
	if (str_set(c->cpus) || str_set(c->mems)) {
		if (cg_build_need(b, "cpuset", RES ".cpu.cpus", err) < 0)
			return -1;
		if (str_set(c->cpus) &&
		    !cg_plan_add(b->plan, "cpuset", "cpuset.cpus",
				 RES ".cpu.cpus", err, "%s", c->cpus))
			return -1;
		if (str_set(c->mems) &&
		    !cg_plan_add(b->plan, "cpuset", "cpuset.mems",
				 RES ".cpu.mems", err, "%s", c->mems))
			return -1;
	}
	if (!cpu_needed(c))
		return 0;
	h = cg_build_need(b, "cpu", RES ".cpu", err);
	if (h < 0)
		return -1;
	return is_v2(b, h) ? cg_v2_cpu(b, c, err) : cg_v1_cpu(b, c, err);
}

static int build_pids(struct cg_build *b, const struct oci_pids *p,
		      struct jf_error *err)
{
	if (p == NULL)
		return 0;
	if (cg_build_need(b, "pids", RES ".pids.limit", err) < 0)
		return -1;
	if (p->limit > 0)
		return cg_plan_add(b->plan, "pids", "pids.max",
				   RES ".pids.limit", err, "%" PRId64, p->limit)
			   ? 0
			   : -1;
	return cg_plan_add(b->plan, "pids", "pids.max", RES ".pids.limit", err,
			   "max")
		   ? 0
		   : -1;
}

/* Weights of 0 mean unset (runc; Docker always sends "weight": 0). */
static bool weights_set(const struct oci_block_io *io)
{
	if ((io->has_weight && io->weight != 0) ||
	    (io->has_leaf_weight && io->leaf_weight != 0))
		return true;
	for (size_t i = 0; i < io->n_weight_device; i++) {
		const struct oci_weight_device *d = &io->weight_device[i];

		if ((d->has_weight && d->weight != 0) ||
		    (d->has_leaf_weight && d->leaf_weight != 0))
			return true;
	}
	return false;
}

static bool blkio_set(const struct oci_block_io *io)
{
	return io != NULL &&
	       (weights_set(io) || io->n_throttle_read_bps_device ||
		io->n_throttle_write_bps_device ||
		io->n_throttle_read_iops_device ||
		io->n_throttle_write_iops_device);
}

static int build_blkio(struct cg_build *b, const struct oci_block_io *io,
		       struct jf_error *err)
{
	int h;

	if (!blkio_set(io))
		return 0;
	/* v1 calls the controller blkio, v2 io. */
	h = cg_build_need(b, b->layout->mode == CG_MODE_V2 ? "io" : "blkio",
			  RES ".blockIO", err);
	if (h < 0)
		return -1;
	return is_v2(b, h) ? cg_v2_io(b, io, err) : cg_v1_blkio(b, io, err);
}

/* "2MB", "1GB", "64KB": also keeps the name safe to use in a file name. */
static bool page_size_ok(const char *s)
{
	size_t digits = strspn(s, "0123456789");

	return digits > 0 && s[digits] != '\0' && strchr("KMGT", s[digits]) &&
	       strcmp(s + digits + 1, "B") == 0;
}

static int build_hugetlb(struct cg_build *b, const struct oci_resources *r,
			 struct jf_error *err)
{
	char field[64], file[96];
	int h;

	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		const char *size = r->hugepage_limits[i].page_size;

		if (size == NULL || !page_size_ok(size))
			return jf_error_set(
			    err, 0,
			    RES ".hugepageLimits[%zu].pageSize: "
				"invalid page size \"%s\" (expected "
				"e.g. \"2MB\")",
			    i, size ? size : "");
	}
	if (r->n_hugepage_limits == 0)
		return 0;
	h = cg_build_need(b, "hugetlb", RES ".hugepageLimits", err);
	if (h < 0)
		return -1;
	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		const struct oci_hugepage_limit *l = &r->hugepage_limits[i];

		snprintf(field, sizeof(field), RES ".hugepageLimits[%zu]", i);
		snprintf(file, sizeof(file), "hugetlb.%s.%s", l->page_size,
			 is_v2(b, h) ? "max" : "limit_in_bytes");
		if (!cg_plan_add(b->plan, "hugetlb", file, field, err,
				 "%" PRIu64, l->limit))
			return -1;
	}
	return 0;
}

static bool word_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (isspace((unsigned char)*s))
			return false;
	return true;
}

static int build_rdma(struct cg_build *b, const struct oci_resources *r,
		      struct jf_error *err)
{
	char field[64], handles[48], objects[48];

	if (r->n_rdma > 0 && cg_build_need(b, "rdma", RES ".rdma", err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_rdma; i++) {
		const struct oci_rdma *d = &r->rdma[i];

		snprintf(field, sizeof(field), RES ".rdma.%s",
			 d->device ? d->device : "");
		if (!word_ok(d->device))
			return jf_error_set(err, 0, "%s: invalid device name",
					    field);
		if (!d->has_hca_handles && !d->has_hca_objects)
			continue;
		handles[0] = objects[0] = '\0';
		if (d->has_hca_handles)
			snprintf(handles, sizeof(handles),
				 " hca_handle=%" PRIu32, d->hca_handles);
		if (d->has_hca_objects)
			snprintf(objects, sizeof(objects),
				 " hca_object=%" PRIu32, d->hca_objects);
		if (!cg_plan_add(b->plan, "rdma", "rdma.max", field, err,
				 "%s%s%s", d->device, handles, objects))
			return -1;
	}
	return 0;
}

static int build_network(struct cg_build *b, const struct oci_network *n,
			 struct jf_error *err)
{
	if (n == NULL || (!n->has_class_id && n->n_priorities == 0))
		return 0;
	if (b->layout->mode == CG_MODE_V2)
		return jf_error_set(err, 0,
				    RES ".network: not supported on cgroup v2 "
					"(no net_cls/net_prio controllers)");
	return cg_v1_network(b, n, err);
}

int cg_build_resources(struct cg_build *b, const struct oci_resources *r,
		       struct jf_error *err)
{
	if (r == NULL)
		return 0;
	if (build_memory(b, r->memory, err) < 0 ||
	    build_cpu(b, r->cpu, err) < 0 || build_pids(b, r->pids, err) < 0 ||
	    build_blkio(b, r->block_io, err) < 0 ||
	    build_hugetlb(b, r, err) < 0 || build_rdma(b, r, err) < 0 ||
	    build_network(b, r->network, err) < 0)
		return -1;
	if (r->n_unified > 0)
		return cg_v2_unified(b, r->unified, r->n_unified, err);
	return 0;
}
