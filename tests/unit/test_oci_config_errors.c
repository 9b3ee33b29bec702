/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * oci_config_parse refuses what the spec forbids, and says where: every
 * message is "config.json: <JSON path>: <why>".
 */
#include "config.h"
#include "oci_test_util.h"
#include "unit.h"

/* --- required fields --- */

static void test_missing_oci_version_is_an_error(const char *name)
{
	CHECK_STR(config_error("{'root': {'path': 'r'}}"),
		  "config.json: ociVersion: required field is missing");
}

static void test_missing_root_is_an_error(const char *name)
{
	CHECK_STR(config_error("{'ociVersion': '1.2.0'}"),
		  "config.json: root: required field is missing");
	CHECK_STR(config_error("{'ociVersion': '1.2.0', 'root': {}}"),
		  "config.json: root.path: required field is missing");
}

static void test_process_args_are_required_and_non_empty(const char *name)
{
	CHECK_STR(config_error_with("'process': {'cwd': '/'}"),
		  "config.json: process.args: required field is missing");
	CHECK_STR(config_error_with("'process': {'cwd': '/', 'args': []}"),
		  "config.json: process.args: must have at least one element");
}

static void test_process_cwd_is_required_and_absolute(const char *name)
{
	CHECK_STR(config_error_with("'process': {'args': ['sh']}"),
		  "config.json: process.cwd: required field is missing");
	CHECK_STR(config_error_with("'process': {'args': ['sh'], 'cwd': 'x'}"),
		  "config.json: process.cwd: must be an absolute path");
}

static void test_process_user_needs_uid_and_gid(const char *name)
{
	CHECK_STR(process_error_with("'user': {'gid': 0}"),
		  "config.json: process.user.uid: required field is missing");
	CHECK_STR(process_error_with("'user': {'uid': 0}"),
		  "config.json: process.user.gid: required field is missing");
}

static void test_process_parts_need_their_required_fields(const char *name)
{
	CHECK_STR(process_error_with("'consoleSize': {'height': 1}"),
		  "config.json: process.consoleSize.width: required field is "
		  "missing");
	CHECK_STR(process_error_with("'rlimits': [{'type': 'RLIMIT_AS', "
				     "'soft': 1}]"),
		  "config.json: process.rlimits[0].hard: required field is "
		  "missing");
	CHECK_STR(process_error_with("'rlimits': [{'soft': 1, 'hard': 1}]"),
		  "config.json: process.rlimits[0].type: required field is "
		  "missing");
	CHECK_STR(process_error_with("'scheduler': {'nice': 1}"),
		  "config.json: process.scheduler.policy: required field is "
		  "missing");
	CHECK_STR(process_error_with("'ioPriority': {'priority': 1}"),
		  "config.json: process.ioPriority.class: required field is "
		  "missing");
}

static void test_mount_destination_is_required(const char *name)
{
	CHECK_STR(config_error_with("'mounts': [{'destination': '/a'}, "
				    "{'type': 'tmpfs'}]"),
		  "config.json: mounts[1].destination: required field is "
		  "missing");
	CHECK_STR(config_error_with("'mounts': [{'destination': '/a', "
				    "'uidMappings': [{'containerID': 0, "
				    "'hostID': 0}]}]"),
		  "config.json: mounts[0].uidMappings[0].size: required field "
		  "is missing");
}

static void test_hook_path_is_required_and_absolute(const char *name)
{
	CHECK_STR(config_error_with("'hooks': {'poststop': [{'args': []}]}"),
		  "config.json: hooks.poststop[0].path: required field is "
		  "missing");
	CHECK_STR(config_error_with("'hooks': {'createRuntime': "
				    "[{'path': 'bin/x'}]}"),
		  "config.json: hooks.createRuntime[0].path: must be an "
		  "absolute path");
}

static void test_hook_timeout_must_be_positive(const char *name)
{
	CHECK_STR(config_error_with("'hooks': {'prestart': [{'path': '/x', "
				    "'timeout': 0}]}"),
		  "config.json: hooks.prestart[0].timeout: must be greater "
		  "than zero");
}

static void test_namespace_type_is_required_and_known(const char *name)
{
	CHECK_STR(linux_error_with("'namespaces': [{'path': '/x'}]"),
		  "config.json: linux.namespaces[0].type: required field is "
		  "missing");
	CHECK_STR(linux_error_with("'namespaces': [{'type': 'pid'}, "
				   "{'type': 'ipc'}, {'type': 'foo'}]"),
		  "config.json: linux.namespaces[2].type: unknown namespace "
		  "type \"foo\"");
}

