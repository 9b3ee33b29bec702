/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oci_config_parse: every field of a valid config lands where it belongs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "oci_test_util.h"
#include "unit.h"

static struct oci_config *parse_data(const char *file)
{
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	size_t len = 0;
	char *text = read_data(file, &len);

	if (text == NULL)
		return NULL;
	if (oci_config_parse(text, len, &c, &err) < 0)
		printf("# %s: %s\n", file, err.msg);
	free(text);
	return c;
}

static void test_runc_spec_parses_to_its_values(const char *name)
{
	struct oci_config *c = parse_data("runc-spec.json");
	struct oci_process *p;
	struct oci_linux *l;

	CHECK(c != NULL);
	CHECK_STR(c->oci_version, "1.0.2-dev");
	CHECK_STR(c->root->path, "rootfs");
	CHECK(c->root->readonly);
	CHECK_STR(c->hostname, "runc");
	CHECK(c->domainname == NULL && c->hooks == NULL);
	CHECK(c->n_annotations == 0 && c->annotations == NULL);
	p = c->process;
	CHECK(p->terminal && !p->has_console_size);
	CHECK(p->user.uid == 0 && p->user.gid == 0 && !p->user.has_umask);
	CHECK(p->n_args == 1);
	CHECK_STR(p->args[0], "sh");
	CHECK(p->n_env == 2);
	CHECK_STR(p->env[1], "TERM=xterm");
	CHECK_STR(p->cwd, "/");
	CHECK(p->capabilities->n_bounding == 3);
	CHECK_STR(p->capabilities->bounding[2], "CAP_NET_BIND_SERVICE");
	CHECK(p->capabilities->n_effective == 3);
	CHECK(p->capabilities->inheritable == NULL);
	CHECK(p->capabilities->n_permitted == 3);
	CHECK(p->capabilities->n_ambient == 3);
	CHECK(p->n_rlimits == 1);
	CHECK_STR(p->rlimits[0].type, "RLIMIT_NOFILE");
	CHECK(p->rlimits[0].hard == 1024 && p->rlimits[0].soft == 1024);
	CHECK(p->no_new_privileges);
	CHECK(!p->has_oom_score_adj && p->scheduler == NULL);
	CHECK(c->n_mounts == 7);
	CHECK_STR(c->mounts[0].destination, "/proc");
	CHECK(c->mounts[0].options == NULL && c->mounts[0].n_options == 0);
	CHECK_STR(c->mounts[2].destination, "/dev/pts");
	CHECK(c->mounts[2].n_options == 6);
	CHECK_STR(c->mounts[2].options[5], "gid=5");
	CHECK_STR(c->mounts[6].type, "cgroup");
	l = c->linux_;
	CHECK(l->resources->n_devices == 1);
	CHECK(!l->resources->devices[0].allow);
	CHECK(l->resources->devices[0].type == NULL);
	CHECK_STR(l->resources->devices[0].access, "rwm");
	CHECK(l->n_namespaces == 5);
	CHECK_STR(l->namespaces[4].type, "mount");
	CHECK(l->namespaces[4].path == NULL);
	CHECK(l->n_masked_paths == 10);
	CHECK_STR(l->masked_paths[9], "/proc/scsi");
	CHECK(l->n_readonly_paths == 5);
	CHECK(l->seccomp == NULL && l->cgroups_path == NULL);
	oci_config_free(c);
}

