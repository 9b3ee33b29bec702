/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime-spec features.md document printed by `jfrun features`.
 * (Not "features.h": with -Ioci that name would hide glibc's <features.h>.)
 */
#ifndef JF_OCI_RUNTIME_FEATURES_H
#define JF_OCI_RUNTIME_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct oci_features {
	const char *oci_version_min;
	const char *oci_version_max;
	const char *const *hooks; /* NULL-terminated lists */
	const char *const *mount_options;
	const char *const *namespaces;
	const char *const *capabilities;
	bool cgroup_v1;
	bool cgroup_v2;
	bool cgroup_systemd;
	bool cgroup_systemd_user;
	bool cgroup_rdma;
	bool seccomp_enabled;
	const char *const *seccomp_actions;
	const char *const *seccomp_operators;
	const char *const *seccomp_archs;
	const char *const *seccomp_known_flags;
	const char *const *seccomp_supported_flags;
	bool apparmor_enabled;
	bool selinux_enabled;
	bool intel_rdt_enabled;
	bool intel_rdt_schemata;		/* 1.3 */
	bool intel_rdt_monitoring;		/* 1.3 */
	const char *const *memory_policy_modes; /* 1.3 */
	const char *const *memory_policy_flags;
	bool net_devices_enabled; /* 1.3 */
	bool mount_ext_idmap;
	const char *const
	    *annotation_keys; /* key, value, key, value, ..., NULL */
	const char *const *potentially_unsafe_annotations;
};

/* *ret_buf is malloc'd, NUL-terminated, pretty-printed JSON. */
int oci_features_to_json(const struct oci_features *f, char **ret_buf,
			 size_t *ret_len, struct jf_error *err);

#endif
