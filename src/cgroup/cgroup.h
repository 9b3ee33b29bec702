/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's cgroup, on cgroup v1, v2 and the hybrid layout (v1
 * controllers plus a cgroup2 mount at /sys/fs/cgroup/unified).
 *
 * Cgroups are created and their values set through libcgroup; where it
 * cannot do something (hybrid layouts, ordered writes, the eBPF device
 * filter of v2, joining a cgroup without allocating) the files are written
 * directly, with a comment saying why.
 *
 * The cgroup path is the same in every hierarchy: "/jfrun/<id>" by default,
 * linux.cgroupsPath when given (a relative path is taken from the root of
 * each hierarchy, as crun does), or with --systemd-cgroup "slice:prefix:name"
 * mapped to "<slice path>/<prefix>-<name>.scope" (jfrun does not talk to
 * systemd; it manages that cgroupfs path itself).
 */
#ifndef JF_CGROUP_H
#define JF_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

struct jf_cgroup; /* opaque */

/*
 * Parent, before clone (or while the child sets up, see
 * jf_cgroup_can_create_late): create the container's cgroup in every hierarchy the
 * config needs (controllers with resources set, devices for the default
 * device rules, on v1 the devices hierarchy also tracks the processes) and
 * apply linux.resources.  Errors name the field ("linux.resources.memory.limit:
 * ..."); on error nothing is left behind.
 */
int jf_cgroup_create(const struct oci_config *c, const char *id, bool systemd,
		     struct jf_cgroup **ret, struct jf_error *err);

/*
 * Child (container init), single-threaded, before execve: join the cgroup.
 * v1: writes "0" to the `tasks` files opened by jf_cgroup_create (so it works
 * after pivot_root too); v2: nothing when the child was cloned into
 * jf_cgroup_v2_fd() (the default, see jf_cgroup_set_cloned_into), else "0" to
 * cgroup.procs.  Does not allocate.
 */
int jf_cgroup_enter_self(const struct jf_cgroup *cg, struct jf_error *err);

/*
 * The cgroup made while the child sets up (container_create.c): on v1 and
 * the hybrid layout the child joins by writing "0" to files it can be given
 * later, so the runtime may create the cgroup after the clone, while the
 * child mounts.  Whether this config allows it, the files the child writes
 * "0" to (owned by cg; passed over the sync socket), and the child's join.
 */
bool jf_cgroup_can_create_late(const struct oci_config *c);
/* The host's cgroup layout goes to the child with the go message: the
 * runtime finds it after the clone (while the child mounts), the child
 * takes it instead of finding it again.  _export: -1 when it cannot be
 * found; _import: the bytes _export wrote. */
#define JF_CGROUP_LAYOUT_BYTES 8448
int jf_cgroup_layout_export(unsigned char buf[JF_CGROUP_LAYOUT_BYTES],
			    struct jf_error *err);
void jf_cgroup_layout_import(const unsigned char buf[JF_CGROUP_LAYOUT_BYTES]);
/* jf_cgroup_create's directories and the values that must precede
 * processes (memory); jf_cgroup_apply_pending writes the rest (device
 * rules, cpu, pids, ...), while the child sets up, before it may exec. */
int jf_cgroup_create_late(const struct oci_config *c, const char *id,
			  bool systemd, struct jf_cgroup **ret,
			  struct jf_error *err);
int jf_cgroup_apply_pending(struct jf_cgroup *cg, struct jf_error *err);
/* Whether values are left for jf_cgroup_apply_pending: then the init must
 * not exec before the runtime says so. */
bool jf_cgroup_has_pending(const struct jf_cgroup *cg);
int jf_cgroup_enter_fds(struct jf_cgroup *cg, int *fds, size_t max,
			size_t *ret_n, struct jf_error *err);
int jf_cgroup_enter_by_fds(const int *fds, size_t n, const char *path,
			   struct jf_error *err);

/* The host's cgroup mounts (for the container's /sys/fs/cgroup), read
 * once per process: an init cloned after the runtime read them has them
 * without rendering its copy of /proc/self/mountinfo again (~0.15 ms). */
struct jf_cgroup_mount_info {
	const char *mountpoint;  /* "/sys/fs/cgroup/memory" */
	const char *controllers; /* "cpu,cpuacct", "name=systemd"; v2: "io,memory" */
	bool v2;
};
int jf_cgroup_host_mounts(struct jf_cgroup_mount_info *out, size_t max,
			  size_t *ret_n, struct jf_error *err);