static void test_rich_config_process(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	struct oci_process *p;

	CHECK(c != NULL);
	p = c->process;
	CHECK(p->terminal && p->has_console_size);
	CHECK(p->console_size.height == 25 && p->console_size.width == 80);
	CHECK(p->user.uid == 1000 && p->user.gid == 1001);
	CHECK(p->user.has_umask && p->user.umask == 18);
	CHECK(p->user.n_additional_gids == 3);
	CHECK(p->user.additional_gids[2] == 2147483647u); /* OCI_ID_MAX */
	CHECK_STR(p->user.username, "alice");
	CHECK(p->n_args == 3);
	CHECK_STR(p->args[2], "echo \"hi\" \xc3\xa9");
	CHECK_STR(p->command_line, "sh -c hi");
	CHECK_STR(p->cwd, "/home/alice");
	CHECK(p->capabilities->n_inheritable == 0);
	CHECK_STR(p->capabilities->ambient[0], "CAP_NET_BIND_SERVICE");
	CHECK(p->n_rlimits == 2);
	CHECK(p->rlimits[1].hard == UINT64_MAX && p->rlimits[1].soft == 0);
	CHECK_STR(p->apparmor_profile, "jfrun-default");
	CHECK(p->has_oom_score_adj && p->oom_score_adj == -500);
	CHECK_STR(p->selinux_label, "system_u:system_r:container_t:s0");
	CHECK_STR(p->scheduler->policy, "SCHED_DEADLINE");
	CHECK(p->scheduler->has_nice && p->scheduler->nice == -5);
	CHECK(p->scheduler->has_priority && p->scheduler->priority == 10);
	CHECK(p->scheduler->n_flags == 2);
	CHECK_STR(p->scheduler->flags[1], "SCHED_FLAG_RECLAIM");
	CHECK(p->scheduler->runtime == 10000000 && p->scheduler->has_runtime);
	CHECK(p->scheduler->deadline == 20000000 && p->scheduler->has_deadline);
	CHECK(p->scheduler->period == 30000000 && p->scheduler->has_period);
	CHECK_STR(p->io_priority->class_, "IOPRIO_CLASS_BE");
	CHECK(p->io_priority->priority == 4);
	CHECK_STR(p->exec_cpu_affinity->initial, "0-1");
	CHECK_STR(p->exec_cpu_affinity->final, "2");
	oci_config_free(c);
}

static void test_rich_config_root_mounts_hooks(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	struct oci_hooks *h;

	CHECK(c != NULL);
	CHECK_STR(c->hostname, "box");
	CHECK_STR(c->domainname, "example.org");
	CHECK(c->n_mounts == 2);
	CHECK_STR(c->mounts[1].source, "/srv/data");
	CHECK(c->mounts[1].n_options == 2);
	CHECK(c->mounts[1].n_uid_mappings == 1);
	CHECK(c->mounts[1].uid_mappings[0].host_id == 100000);
	CHECK(c->mounts[1].uid_mappings[0].size == 65536);
	CHECK(c->mounts[1].gid_mappings[0].container_id == 1);
	h = c->hooks;
	CHECK(h->prestart.n_hooks == 1);
	CHECK_STR(h->prestart.hooks[0].path, "/usr/bin/pre");
	CHECK(h->prestart.hooks[0].n_args == 2);
	CHECK_STR(h->prestart.hooks[0].env[0], "X=1");
	CHECK(h->prestart.hooks[0].has_timeout);
	CHECK(h->prestart.hooks[0].timeout == 5);
	CHECK_STR(h->create_runtime.hooks[0].path, "/usr/bin/cr");
	CHECK(!h->create_runtime.hooks[0].has_timeout);
	CHECK(h->create_container.n_hooks == 2);
	CHECK_STR(h->start_container.hooks[0].path, "/usr/bin/sc");
	CHECK(h->poststart.hooks[0].timeout == 1);
	CHECK_STR(h->poststop.hooks[0].args[0], "pst");
	CHECK(c->n_annotations == 3);
	oci_config_free(c);
}

