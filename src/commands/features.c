/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>

#include "annotations.h"
#include "cleanup.h"
#include "config.h"
#include "commands/commands.h"
#include "runtime_features.h"
#include "linux/caps.h"
#include "linux/mount_options.h"
#include "linux/namespaces.h"
#include "linux/seccomp.h"
#include "state.h"

static const char *const hooks[] = {
	"prestart", "createRuntime", "createContainer", "startContainer",
	"poststart", "poststop", NULL,
};

static const char *const annotations[] = {
	"org.opencontainers.runc.features.version", "jfrun 0.1.0",
	JF_ANN_PROC_VIRTUALIZE, "true|false",
	JF_ANN_RSS_SOFT, "bytes with K/M/G suffix",
	JF_ANN_RSS_HARD, "bytes with K/M/G suffix",
	JF_ANN_RSS_INTERVAL, "milliseconds",
	NULL,
};

int jf_cmd_features(int argc, char **argv, const struct jf_globals *g,
		    struct jf_error *err)
{
	cleanup_free const char **caps = jf_caps_known_names();
	cleanup_free char *json = NULL;
	struct oci_features f = {
		.oci_version_min = "1.0.0",
		.oci_version_max = OCI_VERSION,
		.hooks = hooks,
		.mount_options = jf_mount_option_names,
		.namespaces = jf_namespace_names,
		.capabilities = caps,
		.cgroup_v1 = true,
		.cgroup_v2 = true,
		.cgroup_systemd = true,
		.seccomp_enabled = true,
		/* Supported (linux/lsm.h), as runc reports them: whether this
		 * host has them enabled is checked at create. */
		.apparmor_enabled = true,
		.selinux_enabled = true,
		/* 1.3 (README "Runtime-spec 1.3"): resctrl is applied where
		 * it is mounted, refused where it is not. */
		.intel_rdt_enabled = true,
		.intel_rdt_schemata = true,
		.intel_rdt_monitoring = true,
		.memory_policy_modes = oci_memory_policy_modes,
		.memory_policy_flags = oci_memory_policy_flags,
		.net_devices_enabled = true,
		.seccomp_actions = jf_seccomp_actions,
		.seccomp_operators = jf_seccomp_operators,
		.seccomp_archs = jf_seccomp_archs,
		.seccomp_known_flags = jf_seccomp_flags,
		.seccomp_supported_flags = jf_seccomp_flags,
		.annotation_keys = annotations,
	};
	size_t len;

	if (oci_features_to_json(&f, &json, &len, err) < 0)
		return -1;
	fwrite(json, 1, len, stdout);
	putchar('\n');
	return 0;
}