static void test_duplicate_namespace_type_is_an_error(const char *name)
{
	CHECK_STR(linux_error_with("'namespaces': [{'type': 'pid'}, "
				   "{'type': 'uts'}, {'type': 'pid', "
				   "'path': '/proc/1/ns/pid'}]"),
		  "config.json: linux.namespaces[2].type: duplicate namespace "
		  "type \"pid\"");
}

static void test_device_needs_type_path_and_numbers(const char *name)
{
	CHECK_STR(linux_error_with("'devices': [{'type': 'c'}]"),
		  "config.json: linux.devices[0].path: required field is "
		  "missing");
	CHECK_STR(linux_error_with("'devices': [{'path': '/dev/x'}]"),
		  "config.json: linux.devices[0].type: required field is "
		  "missing");
	CHECK_STR(linux_error_with("'devices': [{'type': 'x', "
				   "'path': '/dev/x'}]"),
		  "config.json: linux.devices[0].type: unknown device type "
		  "\"x\" (c, b, u or p)");
	CHECK_STR(linux_error_with("'devices': [{'type': 'c', "
				   "'path': '/dev/x', 'minor': 1}]"),
		  "config.json: linux.devices[0].major: required field is "
		  "missing");
	CHECK_STR(linux_error_with("'devices': [{'type': 'p', "
				   "'path': 'dev/x'}]"),
		  "config.json: linux.devices[0].path: must be an absolute "
		  "path");
	CHECK_STR(linux_error_with("'devices': [{'type': 'p', "
				   "'path': '/dev/x'}]"),
		  "(parsed)");
}

static void test_resources_need_their_required_fields(const char *name)
{
	CHECK_STR(linux_error_with("'resources': {'devices': [{'access': "
				   "'r'}]}"),
		  "config.json: linux.resources.devices[0].allow: required "
		  "field is missing");
	CHECK_STR(linux_error_with("'resources': {'pids': {}}"),
		  "config.json: linux.resources.pids.limit: required field is "
		  "missing");
	CHECK_STR(linux_error_with("'resources': {'hugepageLimits': "
				   "[{'limit': 1}]}"),
		  "config.json: linux.resources.hugepageLimits[0].pageSize: "
		  "required field is missing");
	CHECK_STR(linux_error_with("'resources': {'blockIO': "
				   "{'throttleWriteIOPSDevice': [{'major': 8, "
				   "'minor': 0}]}}"),
		  "config.json: linux.resources.blockIO.throttleWriteIOPSDevice"
		  "[0].rate: required field is missing");
	CHECK_STR(linux_error_with("'resources': {'blockIO': {'weightDevice': "
				   "[{'minor': 0, 'weight': 5}]}}"),
		  "config.json: linux.resources.blockIO.weightDevice[0].major: "
		  "required field is missing");
	CHECK_STR(linux_error_with("'resources': {'network': {'priorities': "
				   "[{'priority': 1}]}}"),
		  "config.json: linux.resources.network.priorities[0].name: "
		  "required field is missing");
}

static void test_seccomp_needs_its_required_fields(const char *name)
{
	CHECK_STR(linux_error_with("'seccomp': {'syscalls': []}"),
		  "config.json: linux.seccomp.defaultAction: required field is "
		  "missing");
	CHECK_STR(
	    linux_error_with("'seccomp': {'defaultAction': 'A', "
			     "'syscalls': [{'action': 'B'}]}"),
	    "config.json: linux.seccomp.syscalls[0].names: required field "
	    "is missing");
	CHECK_STR(
	    linux_error_with("'seccomp': {'defaultAction': 'A', "
			     "'syscalls': [{'names': [], 'action': 'B'}]}"),
	    "config.json: linux.seccomp.syscalls[0].names: must have at "
	    "least one element");
	CHECK_STR(linux_error_with("'seccomp': {'defaultAction': 'A', "
				   "'syscalls': [{'names': ['read']}]}"),
		  "config.json: linux.seccomp.syscalls[0].action: required "
		  "field is missing");
	CHECK_STR(
	    linux_error_with("'seccomp': {'defaultAction': 'A', "
			     "'syscalls': [{'names': ['read'], 'action': "
			     "'B', 'args': [{'index': 0, 'value': 1}]}]}"),
	    "config.json: linux.seccomp.syscalls[0].args[0].op: required "
	    "field is missing");
}