/* O_DIRECTORY fd of the container's cgroup2 directory for clone3's
 * CLONE_INTO_CGROUP, else -1.  Also on the hybrid layout when the container
 * has a directory in the cgroup2 mount (hugetlb there,
 * linux.resources.unified). Owned by cg. */
int jf_cgroup_v2_fd(const struct jf_cgroup *cg);

/* Whether the child was born in jf_cgroup_v2_fd() by clone3 (true unless
 * told otherwise): set false before a plain clone() fallback so that
 * jf_cgroup_enter_self() writes cgroup.procs itself. */
void jf_cgroup_set_cloned_into(struct jf_cgroup *cg, bool cloned);

/* Put another process in (exec'd processes, user-namespace containers):
 * every hierarchy the container's cgroup exists in, the whole process. */
int jf_cgroup_attach_pid(const struct jf_cgroup *cg, pid_t pid,
			 struct jf_error *err);

/* The path to store in state.json ("/jfrun/<id>"), and re-open it later. */
const char *jf_cgroup_path(const struct jf_cgroup *cg);
/* The path jf_cgroup_create() will use, without making anything: create
 * records it in state.json first, so that a crash leaves nothing unknown
 * (*ret malloc'd). */
int jf_cgroup_resolve_path(const struct oci_config *c, const char *id,
			   bool systemd, char **ret, struct jf_error *err);
int jf_cgroup_open(const char *path, bool systemd, struct jf_cgroup **ret,
		   struct jf_error *err);

/* Pids of every process in the cgroup (for ps, kill --all); *ret malloc'd. */
int jf_cgroup_pids(const struct jf_cgroup *cg, pid_t **ret, size_t *ret_n,
		   struct jf_error *err);

/* Signal every process.  SIGKILL: v2 cgroup.kill when the kernel has it;
 * otherwise freeze, signal all, thaw, so that none escapes by forking. */
int jf_cgroup_kill_all(struct jf_cgroup *cg, int sig,
		       struct jf_error *err);

/* v1 freezer (its cgroup is created and the processes moved in when the
 * config did not need it), v2 cgroup.freeze; waits until frozen/thawed. */
int jf_cgroup_freeze(struct jf_cgroup *cg, bool frozen,
		     struct jf_error *err);
int jf_cgroup_is_frozen(const struct jf_cgroup *cg, bool *ret,
			struct jf_error *err);

/* Apply new resources (`jfrun update`); a controller the container was not
 * created with is joined on the way. */
int jf_cgroup_update(struct jf_cgroup *cg, const struct oci_resources *r,
		     struct jf_error *err);

/* Stats for `events --stats` in runc's JSON shape (the "data" object: cpu,
 * memory, pids, blkio, hugetlb), as one value of w (oci/json_write.h); or
 * alone, one compact line without its newline, *ret_json malloc'd. */
struct json_writer;
void jf_cgroup_stats_write(const struct jf_cgroup *cg, struct json_writer *w);
int jf_cgroup_stats_json(const struct jf_cgroup *cg, char **ret_json,
			 struct jf_error *err);

/* OOM notifications of the container's memory cgroup (`events`): *ret is
 * NULL when the container has no memory cgroup.  jf_cgroup_oom_fd() polls
 * readable on news; jf_cgroup_oom_read() then says how many OOMs happened
 * since the last read, or that the cgroup is gone (then stop watching). */
struct jf_cgroup_oom;
int jf_cgroup_oom_watch(const struct jf_cgroup *cg, struct jf_cgroup_oom **ret,
			struct jf_error *err);
int jf_cgroup_oom_fd(const struct jf_cgroup_oom *w);
int jf_cgroup_oom_read(struct jf_cgroup_oom *w, uint64_t *ret_n,
		       bool *ret_gone, struct jf_error *err);
void jf_cgroup_oom_free(struct jf_cgroup_oom *w);
/* The memory cgroup's oom_kill count so far (0 without one). */
uint64_t jf_cgroup_oom_kills(const struct jf_cgroup *cg);

/* Remove the cgroup in every hierarchy (remaining processes are killed with
 * SIGKILL first and waited for; rmdir is retried briefly on EBUSY).
 * Accepts NULL.  Does not free cg. */
int jf_cgroup_destroy(struct jf_cgroup *cg, struct jf_error *err);
void jf_cgroup_free(struct jf_cgroup *cg);

#endif
