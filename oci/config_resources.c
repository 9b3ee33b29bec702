/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json "linux.resources" (config-linux.md: Control groups). */
#include <errno.h>
#include <stdlib.h>

#include "config_internal.h"

static int read_device_cgroup(const struct json_reader *r,
			      const struct json_value *v, void *out)
{
	static const char *const required[] = {"allow", NULL};
	struct oci_device_cgroup *d = out;

	if (jr_require(r, v, required) ||
	    jr_bool(r, v, "allow", &d->allow, NULL) ||
	    jr_string(r, v, "type", &d->type) ||
	    jr_i64(r, v, "major", &d->major, &d->has_major) ||
	    jr_i64(r, v, "minor", &d->minor, &d->has_minor) ||
	    jr_string(r, v, "access", &d->access))
		return -1;
	return 0;
}

static int read_memory(const struct json_reader *r, const struct json_value *v,
		       void *out)
{
	struct oci_memory *m = out;

	if (jr_i64(r, v, "limit", &m->limit, &m->has_limit) ||
	    jr_i64(r, v, "reservation", &m->reservation, &m->has_reservation) ||
	    jr_i64(r, v, "swap", &m->swap, &m->has_swap) ||
	    jr_i64(r, v, "kernel", &m->kernel, &m->has_kernel) ||
	    jr_i64(r, v, "kernelTCP", &m->kernel_tcp, &m->has_kernel_tcp) ||
	    jr_u64(r, v, "swappiness", &m->swappiness, &m->has_swappiness) ||
	    jr_bool(r, v, "disableOOMKiller", &m->disable_oom_killer,
		    &m->has_disable_oom_killer) ||
	    jr_bool(r, v, "useHierarchy", &m->use_hierarchy,
		    &m->has_use_hierarchy) ||
	    jr_bool(r, v, "checkBeforeUpdate", &m->check_before_update,
		    &m->has_check_before_update))
		return -1;
	return 0;
}

static int read_cpu(const struct json_reader *r, const struct json_value *v,
		    void *out)
{
	struct oci_cpu *c = out;

	if (jr_u64(r, v, "shares", &c->shares, &c->has_shares) ||
	    jr_i64(r, v, "quota", &c->quota, &c->has_quota) ||
	    jr_u64(r, v, "burst", &c->burst, &c->has_burst) ||
	    jr_u64(r, v, "period", &c->period, &c->has_period) ||
	    jr_i64(r, v, "realtimeRuntime", &c->realtime_runtime,
		   &c->has_realtime_runtime) ||
	    jr_u64(r, v, "realtimePeriod", &c->realtime_period,
		   &c->has_realtime_period) ||
	    jr_string(r, v, "cpus", &c->cpus) ||
	    jr_string(r, v, "mems", &c->mems) ||
	    jr_i64(r, v, "idle", &c->idle, &c->has_idle))
		return -1;
	return 0;
}

static const char *const device_numbers[] = {"major", "minor", NULL};

static int read_weight_device(const struct json_reader *r,
			      const struct json_value *v, void *out)
{
	struct oci_weight_device *d = out;

	if (jr_require(r, v, device_numbers) ||
	    jr_i64(r, v, "major", &d->major, NULL) ||
	    jr_i64(r, v, "minor", &d->minor, NULL) ||
	    jr_u16(r, v, "weight", &d->weight, &d->has_weight) ||
	    jr_u16(r, v, "leafWeight", &d->leaf_weight, &d->has_leaf_weight))
		return -1;
	return 0;
}

static int read_throttle_device(const struct json_reader *r,
				const struct json_value *v, void *out)
{
	static const char *const required[] = {"major", "minor", "rate", NULL};
	struct oci_throttle_device *d = out;

	if (jr_require(r, v, required) ||
	    jr_i64(r, v, "major", &d->major, NULL) ||
	    jr_i64(r, v, "minor", &d->minor, NULL) ||
	    jr_u64(r, v, "rate", &d->rate, NULL))
		return -1;
	return 0;
}