static void test_personality_needs_a_domain(const char *name)
{
	CHECK_STR(linux_error_with("'personality': {'flags': []}"),
		  "config.json: linux.personality.domain: required field is "
		  "missing");
}

/* --- wrong types --- */

static void test_non_string_arg_names_its_index(const char *name)
{
	CHECK_STR(config_error_with("'process': {'cwd': '/', "
				    "'args': ['sh', 1]}"),
		  "config.json: process.args[1]: expected a string");
}

static void test_wrong_container_types_are_errors(const char *name)
{
	CHECK_STR(config_error("[]"), "config.json: expected an object");
	CHECK_STR(config_error("{'ociVersion': '1', 'root': 'r'}"),
		  "config.json: root: expected an object");
	CHECK_STR(config_error_with("'mounts': {}"),
		  "config.json: mounts: expected an array");
	CHECK_STR(linux_error_with("'namespaces': ['pid']"),
		  "config.json: linux.namespaces[0]: expected an object");
	CHECK_STR(linux_error_with("'timeOffsets': {'monotonic': 5}"),
		  "config.json: linux.timeOffsets.monotonic: expected an "
		  "object");
	CHECK_STR(linux_error_with("'maskedPaths': '/proc'"),
		  "config.json: linux.maskedPaths: expected an array");
}

static void test_wrong_scalar_types_are_errors(const char *name)
{
	CHECK_STR(config_error("{'ociVersion': 1.2, 'root': {'path': 'r'}}"),
		  "config.json: ociVersion: expected a string");
	CHECK_STR(process_error_with("'terminal': 'yes'"),
		  "config.json: process.terminal: expected a boolean");
	CHECK_STR(process_error_with("'user': {'uid': '0', 'gid': 0}"),
		  "config.json: process.user.uid: expected an integer");
	CHECK_STR(process_error_with("'user': {'uid': 1.5, 'gid': 0}"),
		  "config.json: process.user.uid: expected an integer");
	CHECK_STR(process_error_with("'user': {'uid': 1e3, 'gid': 0}"),
		  "config.json: process.user.uid: expected an integer");
	CHECK_STR(process_error_with("'user': {'uid': true, 'gid': 0}"),
		  "config.json: process.user.uid: expected an integer");
	CHECK_STR(linux_error_with("'resources': {'memory': {'disableOOMKiller'"
				   ": 1}}"),
		  "config.json: linux.resources.memory.disableOOMKiller: "
		  "expected a boolean");
}

static void test_names_checked_later_must_still_be_strings(const char *name)
{
	CHECK_STR(process_error_with("'capabilities': {'bounding': "
				     "['CAP_KILL', 7]}"),
		  "config.json: process.capabilities.bounding[1]: expected a "
		  "string");
	CHECK_STR(process_error_with("'rlimits': [{'type': 7, 'soft': 1, "
				     "'hard': 1}]"),
		  "config.json: process.rlimits[0].type: expected a string");
	CHECK_STR(linux_error_with("'seccomp': {'defaultAction': 'A', "
				   "'syscalls': [{'names': ['read', null], "
				   "'action': 'B'}]}"),
		  "config.json: linux.seccomp.syscalls[0].names[1]: expected a "
		  "string");
	CHECK_STR(
	    linux_error_with("'seccomp': {'defaultAction': false}"),
	    "config.json: linux.seccomp.defaultAction: expected a string");
}

static void test_map_values_must_be_strings(const char *name)
{
	CHECK_STR(config_error_with("'annotations': {'org.x': 1}"),
		  "config.json: annotations[\"org.x\"]: expected a string");
	CHECK_STR(linux_error_with("'sysctl': {'net.ipv4.ip_forward': 1}"),
		  "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: "
		  "expected a string");
	CHECK_STR(linux_error_with("'resources': {'unified': "
				   "{'memory.max': ['1']}}"),
		  "config.json: linux.resources.unified[\"memory.max\"]: "
		  "expected a string");
	CHECK_STR(linux_error_with("'resources': {'rdma': {'mlx5_1': "
				   "{'hcaHandles': 'x'}}}"),
		  "config.json: linux.resources.rdma.mlx5_1.hcaHandles: "
		  "expected an integer");
}

static void test_empty_annotation_key_is_an_error(const char *name)
{
	CHECK_STR(config_error_with("'annotations': {'': 'x'}"),
		  "config.json: annotations[\"\"]: empty key");
}

