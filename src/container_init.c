/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_init.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "fault.h"
#include "fs_util.h"
#include "hooks.h"
#include "linux/devices.h"
#include "linux/exe_seal.h"
#include "linux/mounts.h"
#include "linux/process.h"
#include "linux/procfs.h"
#include "linux/rootfs.h"
#include "linux/safe_path.h"
#include "linux/sysctl.h"
#include "linux/terminal.h"
#include "state_dir.h"
#include "sync_socket.h"

static struct jf_sync_msg sync_msg; /* large: static, not on the stack */
static struct jf_go_payload go;
/* Becoming the container's process (linux/process.h). */
static struct jf_process_spec spec;
static struct jf_process proc; /* large: static, not on the stack */

/* sysctls and oom_score_adj through the host's procfs, opened and checked
 * before the container's root is entered, from inside the container's
 * namespaces: neither the image (a /proc of its own, symlinks) nor a config
 * mount over a file of /proc/sys can catch the writes. */
static int write_proc_values(const struct jf_init_ctx *ctx,
			     struct jf_error *err)
{
	cleanup_close int procfd = -1;
	const struct oci_linux *l = ctx->config->linux_;

	if ((l == NULL || l->n_sysctl == 0) && !ctx->attrs.has_oom_score_adj)
		return 0;
	procfd = jf_procfs_open("/proc", err);
	if (procfd < 0)
		return jf_error_wrap(err, "the host's procfs");
	if (jf_sysctl_apply(ctx->config, procfd, err) < 0 ||
	    jf_oom_score_adj_apply(&ctx->attrs, procfd, err) < 0)
		return -1;
	return 0;
}

static int set_names(const struct jf_init_ctx *ctx, struct jf_error *err)
{
	const struct oci_config *c = ctx->config;
	bool new_uts = (ctx->ns.new_flags & CLONE_NEWUTS) != 0;

	for (size_t i = 0; i < ctx->ns.n_join; i++)
		new_uts |= ctx->ns.join[i].type == CLONE_NEWUTS;
	if ((c->hostname || c->domainname) && !new_uts)
		return jf_error_set(err, 0,
				    "%s: needs a uts namespace of its own",
				    c->hostname ? "hostname" : "domainname");
	if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0)
		return jf_error_errno(err, "hostname: %s", c->hostname);
	if (c->domainname && setdomainname(c->domainname, strlen(c->domainname)) < 0)
		return jf_error_errno(err, "domainname: %s", c->domainname);
	return 0;
}

/* Cgroup, namespaces given by path, a new cgroup namespace rooted at the
 * container's cgroup. */
