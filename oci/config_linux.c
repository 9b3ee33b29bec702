/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.json "linux" (config-linux.md), except resources and seccomp which
 * have files of their own.
 */
#include <string.h>

#include "config_internal.h"

/* The spec's namespace types: validated here because they are spec strings;
 * src/ maps them to CLONE_NEW* flags. */
static const char *const namespace_types[] = {
    "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time", NULL,
};

int oci_read_id_mapping(const struct json_reader *r, const struct json_value *v,
			void *out)
{
	static const char *const required[] = {"containerID", "hostID", "size",
					       NULL};
	struct oci_id_mapping *m = out;

	if (jr_require(r, v, required) ||
	    jr_u32(r, v, "containerID", &m->container_id, NULL) ||
	    jr_u32(r, v, "hostID", &m->host_id, NULL) ||
	    jr_u32(r, v, "size", &m->size, NULL))
		return -1;
	return 0;
}

const char *const oci_memory_policy_modes[] = {
    "MPOL_DEFAULT",    "MPOL_BIND",
    "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE",
    "MPOL_PREFERRED",  "MPOL_PREFERRED_MANY",
    "MPOL_LOCAL",      NULL,
};

const char *const oci_memory_policy_flags[] = {
    "MPOL_F_NUMA_BALANCING",
    "MPOL_F_RELATIVE_NODES",
    "MPOL_F_STATIC_NODES",
    NULL,
};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static int read_namespace(const struct json_reader *r,
			  const struct json_value *v, void *out)
{
	static const char *const required[] = {"type", NULL};
	struct oci_namespace *ns = out;

	if (jr_require(r, v, required) || jr_string(r, v, "type", &ns->type))
		return -1;
	if (!in_list(ns->type, namespace_types))
		return jr_fail(r, jr_get(v, "type"),
			       "unknown namespace type \"%.64s\"", ns->type);
	return jr_string(r, v, "path", &ns->path);
}

static bool seen_before(const struct oci_linux *l, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(l->namespaces[i].type, l->namespaces[j].type) == 0)
			return true;
	return false;
}

/* The spec: duplicated namespace types MUST be an error.  Types are known
 * to be valid here, so a duplicate shows within the first nine. */
static int check_unique_namespaces(const struct json_reader *r,
				   const struct json_value *v,
				   const struct oci_linux *l)
{
	const struct json_value *elem = jr_get(v, "namespaces");

	elem = elem != NULL ? elem->u.first : NULL;
	for (size_t i = 0; i < l->n_namespaces; i++, elem = elem->next)
		if (seen_before(l, i))
			return jr_fail(r, jr_get(elem, "type"),
				       "duplicate namespace type \"%s\"",
				       l->namespaces[i].type);
	return 0;
}

static int read_time_offset(const struct json_reader *r,
			    const struct json_value *v, void *out)
{
	struct oci_time_offset *t = out;

	if (jr_key(r, v, &t->clock) || jr_i64(r, v, "secs", &t->secs, NULL) ||
	    jr_u32(r, v, "nanosecs", &t->nanosecs, NULL))
		return -1;
	return 0;
}

static int read_device_numbers(const struct json_reader *r,
			       const struct json_value *v, struct oci_device *d)
{
	static const char *const required[] = {"major", "minor", NULL};

	/* A FIFO has no device numbers; the other types need them. */
	if (strcmp(d->type, "p") != 0 && jr_require(r, v, required))
		return -1;
	if (jr_i64(r, v, "major", &d->major, &d->has_major) ||
	    jr_i64(r, v, "minor", &d->minor, &d->has_minor))
		return -1;
	return 0;
}

static int read_device(const struct json_reader *r, const struct json_value *v,
		       void *out)
{
	static const char *const required[] = {"type", "path", NULL};
	static const char *const types[] = {"c", "b", "u", "p", NULL};
	struct oci_device *d = out;

	if (jr_require(r, v, required) || jr_string(r, v, "type", &d->type))
		return -1;
	if (!in_list(d->type, types))
		return jr_fail(r, jr_get(v, "type"),
			       "unknown device type \"%.64s\" (c, b, u or p)",
			       d->type);
	if (jr_abs_path(r, v, "path", &d->path) ||
	    read_device_numbers(r, v, d) ||
	    jr_u32(r, v, "fileMode", &d->file_mode, &d->has_file_mode) ||
	    jr_u32(r, v, "uid", &d->uid, &d->has_uid) ||
	    jr_u32(r, v, "gid", &d->gid, &d->has_gid))
		return -1;
	return 0;
}

