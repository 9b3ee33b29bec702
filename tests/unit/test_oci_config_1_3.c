/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime-spec 1.3 in the model: linux.memoryPolicy, linux.netDevices,
 * linux.intelRdt schemata/enableMonitoring, and the features JSON keys;
 * the memory policy and CPU list checks of src/linux.
 */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "config.h"
#include "linux/cpu_affinity.h"
#include "linux/mempolicy.h"
#include "linux/net_devices.h"
#include "oci_test_util.h"
#include "runtime_features.h"
#include "unit.h"

static void test_memory_policy_parses(const char *name)
{
	struct oci_config *c =
	    config_of("{" MINIMAL_CONFIG ", 'linux': {'memoryPolicy': {'mode': "
		      "'MPOL_INTERLEAVE', 'nodes': '0-3,7', 'flags': "
		      "['MPOL_F_STATIC_NODES']}}}");

	CHECK(c != NULL);
	CHECK_STR(c->linux_->memory_policy->mode, "MPOL_INTERLEAVE");
	CHECK_STR(c->linux_->memory_policy->nodes, "0-3,7");
	CHECK(c->linux_->memory_policy->n_flags == 1);
	CHECK_STR(c->linux_->memory_policy->flags[0], "MPOL_F_STATIC_NODES");
	oci_config_free(c);
}

static void test_memory_policy_errors_name_the_field(const char *name)
{
	CHECK_STR(
	    config_error("{" MINIMAL_CONFIG ", 'linux': {"
			 "'memoryPolicy': {'nodes': '0'}}}"),
	    "config.json: linux.memoryPolicy.mode: required field is missing");
	CHECK_STR(
	    config_error("{" MINIMAL_CONFIG ", 'linux': {"
			 "'memoryPolicy': {'mode': 'MPOL_X'}}}"),
	    "config.json: linux.memoryPolicy.mode: unknown memory policy mode "
	    "\"MPOL_X\"");
	CHECK_STR(
	    config_error("{" MINIMAL_CONFIG ", 'linux': {"
			 "'memoryPolicy': {'mode': 'MPOL_BIND', "
			 "'flags': ['MPOL_F_STATIC_NODES', 'F']}}}"),
	    "config.json: linux.memoryPolicy.flags[1]: unknown memory policy "
	    "flag \"F\"");
}

static const char *mempolicy_error(const char *policy)
{
	static char json[1024];
	static struct jf_error err;
	struct oci_config *c;

	snprintf(json, sizeof(json),
		 "{" MINIMAL_CONFIG ", 'linux': {'memoryPolicy': %s}}", policy);
	c = config_of(json);
	if (c == NULL)
		return "(no config)";
	memset(&err, 0, sizeof(err));
	if (jf_mempolicy_check(c, &err) == 0)
		snprintf(err.msg, sizeof(err.msg), "(ok)");
	oci_config_free(c);
	return err.msg;
}

static void test_memory_policy_nodes_by_mode(const char *name)
{
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_LOCAL'}"), "(ok)");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_DEFAULT', 'nodes': ''}"),
		  "(ok)");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_PREFERRED'}"), "(ok)");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_PREFERRED', 'nodes': '1'}"),
		  "(ok)");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_BIND', 'nodes': '0-3,7'}"),
		  "(ok)");
	CHECK_STR(
	    mempolicy_error("{'mode': 'MPOL_BIND'}"),
	    "linux.memoryPolicy.nodes: MPOL_BIND needs at least one node");
	CHECK_STR(
	    mempolicy_error(
		"{'mode': 'MPOL_WEIGHTED_INTERLEAVE', 'nodes': ''}"),
	    "linux.memoryPolicy.nodes: MPOL_WEIGHTED_INTERLEAVE needs at least "
	    "one node");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_LOCAL', 'nodes': '0'}"),
		  "linux.memoryPolicy.nodes: MPOL_LOCAL takes no nodes (\"0\" "
		  "given)");
	CHECK_STR(mempolicy_error("{'mode': 'MPOL_BIND', 'nodes': '3-1'}"),
		  "linux.memoryPolicy.nodes: \"3-1\": a range goes down");
	CHECK_STR(
	    mempolicy_error("{'mode': 'MPOL_BIND', 'nodes': '0,'}"),
	    "linux.memoryPolicy.nodes: \"0,\": expected node numbers such as "
	    "\"0-3,7\"");
	CHECK_STR(
	    mempolicy_error("{'mode': 'MPOL_BIND', 'nodes': '1024'}"),
	    "linux.memoryPolicy.nodes: \"1024\": node numbers go up to 1023");
}

static void test_net_devices_parse_keyed_by_host_name(const char *name)
{
	struct oci_config *c = config_of(
	    "{" MINIMAL_CONFIG ", 'linux': {'netDevices': {'eth0': {'name': "
	    "'ctr0'}, 'eth1': {}}}}");

	CHECK(c != NULL);
	CHECK(c->linux_->n_net_devices == 2);
	CHECK_STR(c->linux_->net_devices[0].host_name, "eth0");
	CHECK_STR(c->linux_->net_devices[0].name, "ctr0");
	CHECK_STR(c->linux_->net_devices[1].host_name, "eth1");
	CHECK(c->linux_->net_devices[1].name == NULL);
	oci_config_free(c);
}