static int join_everything(struct jf_init_ctx *ctx, struct jf_error *err)
{
	/* Always wait for the runtime: besides id maps and the cgroup, it
	 * records our pid first, so that a runtime killed at any moment
	 * leaves no init that nobody knows of (with PDEATHSIG set we die
	 * with it until READY; once past this, delete --force finds us). */
	if (jf_sync_expect(ctx->sync_fd, JF_SYNC_ID_MAPPED, &sync_msg, err) < 0)
		return -1;
	if (ctx->cgroup_late) {
		size_t first = ctx->fifo_late ? 1 : 0;
		int r;

		if (sync_msg.n_fds < first)
			return jf_error_set(err, EPROTO, "sync: no exec fifo");
		if (ctx->fifo_late)
			ctx->fifo_fd = sync_msg.fds[0];
		if (sync_msg.len != sizeof(struct jf_go_payload)) {
			for (size_t i = 0; i < sync_msg.n_fds; i++)
				close(sync_msg.fds[i]);
			return jf_error_set(err, EPROTO, "sync: a go message of %zu bytes",
					    sync_msg.len);
		}
		memcpy(&go, sync_msg.payload, sizeof(go));
		if (go.wait_start)
			ctx->exec_after_ready = false;
		jf_cgroup_layout_import(go.layout);
		/* Before a cpuset is joined: its attach sets the affinity anew. */
		if (jf_cpu_placement_restore(&ctx->cpus, err) < 0) {
			for (size_t i = 0; i < sync_msg.n_fds; i++)
				close(sync_msg.fds[i]);
			return -1;
		}
		r = jf_cgroup_enter_by_fds(sync_msg.fds + first,
					   sync_msg.n_fds - first,
					   ctx->cgroup_path, err);
		for (size_t i = first; i < sync_msg.n_fds; i++)
			close(sync_msg.fds[i]);
		if (r < 0)
			return -1;
	} else if (ctx->cgroup != NULL && !ctx->cgroup_by_runtime &&
		   jf_cgroup_enter_self(ctx->cgroup, err) < 0) {
		return -1;
	}
	if (jf_namespaces_join(&ctx->ns, err) < 0)
		return -1;
	if (ctx->ns.new_cgroup && unshare(CLONE_NEWCGROUP) < 0)
		return jf_error_errno(err, "linux.namespaces: new cgroup namespace");
	if (ctx->ns.new_user && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		return jf_error_errno(err, "linux.uidMappings: becoming root in the user namespace");
	return 0;
}

/* Joining happens once: first thing, or (cgroup_late) as late as the
 * cgroup allows. */
static int join_once(struct jf_init_ctx *ctx, struct jf_error *err)
{
	if (ctx->joined)
		return 0;
	ctx->joined = true;
	if (join_everything(ctx, err) < 0)
		return -1;
	jf_fault_point("init-joined");
	return 0;
}

static int join_before_cgroup_mount(void *arg, struct jf_error *err)
{
	return join_once(arg, err);
}

static int run_runtime_hooks(struct jf_init_ctx *ctx, struct jf_error *err)
{
	const struct oci_hooks *h = ctx->config->hooks;

	if (!ctx->child_hooks && (h == NULL || (h->prestart.n_hooks == 0 &&
						h->create_runtime.n_hooks == 0)))
		return 0;
	if (jf_sync_send(ctx->sync_fd, JF_SYNC_HOOKS, NULL, 0, err) < 0 ||
	    jf_sync_expect(ctx->sync_fd, JF_SYNC_HOOKS_DONE, &sync_msg, err) < 0)
		return -1;
	if (h != NULL && jf_hooks_run(&h->create_container, "createContainer",
				      sync_msg.payload, sync_msg.len, err) < 0)
		return -1;
	return 0;
}

/* Without a mount namespace of its own, nothing may be mounted (it would
 * land on the host): the container only gets chroot into its rootfs, as
 * crun does. */
static int enter_rootfs_without_mount_ns(struct jf_init_ctx *ctx,
					 struct jf_error *err)
{
	if (join_once(ctx, err) < 0 || run_runtime_hooks(ctx, err) < 0)
		return -1;
	if (write_proc_values(ctx, err) < 0)
		return -1;
	if (chroot(ctx->rootfs) < 0 || chdir("/") < 0)
		return jf_error_errno(err, "root.path: chroot to %s", ctx->rootfs);
	if (jf_mkdir_p(ctx->config->process->cwd, 0755, err) < 0)
		return jf_error_wrap(err, "process.cwd");
	return set_names(ctx, err);
}

/* process.cwd, made if missing while the root can still be written (a
 * read-only root comes later), resolved inside it. */
static int make_cwd(int rootfd, const struct oci_process *p,
		    struct jf_error *err)
{
	int fd = jf_mkpath_in_root(rootfd, p->cwd, false, 0755, err);

	if (fd < 0)
		return jf_error_wrap(err, "process.cwd");
	close(fd);
	return 0;
}

static int build_rootfs(struct jf_init_ctx *ctx, struct jf_error *err)
{
	const struct oci_config *c = ctx->config;
	struct jf_mount_ctx m = {
		.bundle = ctx->bundle,
		.new_userns = ctx->ns.new_user,
		.new_cgroupns = ctx->ns.new_cgroup,
		.before_cgroup = join_before_cgroup_mount,
		.arg = ctx,
		.source_trees = ctx->mount_sources,
	};
	cleanup_close int rootfd = -1, null_tree = -1;

	if (!(ctx->ns.new_flags & CLONE_NEWNS))
		return enter_rootfs_without_mount_ns(ctx, err);
	rootfd = jf_rootfs_prepare(ctx->rootfs, c, err);
	if (rootfd < 0)
		return -1;
	m.rootfd = rootfd;
	if (jf_mounts_apply(c, &m, err) < 0)
		return -1;
	if (jf_devices_create(rootfd, c, jf_mounts_fresh_dev(c), ctx->ns.new_user, err) < 0)
		return -1;
	if (make_cwd(rootfd, c->process, err) < 0)
		return -1;
	if (join_once(ctx, err) < 0 || run_runtime_hooks(ctx, err) < 0)
		return -1;
	if (write_proc_values(ctx, err) < 0)
		return -1;
	null_tree = jf_rootfs_null_tree(c, err);
	if (null_tree == -1)
		return -1;
	if (jf_rootfs_enter(ctx->rootfs, ctx->no_pivot, err) < 0)
		return -1;
	if (jf_rootfs_set_propagation(c, err) < 0)
		return -1;
	if (c->process->terminal) {
		if (ctx->console_fd < 0)
			return jf_error_set(err, 0,
					    "process.terminal: needs --console-socket");
		if (jf_terminal_setup(ctx->console_fd, c->process,
				      jf_mounts_fresh_dev(c), err) < 0)
			return -1;
	}
	if (set_names(ctx, err) < 0)
		return -1;
	if (jf_rootfs_mask_paths(c, null_tree, err) < 0 || jf_rootfs_readonly_paths(c, err) < 0)
		return -1;
	if (c->root->readonly && jf_rootfs_make_readonly(err) < 0)
		return -1;
	return 0;
}

/* Block until `start` opens the exec fifo (*fifo: its write end) or, in a
 * foreground run, the runtime says start; then the startContainer hooks. */
static int wait_for_start(struct jf_init_ctx *ctx, int *fifo,
			  struct jf_error *err)
{
	const struct oci_hooks *h = ctx->config->hooks;

	if (ctx->exec_after_ready)
		return 0;
	if (ctx->fifo_fd < 0) {
		if (jf_sync_expect(ctx->sync_fd, JF_SYNC_START, &sync_msg,
				   err) < 0)
			return -1;
	} else {
		*fifo =
		    openat(ctx->fifo_fd, JF_EXEC_FIFO, O_WRONLY | O_CLOEXEC);
		close(ctx->fifo_fd);
		if (*fifo < 0)
			return jf_error_errno(err, "opening the exec fifo");
		if (ctx->config->process->n_args == 0)
			return jf_error_set(
			    err, 0,
			    "process: not set in config.json, so the container "
			    "cannot be started");
	}
	/* START's state, or (fifo) the createContainer hooks' one. */
	if (h != NULL && jf_hooks_run(&h->start_container, "startContainer",
				      sync_msg.payload, sync_msg.len, err) < 0)
		return -1;
	return 0;
}

/* After READY `create` is gone: a failure goes to whoever awaits the
 * execve, `start` through the exec fifo ("1<message>") or a foreground run
 * through the sync socket; to the container's stderr when neither hears. */
static void report_late(const struct jf_init_ctx *ctx, bool to_start, int fifo,
			const struct jf_error *err)
{
	if (to_start && fifo >= 0) {
		char msg[JF_ERROR_MSG_MAX + 1];
		int n = snprintf(msg, sizeof(msg), "1%s", err->msg);

		if (n >= (int)sizeof(msg))
			n = (int)sizeof(msg) - 1;
		if (n > 0 && write(fifo, msg, (size_t)n) == n)
			return;
	} else if (!to_start && jf_sync_send_error(ctx->sync_fd, err) == 0) {
		return;
	}
	fprintf(stderr, "jfrun: %s\n", err->msg);
}

static int setup(struct jf_init_ctx *ctx, struct jf_error *err)
{
	/* Joining first unless the cgroup comes late: mounting in new
	 * namespaces of our own needs nothing from the runtime. */
	if (!ctx->cgroup_late && join_once(ctx, err) < 0)
		return -1;
	if (build_rootfs(ctx, err) < 0)
		return -1;
	jf_fault_point("init-mounted");
	return 0;
}

/* The runtime binary out of the container's reach before anything of it
 * runs (linux/exe_seal.h); it needs CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE, so before the process's user. */
static int seal_exe(struct jf_init_ctx *ctx, int stat_fd, struct jf_error *err)
{
	if (ctx->exe_fd < 0)
		return 0;
	jf_fault_point("init-sealing");
	if (jf_exe_seal_apply(ctx->exe_fd, stat_fd, err) < 0)
		return -1;
	close(ctx->exe_fd); /* the mappings and the mm hold the file */
	ctx->exe_fd = -1;
	jf_fault_point("init-sealed");
	return 0;
}

/* What the init becomes (linux/process.h): the config's process, its
 * user as the config says it, and the runtime's fds closed at execve. */
static void init_process_spec(struct jf_init_ctx *ctx)
{
	spec = (struct jf_process_spec){
	    .p = ctx->config->process,
	    .config = ctx->config,
	    .rootfd = -1,
	    .caps = &ctx->caps,
	    .attrs = &ctx->attrs,
	    .seccomp = ctx->seccomp,
	    .lsm = &ctx->lsm,
	    .new_keyring = !ctx->no_new_keyring,
	    .preserve_fds = ctx->preserve_fds,
	    .own_fds = {ctx->sync_fd},
	    .n_own_fds = 1,
	};
}

/* Everything that can fail before `start`, reported to `create`: the
 * rootfs, the seal, then the process's attributes, user, capabilities, a
 * seccomp filter without no_new_privs, and the executable. */
static int prepare_process(struct jf_init_ctx *ctx, int stat_fd,
			   struct jf_error *err)
{
	if (setup(ctx, err) < 0 || seal_exe(ctx, stat_fd, err) < 0)
		return -1;
	init_process_spec(ctx);
	return jf_process_become(&spec, &proc, err);
}

/* The sync socket hangs up when the runtime is gone (getppid() cannot
 * tell in a new pid namespace: it is 0 there). */
static bool runtime_gone(const struct jf_init_ctx *ctx)
{
	struct pollfd pfd = {.fd = ctx->sync_fd, .events = POLLIN};

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR)) != 0;
}

