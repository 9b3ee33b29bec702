/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"

const char *const jf_namespace_names[] = {
	"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL,
};

const struct jf_ns_type jf_ns_types[JF_NS_TYPES] = {
    {"user", "user", CLONE_NEWUSER}, {"ipc", "ipc", CLONE_NEWIPC},
    {"uts", "uts", CLONE_NEWUTS},    {"network", "net", CLONE_NEWNET},
    {"time", "time", CLONE_NEWTIME}, {"cgroup", "cgroup", CLONE_NEWCGROUP},
    {"mount", "mnt", CLONE_NEWNS},   {"pid", "pid", CLONE_NEWPID},
};

static int ns_flag(const char *type)
{
	for (size_t i = 0; i < JF_NS_TYPES; i++)
		if (strcmp(jf_ns_types[i].oci, type) == 0)
			return jf_ns_types[i].type;
	return 0;
}

static int open_ns_path(const char *path, size_t i, struct jf_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return jf_error_errno(err, "linux.namespaces[%zu].path: %s", i, path);
	return fd;
}

int jf_namespaces_prepare(const struct oci_config *c, struct jf_namespaces *ret,
			  struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;

	memset(ret, 0, sizeof(*ret));
	ret->join_pid_fd = -1;
	ret->join_time_fd = -1;
	if (l == NULL)
		return 0;
	for (size_t i = 0; i < l->n_namespaces; i++) {
		const struct oci_namespace *n = &l->namespaces[i];
		int flag = ns_flag(n->type);
		int fd;

		if (flag == 0)
			return jf_error_set(err, 0,
					    "linux.namespaces[%zu].type: unknown namespace type \"%s\"",
					    i, n->type);
		if (n->path == NULL) {
			if (flag == CLONE_NEWCGROUP)
				ret->new_cgroup = true;
			else if (flag == CLONE_NEWTIME)
				ret->new_time = true;
			else
				ret->new_flags |= (unsigned long)flag;
			if (flag == CLONE_NEWUSER)
				ret->new_user = true;
			continue;
		}
		fd = open_ns_path(n->path, i, err);
		if (fd < 0)
			return -1;
		if (flag == CLONE_NEWPID) {
			ret->join_pid_fd = fd;
		} else if (flag == CLONE_NEWTIME) {
			ret->join_time_fd = fd;
		} else if (flag == CLONE_NEWUSER) {
			/* The user namespace is joined first. */
			memmove(&ret->join[1], &ret->join[0],
				ret->n_join * sizeof(ret->join[0]));
			ret->join[0] = (struct jf_ns_join){flag, fd};
			ret->n_join++;
		} else {
			ret->join[ret->n_join++] = (struct jf_ns_join){flag, fd};
		}
	}
	/* linux.netDevices are moved in before the init goes on. */
	if (l->n_net_devices > 0)
		ret->clone_extra = ret->new_flags & CLONE_NEWNET;
	if (ret->new_user && l->n_uid_mappings == 0)
		return jf_error_set(err, 0,
				    "linux.uidMappings: required with a new user namespace");
	if (ret->new_user && l->n_gid_mappings == 0)
		return jf_error_set(err, 0,
				    "linux.gidMappings: required with a new user namespace");
	if (l->n_time_offsets > 0 && !ret->new_time)
		return jf_error_set(err, 0,
				    "linux.timeOffsets: needs a new time namespace");
	return 0;
}

static int write_time_offsets(const struct oci_config *c, struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;
	char buf[256];
	size_t len = 0;

	for (size_t i = 0; i < l->n_time_offsets; i++) {
		const struct oci_time_offset *t = &l->time_offsets[i];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s %lld %u\n", t->clock,
					(long long)t->secs, t->nanosecs);
		if (len >= sizeof(buf))
			return jf_error_set(err, E2BIG, "linux.timeOffsets");
	}
	if (len == 0)
		return 0;
	if (jf_write_file_at(AT_FDCWD, "/proc/self/timens_offsets", buf, len,
			     0, err) < 0)
		return jf_error_wrap(err, "linux.timeOffsets");
	return 0;
}

int jf_namespaces_runtime_before_clone(const struct jf_namespaces *ns,
				       const struct oci_config *c,
				       struct jf_error *err)
{
	if (ns->join_pid_fd >= 0 && setns(ns->join_pid_fd, CLONE_NEWPID) < 0)
		return jf_error_errno(err, "linux.namespaces: joining pid namespace");
	if (ns->join_time_fd >= 0 && setns(ns->join_time_fd, CLONE_NEWTIME) < 0)
		return jf_error_errno(err, "linux.namespaces: joining time namespace");
	if (ns->new_time) {
		if (unshare(CLONE_NEWTIME) < 0)
			return jf_error_errno(err, "linux.namespaces: new time namespace");
		return write_time_offsets(c, err);
	}
	return 0;
}

static int write_map(pid_t pid, const char *file,
		     const struct oci_id_mapping *m, size_t n, const char *field,
		     struct jf_error *err)
{
	char path[64], buf[4096];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n",
					m[i].container_id, m[i].host_id,
					m[i].size);
		if (len >= sizeof(buf))
			return jf_error_set(err, E2BIG, "%s: too many entries", field);
	}
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (jf_write_file_at(AT_FDCWD, path, buf, len, 0, err) < 0)
		return jf_error_wrap(err, "%s", field);
	return 0;
}

int jf_namespaces_write_id_maps(pid_t pid, const struct oci_config *c,
				struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;

	if (write_map(pid, "uid_map", l->uid_mappings, l->n_uid_mappings,
		      "linux.uidMappings", err) < 0)
		return -1;
	return write_map(pid, "gid_map", l->gid_mappings, l->n_gid_mappings,
			 "linux.gidMappings", err);
}

#define CLONE3_ONLY (CLONE_NEWPID | CLONE_NEWUSER)

unsigned long jf_namespaces_clone_flags(const struct jf_namespaces *ns)
{
	return ns->new_flags & (CLONE3_ONLY | ns->clone_extra);
}

int jf_namespaces_unshare_rest(const struct jf_namespaces *ns,
			       struct jf_error *err)
{
	unsigned long rest =
	    ns->new_flags & ~((unsigned long)CLONE3_ONLY | ns->clone_extra);

	if (rest != 0 && unshare((int)rest) < 0)
		return jf_error_errno(err, "linux.namespaces: new namespaces (%#lx)",
				      rest);
	return 0;
}

int jf_namespaces_join(const struct jf_namespaces *ns, struct jf_error *err)
{
	for (size_t i = 0; i < ns->n_join; i++)
		if (setns(ns->join[i].fd, ns->join[i].type) < 0)
			return jf_error_errno(err, "linux.namespaces: joining namespace type %#x",
					      ns->join[i].type);
	return 0;
}

void jf_namespaces_close(struct jf_namespaces *ns)
{
	for (size_t i = 0; i < ns->n_join; i++)
		close(ns->join[i].fd);
	ns->n_join = 0;
	if (ns->join_pid_fd >= 0)
		close(ns->join_pid_fd);
	if (ns->join_time_fd >= 0)
		close(ns->join_time_fd);
	ns->join_pid_fd = ns->join_time_fd = -1;
}