static void test_embedded_nul_in_a_string_is_an_error(const char *name)
{
	CHECK_STR(process_error_with("'env': ['A=1\\u0000B=2']"),
		  "config.json: process.env[0]: contains a NUL character");
	CHECK_STR(config_error_with("'annotations': {'a\\u0000b': 'x'}"),
		  "config.json: annotations[\"a\\u0000b\"]: key contains a NUL "
		  "character");
}

/* --- out of range --- */

static void test_negative_unsigned_is_out_of_range(const char *name)
{
	CHECK_STR(process_error_with("'user': {'uid': -1, 'gid': 0}"),
		  "config.json: process.user.uid: -1 is out of range (0 to "
		  "2147483647)");
	CHECK_STR(linux_error_with("'resources': {'memory': {'swappiness': "
				   "-1}}"),
		  "config.json: linux.resources.memory.swappiness: -1 is out "
		  "of range (0 to 18446744073709551615)");
	CHECK_STR(linux_error_with("'timeOffsets': {'boottime': "
				   "{'nanosecs': -5}}"),
		  "config.json: linux.timeOffsets.boottime.nanosecs: -5 is out "
		  "of range (0 to 4294967295)");
}

static void test_uint32_overflow_is_out_of_range(const char *name)
{
	CHECK_STR(process_error_with("'user': {'uid': 4294967296, 'gid': 0}"),
		  "config.json: process.user.uid: 4294967296 is out of range "
		  "(0 to 2147483647)");
	CHECK_STR(linux_error_with("'uidMappings': [{'containerID': 0, "
				   "'hostID': 0, 'size': 99999999999}]"),
		  "config.json: linux.uidMappings[0].size: 99999999999 is out "
		  "of range (0 to 4294967295)");
}

/* runc's range for ids: (uid_t)-1 would make setresuid change nothing. */
static void test_user_ids_are_0_to_2_31_minus_1(const char *name)
{
	CHECK_STR(process_error_with("'user': {'uid': 4294967295, 'gid': 0}"),
		  "config.json: process.user.uid: 4294967295 is out of range "
		  "(0 to 2147483647)");
	CHECK_STR(process_error_with("'user': {'uid': 0, 'gid': 2147483648}"),
		  "config.json: process.user.gid: 2147483648 is out of range "
		  "(0 to 2147483647)");
	CHECK_STR(process_error_with("'user': {'uid': 0, 'gid': 0, "
				     "'additionalGids': [5, 4294967295]}"),
		  "config.json: process.user.additionalGids[1]: 4294967295 is "
		  "out of range (0 to 2147483647)");
	CHECK_STR(process_error_with("'user': {'uid': 0, 'gid': 0, "
				     "'additionalGids': [-1]}"),
		  "config.json: process.user.additionalGids[0]: -1 is "
		  "out of range (0 to 2147483647)");
	CHECK_STR(process_error_with("'user': {'uid': 0, 'gid': 0, "
				     "'additionalGids': ['5']}"),
		  "config.json: process.user.additionalGids[0]: expected an "
		  "integer");
	CHECK_STR(process_error_with("'user': {'uid': 2147483647, "
				     "'gid': 2147483647, "
				     "'additionalGids': [2147483647]}"),
		  "(parsed)");
}

/* exec --process: the same reader, its own document name. */
static void test_exec_process_file_ids_are_checked(const char *name)
{
	static const char text[] =
	    "{\"args\": [\"sh\"], \"cwd\": \"/\", "
	    "\"user\": {\"uid\": 4294967296, \"gid\": 0}}";
	struct oci_process *p = NULL;
	struct jf_error err = {0};

	CHECK(oci_process_parse(text, sizeof(text) - 1, &p, &err) < 0);
	CHECK_STR(err.msg, "process.json: user.uid: 4294967296 is out of range "
			   "(0 to 2147483647)");
}

static void test_small_integer_fields_check_their_range(const char *name)
{
	CHECK_STR(linux_error_with("'resources': {'blockIO': {'weight': "
				   "65536}}"),
		  "config.json: linux.resources.blockIO.weight: 65536 is out "
		  "of range (0 to 65535)");
	CHECK_STR(process_error_with("'oomScoreAdj': 2147483648"),
		  "config.json: process.oomScoreAdj: 2147483648 is out of "
		  "range (-2147483648 to 2147483647)");
	CHECK_STR(process_error_with("'oomScoreAdj': -2147483648"), "(parsed)");
}