static void test_rich_config_linux(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	struct oci_linux *l;

	CHECK(c != NULL);
	l = c->linux_;
	CHECK(l->n_namespaces == 8);
	CHECK_STR(l->namespaces[1].path, "/var/run/netns/x");
	CHECK_STR(l->namespaces[7].type, "time");
	CHECK(l->n_uid_mappings == 1 && l->uid_mappings[0].host_id == 1000);
	CHECK(l->n_gid_mappings == 2 && l->gid_mappings[1].size == 65536);
	CHECK(l->n_time_offsets == 2);
	CHECK_STR(l->time_offsets[0].clock, "monotonic");
	CHECK(l->time_offsets[0].secs == -86400);
	CHECK(l->time_offsets[0].nanosecs == 500);
	CHECK_STR(l->time_offsets[1].clock, "boottime");
	CHECK(l->time_offsets[1].secs == INT64_MAX);
	CHECK(l->n_devices == 3);
	CHECK_STR(l->devices[0].path, "/dev/fuse");
	CHECK(l->devices[0].major == 10 && l->devices[0].minor == 229);
	CHECK(l->devices[0].has_file_mode && l->devices[0].file_mode == 0666);
	CHECK(l->devices[0].has_uid && l->devices[0].has_gid);
	CHECK_STR(l->devices[1].type, "p");
	CHECK(!l->devices[1].has_major && !l->devices[1].has_file_mode);
	CHECK_STR(l->cgroups_path, "/jfrun/box");
	CHECK_STR(l->rootfs_propagation, "rslave");
	CHECK(l->n_sysctl == 2);
	CHECK_STR(l->sysctl[0].key, "net.ipv4.ip_forward");
	CHECK_STR(l->sysctl[0].value, "1");
	CHECK(l->n_masked_paths == 2 && l->n_readonly_paths == 1);
	CHECK_STR(l->mount_label, "system_u:object_r:container_file_t:s0");
	CHECK_STR(l->intel_rdt->clos_id, "guaranteed_group");
	CHECK_STR(l->intel_rdt->l3_cache_schema, "L3:0=7f0;1=1f");
	CHECK_STR(l->intel_rdt->mem_bw_schema, "MB:0=20;1=70");
	CHECK(l->intel_rdt->enable_cmt && l->intel_rdt->enable_mbm);
	CHECK_STR(l->personality->domain, "LINUX32");
	CHECK(l->personality->n_flags == 0);
	oci_config_free(c);
}

static void test_rich_config_resources(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	struct oci_resources *r;

	CHECK(c != NULL);
	r = c->linux_->resources;
	CHECK(r->n_devices == 3);
	CHECK(r->devices[1].allow && r->devices[1].has_major);
	CHECK_STR(r->devices[1].type, "c");
	CHECK(r->devices[2].major == -1 && !r->devices[2].has_minor);
	CHECK(r->memory->has_limit && r->memory->limit == 536870912);
	CHECK(r->memory->reservation == 268435456);
	CHECK(r->memory->has_swap && r->memory->swap == -1);
	CHECK(r->memory->has_kernel && r->memory->kernel == 0);
	CHECK(r->memory->kernel_tcp == 1 && r->memory->swappiness == 60);
	CHECK(r->memory->has_disable_oom_killer);
	CHECK(r->memory->disable_oom_killer);
	CHECK(r->memory->has_use_hierarchy && !r->memory->use_hierarchy);
	CHECK(r->memory->check_before_update);
	CHECK(r->cpu->shares == 1024 && r->cpu->quota == 50000);
	CHECK(r->cpu->burst == 1000 && r->cpu->period == 100000);
	CHECK(r->cpu->realtime_runtime == 950000);
	CHECK(r->cpu->realtime_period == 1000000);
	CHECK_STR(r->cpu->cpus, "0-3");
	CHECK_STR(r->cpu->mems, "0");
	CHECK(r->cpu->has_idle && r->cpu->idle == 1);
	CHECK(r->block_io->weight == 500 && r->block_io->leaf_weight == 300);
	CHECK(r->block_io->n_weight_device == 2);
	CHECK(r->block_io->weight_device[1].minor == 16);
	CHECK(r->block_io->weight_device[1].weight == 65535);
	CHECK(!r->block_io->weight_device[1].has_leaf_weight);
	CHECK(r->block_io->throttle_read_bps_device[0].rate == 1048576);
	CHECK(r->block_io->throttle_write_bps_device[0].minor == 1);
	CHECK(r->block_io->throttle_read_iops_device[0].rate == 100);
	CHECK(r->block_io->throttle_write_iops_device[0].rate == 200);
	CHECK(r->n_hugepage_limits == 2);
	CHECK_STR(r->hugepage_limits[1].page_size, "1GB");
	CHECK(r->network->has_class_id && r->network->class_id == 1048577);
	CHECK(r->network->n_priorities == 2);
	CHECK_STR(r->network->priorities[1].name, "lo");
	CHECK(r->pids->limit == 32771);
	CHECK(r->n_rdma == 2);
	CHECK_STR(r->rdma[0].device, "mlx5_1");
	CHECK(r->rdma[0].hca_handles == 3 && r->rdma[0].hca_objects == 10000);
	CHECK(!r->rdma[1].has_hca_handles && r->rdma[1].has_hca_objects);
	CHECK(r->n_unified == 2);
	CHECK_STR(r->unified[1].key, "io.weight");
	CHECK_STR(r->unified[1].value, "default 100");
	oci_config_free(c);
}

