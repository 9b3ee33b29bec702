/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runtime-spec features.md and features-linux.md, as JSON. */
#include "runtime_features.h"

#include "json_write.h"

static void write_enabled(struct json_writer *w, const char *key, bool on)
{
	jw_key(w, key);
	jw_object_open(w);
	jw_member_bool(w, "enabled", on);
	jw_object_close(w);
}

static void write_cgroup(struct json_writer *w, const struct oci_features *f)
{
	jw_key(w, "cgroup");
	jw_object_open(w);
	jw_member_bool(w, "v1", f->cgroup_v1);
	jw_member_bool(w, "v2", f->cgroup_v2);
	jw_member_bool(w, "systemd", f->cgroup_systemd);
	jw_member_bool(w, "systemdUser", f->cgroup_systemd_user);
	jw_member_bool(w, "rdma", f->cgroup_rdma);
	jw_object_close(w);
}

static void write_seccomp(struct json_writer *w, const struct oci_features *f)
{
	jw_key(w, "seccomp");
	jw_object_open(w);
	jw_member_bool(w, "enabled", f->seccomp_enabled);
	jw_member_strings(w, "actions", f->seccomp_actions);
	jw_member_strings(w, "operators", f->seccomp_operators);
	jw_member_strings(w, "archs", f->seccomp_archs);
	jw_member_strings(w, "knownFlags", f->seccomp_known_flags);
	jw_member_strings(w, "supportedFlags", f->seccomp_supported_flags);
	jw_object_close(w);
}

static void write_linux(struct json_writer *w, const struct oci_features *f)
{
	jw_key(w, "linux");
	jw_object_open(w);
	jw_member_strings(w, "namespaces", f->namespaces);
	jw_member_strings(w, "capabilities", f->capabilities);
	write_cgroup(w, f);
	write_seccomp(w, f);
	write_enabled(w, "apparmor", f->apparmor_enabled);
	write_enabled(w, "selinux", f->selinux_enabled);
	jw_key(w, "intelRdt");
	jw_object_open(w);
	jw_member_bool(w, "enabled", f->intel_rdt_enabled);
	jw_member_bool(w, "schemata", f->intel_rdt_schemata);
	jw_member_bool(w, "monitoring", f->intel_rdt_monitoring);
	jw_object_close(w);
	jw_key(w, "memoryPolicy");
	jw_object_open(w);
	jw_member_strings(w, "modes", f->memory_policy_modes);
	jw_member_strings(w, "flags", f->memory_policy_flags);
	jw_object_close(w);
	write_enabled(w, "netDevices", f->net_devices_enabled);
	jw_key(w, "mountExtensions");
	jw_object_open(w);
	write_enabled(w, "idmap", f->mount_ext_idmap);
	jw_object_close(w);
	jw_object_close(w);
}

static void write_annotations(struct json_writer *w,
			      const struct oci_features *f)
{
	const char *const *kv = f->annotation_keys;

	if (kv == NULL)
		return;
	jw_key(w, "annotations");
	jw_object_open(w);
	for (; kv[0] != NULL && kv[1] != NULL; kv += 2)
		jw_member_string(w, kv[0], kv[1]);
	jw_object_close(w);
}

int oci_features_to_json(const struct oci_features *f, char **ret_buf,
			 size_t *ret_len, struct jf_error *err)
{
	struct json_writer w;

	jw_init(&w, "    ");
	jw_object_open(&w);
	jw_member_string(&w, "ociVersionMin", f->oci_version_min);
	jw_member_string(&w, "ociVersionMax", f->oci_version_max);
	jw_member_strings(&w, "hooks", f->hooks);
	jw_member_strings(&w, "mountOptions", f->mount_options);
	write_linux(&w, f);
	write_annotations(&w, f);
	jw_member_strings(&w, "potentiallyUnsafeConfigAnnotations",
			  f->potentially_unsafe_annotations);
	jw_object_close(&w);
	if (jw_finish(&w, ret_buf, ret_len, err) < 0)
		return jf_error_wrap(err, "features");
	return 0;
}