static const char *net_error(const char *json)
{
	static struct jf_error err;
	struct oci_config *c = config_of(json);

	if (c == NULL)
		return "(no config)";
	memset(&err, 0, sizeof(err));
	if (jf_net_devices_check(c, &err) == 0)
		snprintf(err.msg, sizeof(err.msg), "(ok)");
	oci_config_free(c);
	return err.msg;
}

static void test_net_devices_checks(const char *name)
{
	CHECK_STR(
	    net_error("{" MINIMAL_CONFIG
		      ", 'linux': {'netDevices': {'eth0': {}}}}"),
	    "linux.netDevices: needs a network namespace of the container's "
	    "own (linux.namespaces)");
	CHECK_STR(
	    net_error("{" MINIMAL_CONFIG ", 'linux': {'namespaces': [{'type': "
		      "'network'}], 'netDevices': {'eth0': {'name': "
		      "'a/b'}}}}"),
	    "linux.netDevices.eth0.name: \"a/b\": not a network device name "
	    "(1-15 characters, no '/', ':' or spaces)");
	CHECK_STR(
	    net_error("{" MINIMAL_CONFIG ", 'linux': {'namespaces': [{'type': "
		      "'network'}], 'netDevices': {'eth0': {'name': 'x'}, "
		      "'eth1': {'name': 'x'}}}}"),
	    "linux.netDevices.eth1.name: \"x\" is also the name of eth0 "
	    "inside");
	CHECK_STR(net_error("{" MINIMAL_CONFIG
			    ", 'linux': {'namespaces': [{'type': "
			    "'network'}], 'netDevices': {'eth0': {'name': "
			    "'eth%d'}, 'eth1': {'name': 'eth%d'}}}}"),
		  "(ok)");
}

static void test_intel_rdt_1_3_fields(const char *name)
{
	struct oci_config *c = config_of(
	    "{" MINIMAL_CONFIG ", 'linux': {'intelRdt': {'closID': 'g', "
	    "'schemata': ['L3:0=7f0;1=1f', 'MB:0=20;1=70'], "
	    "'enableMonitoring': true}}}");

	CHECK(c != NULL);
	CHECK(c->linux_->intel_rdt->n_schemata == 2);
	CHECK_STR(c->linux_->intel_rdt->schemata[1], "MB:0=20;1=70");
	CHECK(c->linux_->intel_rdt->enable_monitoring);
	oci_config_free(c);
}

static void test_cpu_lists(const char *name)
{
	struct jf_error err = {0};
	cpu_set_t set;

	CHECK(jf_cpu_list_parse("0-2,5", "f", &set, &err) == 0);
	CHECK(CPU_COUNT(&set) == 4 && CPU_ISSET(5, &set) &&
	      !CPU_ISSET(3, &set));
	CHECK(jf_cpu_list_parse("2-1", "process.execCPUAffinity.final", &set,
				&err) < 0);
	CHECK(strstr(err.msg, "process.execCPUAffinity.final: \"2-1\"") ==
	      err.msg);
	CHECK(jf_cpu_list_parse("", "f", &set, &err) < 0);
	CHECK(jf_cpu_list_parse("1,", "f", &set, &err) < 0);
}

static yajl_val features_tree(const struct oci_features *f)
{
	struct jf_error err = {0};
	char *buf = NULL;
	size_t len;
	yajl_val root;

	if (oci_features_to_json(f, &buf, &len, &err) < 0)
		return NULL;
	root = yajl_tree_parse(buf, NULL, 0);
	free(buf);
	return root;
}

static void test_features_1_3_keys(const char *name)
{
	struct oci_features f = {
	    .oci_version_min = "1.0.0",
	    .oci_version_max = "1.3.0",
	    .intel_rdt_enabled = true,
	    .intel_rdt_schemata = true,
	    .intel_rdt_monitoring = true,
	    .memory_policy_modes = oci_memory_policy_modes,
	    .memory_policy_flags = oci_memory_policy_flags,
	    .net_devices_enabled = true,
	};
	yajl_val root = features_tree(&f);
	const char *modes[] = {"linux", "memoryPolicy", "modes", NULL};
	const char *flags[] = {"linux", "memoryPolicy", "flags", NULL};
	const char *net[] = {"linux", "netDevices", "enabled", NULL};
	const char *sch[] = {"linux", "intelRdt", "schemata", NULL};
	const char *mon[] = {"linux", "intelRdt", "monitoring", NULL};

	CHECK(root != NULL);
	CHECK(YAJL_GET_ARRAY(yajl_tree_get(root, modes, yajl_t_array))->len ==
	      7);
	CHECK(YAJL_GET_ARRAY(yajl_tree_get(root, flags, yajl_t_array))->len ==
	      3);
	CHECK(YAJL_IS_TRUE(yajl_tree_get(root, net, yajl_t_any)));
	CHECK(YAJL_IS_TRUE(yajl_tree_get(root, sch, yajl_t_any)));
	CHECK(YAJL_IS_TRUE(yajl_tree_get(root, mon, yajl_t_any)));
	yajl_tree_free(root);
}

int main(void)
{
	RUN(test_memory_policy_parses);
	RUN(test_memory_policy_errors_name_the_field);
	RUN(test_memory_policy_nodes_by_mode);
	RUN(test_net_devices_parse_keyed_by_host_name);
	RUN(test_net_devices_checks);
	RUN(test_intel_rdt_1_3_fields);
	RUN(test_cpu_lists);
	RUN(test_features_1_3_keys);
	UNIT_EXIT();
}
