/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's init between clone and execve: it runs jfrun's own code
 * (no re-exec of the jfrun binary), sets up the container from inside its
 * new namespaces, becomes the process's user, tells the runtime it is
 * ready, waits for `start`, and execs process.args (the exec fifo or the
 * sync socket closing at that execve tells the runtime it went through).
 */
#ifndef JF_CONTAINER_INIT_H
#define JF_CONTAINER_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup/cgroup.h"
#include "config.h"
#include "linux/caps.h"
#include "linux/cpu_placement.h"
#include "linux/lsm.h"
#include "linux/namespaces.h"
#include "linux/process_attrs.h"
#include "linux/seccomp.h"

struct jf_cgroup;

struct jf_init_ctx {
	const struct oci_config *config;
	const char *rootfs; /* absolute */
	const char *bundle; /* absolute */
	struct jf_namespaces ns;
	struct jf_caps caps;
	struct jf_process_attrs attrs;
	struct jf_seccomp *seccomp; /* NULL when none */
	struct jf_lsm lsm; /* AppArmor profile, SELinux label for the execve */
	const struct jf_cgroup *cgroup; /* NULL when none */
	bool cgroup_by_runtime; /* the runtime attaches the init (user ns) */
	/* The runtime makes the cgroup after the clone (v1, hybrid): the init
	 * mounts meanwhile and joins before it needs the cgroup (its first
	 * cgroup mount, hooks, pivot_root), with the files it is sent. */
	bool cgroup_late;
	/* With cgroup_late the state dir is made after the clone: fifo_fd
	 * comes with the go message too (not in a foreground run). */
	bool fifo_late;
	/* With cgroup_late: off the runtime's CPU until it joins. */
	struct jf_cpu_placement cpus;
	const char *cgroup_path; /* for errors */
	bool joined;            /* the init's own: join_once() done */
	int sync_fd;
	int fifo_fd;    /* O_PATH of the state dir holding the exec fifo, -1 in foreground run */
	int console_fd; /* --console-socket, -1 when none */
	int preserve_fds; /* fds 3 .. 3+preserve_fds-1 pass through */
	/* jf_exe_seal_open()'s, for the init to seal itself (or -1). */
	int exe_fd;
	/* Its detached mount, whose last close waits for RCU: in a
	 * foreground run the runtime keeps a copy until the process runs and
	 * the init drops its own at once; otherwise the init keeps the last
	 * one until it waits for start anyway. */
	int exe_tree_fd;
	bool runtime_keeps_exe_tree;
	bool no_pivot;
	bool no_new_keyring;
	bool child_hooks; /* createContainer or startContainer hooks exist */
	/* A foreground run without startContainer hooks: nothing to wait for
	 * once ready, the init goes on to execve at once. */
	bool exec_after_ready;
	/* linux/mounts.h jf_mounts_open_sources()'s, or NULL. */
	const int *mount_sources;
	/* The runtime's fds the init closes first (the locked state dir!). */
	int runtime_fds[4];
	size_t n_runtime_fds;
};

/* The go message's payload when the cgroup is made after the clone. */
struct jf_go_payload {
	bool wait_start; /* cgroup values still being written: before execve,
			  * wait for START */
	unsigned char layout[JF_CGROUP_LAYOUT_BYTES]; /* jf_cgroup_layout_export */
};

/* Never returns. */
void jf_container_init_run(struct jf_init_ctx *ctx) __attribute__((noreturn));

#endif