static void test_64_bit_fields_check_their_range(const char *name)
{
	CHECK_STR(process_error_with("'rlimits': [{'type': 'RLIMIT_AS', "
				     "'soft': 1, "
				     "'hard': 18446744073709551616}]"),
		  "config.json: process.rlimits[0].hard: 18446744073709551616 "
		  "is out of range (0 to 18446744073709551615)");
	CHECK_STR(linux_error_with("'resources': {'memory': {'limit': "
				   "-9223372036854775809}}"),
		  "config.json: linux.resources.memory.limit: "
		  "-9223372036854775809 is out of range (-9223372036854775808 "
		  "to 9223372036854775807)");
	CHECK_STR(linux_error_with("'resources': {'memory': {'limit': "
				   "-9223372036854775808}}"),
		  "(parsed)");
}

static void test_very_long_number_is_cut_in_the_message(const char *name)
{
	char members[512];

	snprintf(members, sizeof(members),
		 "'user': {'uid': 1%0100d, "
		 "'gid': 0}",
		 0);
	CHECK_STR(process_error_with(members),
		  "config.json: process.user.uid: "
		  "1000000000000000000000000000000000000000... is out of range "
		  "(0 to 2147483647)");
}

/* --- tolerated --- */

static void test_unknown_keys_are_ignored(const char *name)
{
	struct oci_config *c = config_of(
	    "{" MINIMAL_CONFIG ", 'future': {'a': [1, {'b': null}]}, "
	    "'process': {" MINIMAL_PROCESS ", 'newThing': true}, "
	    "'linux': {'netDevices': {'eth0': {}}, 'futureThing': 3, "
	    "'resources': {'misc': [1]}}, 'windows': {'layerFolders': []}}");

	CHECK(c != NULL);
	CHECK(c->process != NULL && c->linux_ != NULL);
	CHECK(c->linux_->resources != NULL);
	oci_config_free(c);
}

static void test_pipe_device_needs_no_numbers(const char *name)
{
	struct oci_config *c =
	    config_of("{" MINIMAL_CONFIG ", 'linux': {'devices': "
		      "[{'type': 'p', 'path': '/dev/p'}]}}");

	CHECK(c != NULL);
	CHECK(!c->linux_->devices[0].has_major);
	oci_config_free(c);
}

static void test_relative_mount_destination_is_accepted(const char *name)
{
	CHECK_STR(config_error_with("'mounts': [{'destination': 'data'}]"),
		  "(parsed)");
}

int main(void)
{
	RUN(test_missing_oci_version_is_an_error);
	RUN(test_missing_root_is_an_error);
	RUN(test_process_args_are_required_and_non_empty);
	RUN(test_process_cwd_is_required_and_absolute);
	RUN(test_process_user_needs_uid_and_gid);
	RUN(test_process_parts_need_their_required_fields);
	RUN(test_mount_destination_is_required);
	RUN(test_hook_path_is_required_and_absolute);
	RUN(test_hook_timeout_must_be_positive);
	RUN(test_namespace_type_is_required_and_known);
	RUN(test_duplicate_namespace_type_is_an_error);
	RUN(test_device_needs_type_path_and_numbers);
	RUN(test_resources_need_their_required_fields);
	RUN(test_seccomp_needs_its_required_fields);
	RUN(test_personality_needs_a_domain);
	RUN(test_non_string_arg_names_its_index);
	RUN(test_wrong_container_types_are_errors);
	RUN(test_wrong_scalar_types_are_errors);
	RUN(test_names_checked_later_must_still_be_strings);
	RUN(test_map_values_must_be_strings);
	RUN(test_empty_annotation_key_is_an_error);
	RUN(test_embedded_nul_in_a_string_is_an_error);
	RUN(test_negative_unsigned_is_out_of_range);
	RUN(test_uint32_overflow_is_out_of_range);
	RUN(test_user_ids_are_0_to_2_31_minus_1);
	RUN(test_exec_process_file_ids_are_checked);
	RUN(test_small_integer_fields_check_their_range);
	RUN(test_64_bit_fields_check_their_range);
	RUN(test_very_long_number_is_cut_in_the_message);
	RUN(test_unknown_keys_are_ignored);
	RUN(test_pipe_device_needs_no_numbers);
	RUN(test_relative_mount_destination_is_accepted);
	UNIT_EXIT();
}