static int read_intel_rdt(const struct json_reader *r,
			  const struct json_value *v, void *out)
{
	struct oci_intel_rdt *rdt = out;

	if (jr_string(r, v, "closID", &rdt->clos_id) ||
	    jr_string(r, v, "l3CacheSchema", &rdt->l3_cache_schema) ||
	    jr_string(r, v, "memBwSchema", &rdt->mem_bw_schema) ||
	    jr_strings(r, v, "schemata", &rdt->schemata, &rdt->n_schemata) ||
	    jr_bool(r, v, "enableMonitoring", &rdt->enable_monitoring, NULL) ||
	    jr_bool(r, v, "enableCMT", &rdt->enable_cmt, NULL) ||
	    jr_bool(r, v, "enableMBM", &rdt->enable_mbm, NULL))
		return -1;
	return 0;
}

/* Mode and flag names are spec strings, checked here; the node list is
 * parsed where it becomes a nodemask (src/linux/mempolicy.c). */
static int read_memory_policy(const struct json_reader *r,
			      const struct json_value *v, void *out)
{
	static const char *const required[] = {"mode", NULL};
	const struct json_value *flag;
	struct oci_memory_policy *m = out;

	if (jr_require(r, v, required) || jr_string(r, v, "mode", &m->mode) ||
	    jr_string(r, v, "nodes", &m->nodes) ||
	    jr_strings(r, v, "flags", &m->flags, &m->n_flags))
		return -1;
	if (!in_list(m->mode, oci_memory_policy_modes))
		return jr_fail(r, jr_get(v, "mode"),
			       "unknown memory policy mode \"%.64s\"", m->mode);
	flag = jr_get(v, "flags");
	flag = flag != NULL ? flag->u.first : NULL;
	for (size_t i = 0; i < m->n_flags; i++, flag = flag->next)
		if (!in_list(m->flags[i], oci_memory_policy_flags))
			return jr_fail(r, flag,
				       "unknown memory policy flag \"%.64s\"",
				       m->flags[i]);
	return 0;
}

static int read_net_device(const struct json_reader *r,
			   const struct json_value *v, void *out)
{
	struct oci_net_device *d = out;

	if (jr_key(r, v, &d->host_name) || jr_string(r, v, "name", &d->name))
		return -1;
	if (d->name != NULL && d->name[0] == '\0')
		return jr_fail(r, jr_get(v, "name"), "empty device name");
	return 0;
}

static int read_personality(const struct json_reader *r,
			    const struct json_value *v, void *out)
{
	static const char *const required[] = {"domain", NULL};
	struct oci_personality *p = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "domain", &p->domain) ||
	    jr_strings(r, v, "flags", &p->flags, &p->n_flags))
		return -1;
	return 0;
}

static int read_isolation(const struct json_reader *r,
			  const struct json_value *v, struct oci_linux *l)
{
	if (jr_array(r, v, "namespaces", read_namespace, &l->namespaces,
		     &l->n_namespaces) ||
	    check_unique_namespaces(r, v, l) ||
	    jr_array(r, v, "uidMappings", oci_read_id_mapping, &l->uid_mappings,
		     &l->n_uid_mappings) ||
	    jr_array(r, v, "gidMappings", oci_read_id_mapping, &l->gid_mappings,
		     &l->n_gid_mappings) ||
	    jr_map(r, v, "timeOffsets", read_time_offset, &l->time_offsets,
		   &l->n_time_offsets))
		return -1;
	return 0;
}

static int read_filesystem(const struct json_reader *r,
			   const struct json_value *v, struct oci_linux *l)
{
	if (jr_array(r, v, "devices", read_device, &l->devices,
		     &l->n_devices) ||
	    jr_string(r, v, "rootfsPropagation", &l->rootfs_propagation) ||
	    jr_strings(r, v, "maskedPaths", &l->masked_paths,
		       &l->n_masked_paths) ||
	    jr_strings(r, v, "readonlyPaths", &l->readonly_paths,
		       &l->n_readonly_paths) ||
	    jr_string(r, v, "mountLabel", &l->mount_label))
		return -1;
	return 0;
}

int oci_read_linux(const struct json_reader *r, const struct json_value *v,
		   void *out)
{
	struct oci_linux *l = out;

	if (read_isolation(r, v, l) || read_filesystem(r, v, l) ||
	    jr_string(r, v, "cgroupsPath", &l->cgroups_path) ||
	    jr_object(r, v, "resources", oci_read_resources, &l->resources) ||
	    jr_object(r, v, "seccomp", oci_read_seccomp, &l->seccomp) ||
	    jr_string_map(r, v, "sysctl", &l->sysctl, &l->n_sysctl) ||
	    jr_object(r, v, "intelRdt", read_intel_rdt, &l->intel_rdt) ||
	    jr_object(r, v, "personality", read_personality, &l->personality) ||
	    jr_object(r, v, "memoryPolicy", read_memory_policy,
		      &l->memory_policy) ||
	    jr_map(r, v, "netDevices", read_net_device, &l->net_devices,
		   &l->n_net_devices))
		return -1;
	return 0;
}