static void test_rich_config_seccomp(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	struct oci_seccomp *s;

	CHECK(c != NULL);
	s = c->linux_->seccomp;
	CHECK_STR(s->default_action, "SCMP_ACT_ERRNO");
	CHECK(s->has_default_errno_ret && s->default_errno_ret == 38);
	CHECK(s->n_architectures == 2);
	CHECK_STR(s->flags[0], "SECCOMP_FILTER_FLAG_LOG");
	CHECK_STR(s->listener_path, "/run/agent.sock");
	CHECK_STR(s->listener_metadata, "meta");
	CHECK(s->n_syscalls == 2);
	CHECK(s->syscalls[0].n_names == 2 && !s->syscalls[0].has_errno_ret);
	CHECK(s->syscalls[1].has_errno_ret && s->syscalls[1].errno_ret == 1);
	CHECK(s->syscalls[1].n_args == 2);
	CHECK(s->syscalls[1].args[1].index == 1);
	CHECK(s->syscalls[1].args[1].value == UINT64_MAX);
	CHECK(s->syscalls[1].args[1].value_two == 4);
	CHECK_STR(s->syscalls[1].args[1].op, "SCMP_CMP_MASKED_EQ");
	oci_config_free(c);
}

static void test_annotation_lookup(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");

	CHECK(c != NULL);
	CHECK_STR(oci_annotation(c, "org.jfrun.rss.hard"), "64M");
	CHECK_STR(oci_annotation(c, "empty.value"), "");
	CHECK(oci_annotation(c, "org.jfrun.absent") == NULL);
	oci_config_free(c);
}

static void test_namespace_lookup(const char *name)
{
	struct oci_config *c = parse_data("full-config.json");
	const struct oci_namespace *ns;

	CHECK(c != NULL);
	ns = oci_namespace_find(c, "network");
	CHECK(ns != NULL);
	CHECK_STR(ns->path, "/var/run/netns/x");
	oci_config_free(c);
	c = config_of("{" MINIMAL_CONFIG "}");
	CHECK(c != NULL);
	CHECK(oci_namespace_find(c, "pid") == NULL);
	oci_config_free(c);
}

static void test_minimal_config_leaves_optional_parts_null(const char *name)
{
	struct oci_config *c = config_of("{" MINIMAL_CONFIG "}");

	CHECK(c != NULL);
	CHECK(c->process == NULL && c->linux_ == NULL && c->hooks == NULL);
	CHECK(c->mounts == NULL && c->n_mounts == 0);
	CHECK(!c->root->readonly);
	oci_config_free(c);
}

static void test_null_members_count_as_absent(const char *name)
{
	struct oci_config *c =
	    config_of("{" MINIMAL_CONFIG ", 'hostname': null, 'linux': null, "
		      "'process': {" MINIMAL_PROCESS ", 'oomScoreAdj': null}}");

	CHECK(c != NULL);
	CHECK(c->hostname == NULL && c->linux_ == NULL);
	CHECK(!c->process->has_oom_score_adj);
	oci_config_free(c);
}

