/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Releasing the config structs: every function accepts NULL and structs
 * that a failed parse left half-filled. */
#include <stdlib.h>

#include "config_internal.h"

void oci_strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void oci_kv_free(struct oci_kv *kv, size_t n)
{
	if (kv == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void capabilities_free(struct oci_capabilities *c)
{
	if (c == NULL)
		return;
	oci_strv_free(c->bounding, c->n_bounding);
	oci_strv_free(c->effective, c->n_effective);
	oci_strv_free(c->inheritable, c->n_inheritable);
	oci_strv_free(c->permitted, c->n_permitted);
	oci_strv_free(c->ambient, c->n_ambient);
	free(c);
}

static void rlimits_free(struct oci_rlimit *rl, size_t n)
{
	if (rl == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(rl[i].type);
	free(rl);
}

static void scheduler_free(struct oci_scheduler *s)
{
	if (s == NULL)
		return;
	free(s->policy);
	oci_strv_free(s->flags, s->n_flags);
	free(s);
}

void oci_process_free(struct oci_process *p)
{
	if (p == NULL)
		return;
	free(p->user.additional_gids);
	free(p->user.username);
	oci_strv_free(p->args, p->n_args);
	free(p->command_line);
	oci_strv_free(p->env, p->n_env);
	free(p->cwd);
	capabilities_free(p->capabilities);
	rlimits_free(p->rlimits, p->n_rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	scheduler_free(p->scheduler);
	if (p->io_priority != NULL)
		free(p->io_priority->class_);
	free(p->io_priority);
	if (p->exec_cpu_affinity != NULL) {
		free(p->exec_cpu_affinity->initial);
		free(p->exec_cpu_affinity->final);
	}
	free(p->exec_cpu_affinity);
	free(p);
}

static void mounts_free(struct oci_mount *m, size_t n)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(m[i].destination);
		free(m[i].type);
		free(m[i].source);
		oci_strv_free(m[i].options, m[i].n_options);
		free(m[i].uid_mappings);
		free(m[i].gid_mappings);
	}
	free(m);
}

static void hook_list_free(struct oci_hook_list *l)
{
	if (l->hooks == NULL)
		return;
	for (size_t i = 0; i < l->n_hooks; i++) {
		free(l->hooks[i].path);
		oci_strv_free(l->hooks[i].args, l->hooks[i].n_args);
		oci_strv_free(l->hooks[i].env, l->hooks[i].n_env);
	}
	free(l->hooks);
}

static void hooks_free(struct oci_hooks *h)
{
	if (h == NULL)
		return;
	hook_list_free(&h->prestart);
	hook_list_free(&h->create_runtime);
	hook_list_free(&h->create_container);
	hook_list_free(&h->start_container);
	hook_list_free(&h->poststart);
	hook_list_free(&h->poststop);
	free(h);
}

static void block_io_free(struct oci_block_io *b)
{
	if (b == NULL)
		return;
	free(b->weight_device);
	free(b->throttle_read_bps_device);
	free(b->throttle_write_bps_device);
	free(b->throttle_read_iops_device);
	free(b->throttle_write_iops_device);
	free(b);
}

static void network_free(struct oci_network *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; n->priorities != NULL && i < n->n_priorities; i++)
		free(n->priorities[i].name);
	free(n->priorities);
	free(n);
}

static void resource_devices_free(struct oci_device_cgroup *d, size_t n)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(d[i].type);
		free(d[i].access);
	}
	free(d);
}

void oci_resources_free(struct oci_resources *r)
{
	if (r == NULL)
		return;
	resource_devices_free(r->devices, r->n_devices);
	free(r->memory);
	if (r->cpu != NULL) {
		free(r->cpu->cpus);
		free(r->cpu->mems);
	}
	free(r->cpu);
	block_io_free(r->block_io);
	for (size_t i = 0; r->hugepage_limits && i < r->n_hugepage_limits; i++)
		free(r->hugepage_limits[i].page_size);
	free(r->hugepage_limits);
	network_free(r->network);
	free(r->pids);
	for (size_t i = 0; r->rdma != NULL && i < r->n_rdma; i++)
		free(r->rdma[i].device);
	free(r->rdma);
	oci_kv_free(r->unified, r->n_unified);
	free(r);
}

static void seccomp_syscalls_free(struct oci_seccomp_syscall *s, size_t n)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		oci_strv_free(s[i].names, s[i].n_names);
		free(s[i].action);
		for (size_t j = 0; s[i].args != NULL && j < s[i].n_args; j++)
			free(s[i].args[j].op);
		free(s[i].args);
	}
	free(s);
}

static void seccomp_free(struct oci_seccomp *s)
{
	if (s == NULL)
		return;
	free(s->default_action);
	oci_strv_free(s->architectures, s->n_architectures);
	oci_strv_free(s->flags, s->n_flags);
	free(s->listener_path);
	free(s->listener_metadata);
	seccomp_syscalls_free(s->syscalls, s->n_syscalls);
	free(s);
}

static void namespaces_free(struct oci_namespace *ns, size_t n)
{
	if (ns == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(ns[i].type);
		free(ns[i].path);
	}
	free(ns);
}

static void devices_free(struct oci_device *d, size_t n)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(d[i].type);
		free(d[i].path);
	}
	free(d);
}

static void intel_rdt_free(struct oci_intel_rdt *rdt)
{
	if (rdt == NULL)
		return;
	free(rdt->clos_id);
	free(rdt->l3_cache_schema);
	free(rdt->mem_bw_schema);
	oci_strv_free(rdt->schemata, rdt->n_schemata);
	free(rdt);
}

static void personality_free(struct oci_personality *p)
{
	if (p == NULL)
		return;
	free(p->domain);
	oci_strv_free(p->flags, p->n_flags);
	free(p);
}

static void linux_free(struct oci_linux *l)
{
	if (l == NULL)
		return;
	namespaces_free(l->namespaces, l->n_namespaces);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; l->time_offsets && i < l->n_time_offsets; i++)
		free(l->time_offsets[i].clock);
	free(l->time_offsets);
	devices_free(l->devices, l->n_devices);
	free(l->cgroups_path);
	oci_resources_free(l->resources);
	free(l->rootfs_propagation);
	seccomp_free(l->seccomp);
	oci_kv_free(l->sysctl, l->n_sysctl);
	oci_strv_free(l->masked_paths, l->n_masked_paths);
	oci_strv_free(l->readonly_paths, l->n_readonly_paths);
	free(l->mount_label);
	intel_rdt_free(l->intel_rdt);
	personality_free(l->personality);
	if (l->memory_policy != NULL) {
		free(l->memory_policy->mode);
		free(l->memory_policy->nodes);
		oci_strv_free(l->memory_policy->flags,
			      l->memory_policy->n_flags);
	}
	free(l->memory_policy);
	for (size_t i = 0; l->net_devices && i < l->n_net_devices; i++) {
		free(l->net_devices[i].host_name);
		free(l->net_devices[i].name);
	}
	free(l->net_devices);
	free(l);
}

void oci_config_free(struct oci_config *c)
{
	if (c == NULL)
		return;
	free(c->oci_version);
	if (c->root != NULL)
		free(c->root->path);
	free(c->root);
	mounts_free(c->mounts, c->n_mounts);
	oci_process_free(c->process);
	free(c->hostname);
	free(c->domainname);
	hooks_free(c->hooks);
	oci_kv_free(c->annotations, c->n_annotations);
	linux_free(c->linux_);
	free(c);
}