void jf_container_init_run(struct jf_init_ctx *ctx)
{
	struct jf_error err = {0};
	/* `start` awaits the execve through the exec fifo; otherwise a
	 * foreground run, through the sync socket. */
	bool to_start = ctx->fifo_fd >= 0 || ctx->fifo_late;
	int fifo = -1;
	/* For sealing after the rootfs is entered, where there may be no
	 * /proc at all (no mount namespace of its own: a chroot). */
	int stat_fd = ctx->exe_fd >= 0
			  ? open("/proc/self/stat", O_RDONLY | O_CLOEXEC)
			  : -1;

	for (size_t i = 0; i < ctx->n_runtime_fds; i++)
		close(ctx->runtime_fds[i]);
	if (ctx->runtime_keeps_exe_tree && ctx->exe_tree_fd >= 0)
		close(ctx->exe_tree_fd);
	/* Die with the runtime while it sets us up (and if it died before
	 * that could be asked, now).  (Changing the uid clears it: a
	 * runtime that dies after that makes READY fail.) */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (runtime_gone(ctx))
		_exit(1);
	jf_cpu_placement_move(&ctx->cpus, 0);
	if (jf_namespaces_unshare_rest(&ctx->ns, &err) < 0)
		goto fail;
	jf_fault_point("init-unshared");
	/* (Had the runtime died before that, the sync socket says so: every
	 * later send or receive fails and the init exits.) */
	if (prepare_process(ctx, stat_fd, &err) < 0)
		goto fail;
	if (stat_fd >= 0)
		close(stat_fd);
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	jf_fault_point("init-ready");
	if (jf_sync_send(ctx->sync_fd, JF_SYNC_READY, NULL, 0, &err) < 0)
		goto fail;
	/* Its last close waits for an RCU grace period: while start is
	 * awaited anyway. */
	if (!ctx->runtime_keeps_exe_tree && ctx->exe_tree_fd >= 0)
		close(ctx->exe_tree_fd);
	if (wait_for_start(ctx, &fifo, &err) < 0)
		goto fail_late;
	/* Tell `start` we go on to execve: the fifo closing at it then
	 * says it went through ("0", EOF); "1<why>" follows if it fails. */
	if (fifo >= 0 && write(fifo, "0", 1) != 1) {
		jf_error_errno(&err, "writing the exec fifo");
		goto fail_late;
	}
	spec.own_fds[spec.n_own_fds++] = fifo;
	jf_fault_point("init-exec");
	jf_process_exec(&spec, &proc, &err);
fail_late:
	report_late(ctx, to_start, fifo, &err);
	_exit(127);
fail:
	jf_sync_send_error(ctx->sync_fd, &err);
	_exit(1);
}