static void test_string_arrays_end_with_null(const char *name)
{
	struct oci_config *c =
	    config_of("{" MINIMAL_CONFIG ", 'process': {" MINIMAL_PROCESS
		      ", 'env': []}}");

	CHECK(c != NULL);
	CHECK(c->process->n_args == 1 && c->process->args[1] == NULL);
	/* Present but empty: still an array execve can take. */
	CHECK(c->process->env != NULL && c->process->n_env == 0);
	CHECK(c->process->env[0] == NULL);
	oci_config_free(c);
}

static void test_parse_file_reads_a_bundle_config(const char *name)
{
	char path[] = "/tmp/jfrun-test-config-XXXXXX";
	const char *text = dq("{" MINIMAL_CONFIG ", 'hostname': 'f'}");
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK(oci_config_parse_file(path, &c, &err) == 0);
	unlink(path);
	CHECK_STR(c->hostname, "f");
	oci_config_free(c);
}

static void test_parse_file_error_names_the_file(const char *name)
{
	struct jf_error err = {0};
	struct oci_config *c = NULL;

	CHECK(oci_config_parse_file("/nonexistent/config.json", &c, &err) < 0);
	CHECK_STR(err.msg,
		  "open /nonexistent/config.json: No such file or directory");
	CHECK(err.errnum == ENOENT);
}

static void test_process_parses_alone(const char *name)
{
	const char *text = dq("{'args': ['ls', '-l'], 'cwd': '/tmp', "
			      "'env': ['A=1'], 'user': {'uid': 5, 'gid': 6}}");
	struct jf_error err = {0};
	struct oci_process *p = NULL;

	CHECK(oci_process_parse(text, strlen(text), &p, &err) == 0);
	CHECK(p->n_args == 2 && p->user.uid == 5 && p->user.gid == 6);
	CHECK_STR(p->cwd, "/tmp");
	oci_process_free(p);
	text = dq("{'args': [], 'cwd': '/'}");
	CHECK(oci_process_parse(text, strlen(text), &p, &err) < 0);
	CHECK_STR(err.msg,
		  "process.json: args: must have at least one element");
}

static void test_resources_parse_alone(const char *name)
{
	const char *text = dq("{'memory': {'limit': 1048576}, "
			      "'pids': {'limit': -1}, 'cpu': {'cpus': '1'}}");
	struct jf_error err = {0};
	struct oci_resources *r = NULL;

	CHECK(oci_resources_parse(text, strlen(text), &r, &err) == 0);
	CHECK(r->memory->limit == 1048576 && r->pids->limit == -1);
	CHECK_STR(r->cpu->cpus, "1");
	oci_resources_free(r);
	text = dq("{'memory': {'limit': 'lots'}}");
	CHECK(oci_resources_parse(text, strlen(text), &r, &err) < 0);
	CHECK_STR(err.msg, "resources.json: memory.limit: expected an integer");
}

static void test_free_accepts_null(const char *name)
{
	oci_config_free(NULL);
	oci_process_free(NULL);
	oci_resources_free(NULL);
	CHECK(1);
}

int main(void)
{
	RUN(test_runc_spec_parses_to_its_values);
	RUN(test_rich_config_process);
	RUN(test_rich_config_root_mounts_hooks);
	RUN(test_rich_config_linux);
	RUN(test_rich_config_resources);
	RUN(test_rich_config_seccomp);
	RUN(test_annotation_lookup);
	RUN(test_namespace_lookup);
	RUN(test_minimal_config_leaves_optional_parts_null);
	RUN(test_null_members_count_as_absent);
	RUN(test_string_arrays_end_with_null);
	RUN(test_parse_file_reads_a_bundle_config);
	RUN(test_parse_file_error_names_the_file);
	RUN(test_process_parses_alone);
	RUN(test_resources_parse_alone);
	RUN(test_free_accepts_null);
	UNIT_EXIT();
}