static int read_throttles(const struct json_reader *r,
			  const struct json_value *v, struct oci_block_io *b)
{
	if (jr_array(r, v, "throttleReadBpsDevice", read_throttle_device,
		     &b->throttle_read_bps_device,
		     &b->n_throttle_read_bps_device) ||
	    jr_array(r, v, "throttleWriteBpsDevice", read_throttle_device,
		     &b->throttle_write_bps_device,
		     &b->n_throttle_write_bps_device) ||
	    jr_array(r, v, "throttleReadIOPSDevice", read_throttle_device,
		     &b->throttle_read_iops_device,
		     &b->n_throttle_read_iops_device) ||
	    jr_array(r, v, "throttleWriteIOPSDevice", read_throttle_device,
		     &b->throttle_write_iops_device,
		     &b->n_throttle_write_iops_device))
		return -1;
	return 0;
}

static int read_block_io(const struct json_reader *r,
			 const struct json_value *v, void *out)
{
	struct oci_block_io *b = out;

	if (jr_u16(r, v, "weight", &b->weight, &b->has_weight) ||
	    jr_u16(r, v, "leafWeight", &b->leaf_weight, &b->has_leaf_weight) ||
	    jr_array(r, v, "weightDevice", read_weight_device,
		     &b->weight_device, &b->n_weight_device) ||
	    read_throttles(r, v, b))
		return -1;
	return 0;
}

static int read_hugepage_limit(const struct json_reader *r,
			       const struct json_value *v, void *out)
{
	static const char *const required[] = {"pageSize", "limit", NULL};
	struct oci_hugepage_limit *h = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "pageSize", &h->page_size) ||
	    jr_u64(r, v, "limit", &h->limit, NULL))
		return -1;
	return 0;
}

static int read_net_priority(const struct json_reader *r,
			     const struct json_value *v, void *out)
{
	static const char *const required[] = {"name", "priority", NULL};
	struct oci_net_priority *p = out;

	if (jr_require(r, v, required) || jr_string(r, v, "name", &p->name) ||
	    jr_u32(r, v, "priority", &p->priority, NULL))
		return -1;
	return 0;
}

static int read_network(const struct json_reader *r, const struct json_value *v,
			void *out)
{
	struct oci_network *n = out;

	if (jr_u32(r, v, "classID", &n->class_id, &n->has_class_id) ||
	    jr_array(r, v, "priorities", read_net_priority, &n->priorities,
		     &n->n_priorities))
		return -1;
	return 0;
}

static int read_pids(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	static const char *const required[] = {"limit", NULL};
	struct oci_pids *p = out;

	if (jr_require(r, v, required) ||
	    jr_i64(r, v, "limit", &p->limit, NULL))
		return -1;
	return 0;
}

static int read_rdma(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	struct oci_rdma *rd = out;

	if (jr_key(r, v, &rd->device) ||
	    jr_u32(r, v, "hcaHandles", &rd->hca_handles,
		   &rd->has_hca_handles) ||
	    jr_u32(r, v, "hcaObjects", &rd->hca_objects, &rd->has_hca_objects))
		return -1;
	return 0;
}

int oci_read_resources(const struct json_reader *r, const struct json_value *v,
		       void *out)
{
	struct oci_resources *res = out;

	if (jr_array(r, v, "devices", read_device_cgroup, &res->devices,
		     &res->n_devices) ||
	    jr_object(r, v, "memory", read_memory, &res->memory) ||
	    jr_object(r, v, "cpu", read_cpu, &res->cpu) ||
	    jr_object(r, v, "blockIO", read_block_io, &res->block_io) ||
	    jr_array(r, v, "hugepageLimits", read_hugepage_limit,
		     &res->hugepage_limits, &res->n_hugepage_limits) ||
	    jr_object(r, v, "network", read_network, &res->network) ||
	    jr_object(r, v, "pids", read_pids, &res->pids) ||
	    jr_map(r, v, "rdma", read_rdma, &res->rdma, &res->n_rdma) ||
	    jr_string_map(r, v, "unified", &res->unified, &res->n_unified))
		return -1;
	return 0;
}

int oci_resources_parse(const char *text, size_t len,
			struct oci_resources **ret, struct jf_error *err)
{
	static const struct json_parse_opts opts = {
	    .doc = "resources.json",
	    .validate_utf8 = true,
	};
	struct oci_resources *res = NULL;

	if (jr_parse_document(text, len, &opts, sizeof(*res),
			      oci_read_resources, &res, err) < 0) {
		oci_resources_free(res);
		return -1;
	}
	*ret = res;
	return 0;
}
