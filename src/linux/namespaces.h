/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.namespaces: which namespaces the init is cloned into, which it
 * joins by path, the user namespace's id maps and the time namespace's
 * offsets.
 */
#ifndef JF_LINUX_NAMESPACES_H
#define JF_LINUX_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

#define JF_NS_MAX 8

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The one table of namespace types: the OCI name (linux.namespaces[].type),
 * the name under /proc/PID/ns/ and the CLONE_NEW* flag.  In the order
 * `exec` joins them: user first (it owns the others), mount last but one
 * so the paths of the others still resolve, cgroup before mount, and pid
 * last (joined apart: it affects only children). */
struct jf_ns_type {
	const char *oci;
	const char *name;
	int type;
};
#define JF_NS_TYPES 8
extern const struct jf_ns_type jf_ns_types[JF_NS_TYPES];

struct jf_ns_join {
	int type; /* CLONE_NEW* */
	int fd;   /* opened path */
};

struct jf_namespaces {
	/* New namespaces (CLONE_NEW*): pid and user ones are made by
	 * clone3, the others unshared by the init as its first step, while
	 * the runtime makes the cgroup (a new network namespace alone costs
	 * about half a millisecond on a paravirtualized machine). */
	unsigned long new_flags;
	/* Made by clone3 too: a new network namespace that linux.netDevices
	 * must be moved into before the init goes on (linux/net_devices.h). */
	unsigned long clone_extra;
	bool new_cgroup;            /* unshared by the init after it joined its cgroup */
	bool new_user;
	bool new_time;
	struct jf_ns_join join[JF_NS_MAX]; /* joined by the init (user first) */
	size_t n_join;
	int join_pid_fd;  /* joined by the runtime before clone: affects children */
	int join_time_fd;
};

/* Map types, open the paths (errors name "linux.namespaces[i].path"). */
int jf_namespaces_prepare(const struct oci_config *c, struct jf_namespaces *ret,
			  struct jf_error *err);

/* Runtime side, before clone: join pid/time namespaces given by path, and
 * unshare a new time namespace and write its offsets. */
int jf_namespaces_runtime_before_clone(const struct jf_namespaces *ns,
				       const struct oci_config *c,
				       struct jf_error *err);

/* Runtime side, after clone: write the new user namespace's id maps. */
int jf_namespaces_write_id_maps(pid_t pid, const struct oci_config *c,
				struct jf_error *err);

/* The part of new_flags that clone3 must make: a new pid namespace is
 * only entered by children, and the init's id maps are written from
 * outside. */
unsigned long jf_namespaces_clone_flags(const struct jf_namespaces *ns);

/* Init side, first thing: unshare the rest of new_flags. */
int jf_namespaces_unshare_rest(const struct jf_namespaces *ns,
			       struct jf_error *err);

/* Init side: join the namespaces given by path (user first). */
int jf_namespaces_join(const struct jf_namespaces *ns, struct jf_error *err);

void jf_namespaces_close(struct jf_namespaces *ns);

/* For `jfrun features`. */
extern const char *const jf_namespace_names[];

#endif
