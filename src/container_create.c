/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `create`: the runtime's half.  Everything that can be checked is checked
 * before anything exists; then the state dir is claimed, the cgroup made,
 * the init cloned straight into its namespaces (and on cgroup v2 into its
 * cgroup), and the runtime follows the init's setup over the sync socket.
 * Any failure undoes all of it: no state dir, cgroup or process is left.
 */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "annotations.h"
#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "container_id.h"
#include "container_init.h"
#include "fault.h"
#include "fs_util.h"
#include "hooks.h"
#include "linux/exe_seal.h"
#include "linux/intel_rdt.h"
#include "linux/mempolicy.h"
#include "linux/mounts.h"
#include "linux/net_devices.h"
#include "linux/procfs.h"
#include "linux/sysctl.h"
#include "linux/terminal.h"
#include "log.h"
#include "pid_identity.h"
#include "sync_socket.h"
#include "systemd/scope.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The kernel's struct clone_args (v2 layout, with cgroup). */
struct jf_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CONFIG_NAME "config.json"

/* The spec makes process optional at create and required at start: a
 * container without one is set up, and its init refuses `start` (see
 * wait_for_start in container_init.c).  Until then it has this stand-in:
 * no args, cwd "/", root, no capabilities. */
static int stand_in_process(struct oci_config *c, struct jf_error *err)
{
	c->process = calloc(1, sizeof(*c->process));
	if (c->process == NULL || (c->process->cwd = strdup("/")) == NULL)
		return jf_error_errno(err, "process");
	return 0;
}

static int read_config(const char *bundle, bool need_process, char **ret_text,
		       size_t *ret_len, struct oci_config **ret,
		       struct jf_error *err)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", bundle, CONFIG_NAME);
	if (jf_read_file_at(AT_FDCWD, path, OCI_CONFIG_MAX_BYTES, ret_text,
			    ret_len, err) < 0)
		return jf_error_wrap(err, "bundle %s", bundle);
	if (oci_config_parse(*ret_text, *ret_len, ret, err) < 0)
		return -1;
	if ((*ret)->process == NULL && need_process)
		return jf_error_set(err, 0, "config.json: process: required");
	if ((*ret)->process == NULL && stand_in_process(*ret, err) < 0)
		return -1;
	if ((*ret)->root == NULL)
		return jf_error_set(err, 0, "config.json: root: required");
	return 0;
}

static int resolve_rootfs(const char *bundle, const struct oci_config *c,
			  char **ret, struct jf_error *err)
{
	char joined[PATH_MAX];
	char *real;
	struct stat st;

	if (c->root->path[0] == '/')
		snprintf(joined, sizeof(joined), "%s", c->root->path);
	else
		snprintf(joined, sizeof(joined), "%s/%s", bundle, c->root->path);
	real = jf_realpath(joined);
	if (real == NULL)
		return jf_error_errno(err, "root.path: %s", joined);
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(real);
		return jf_error_set(err, ENOTDIR, "root.path: %s is not a directory", joined);
	}
	*ret = real;
	return 0;
}

/* Everything that parses names into numbers, before anything exists. */
static int prepare_init(struct jf_init_ctx *ctx, struct jf_error *err)
{
	const struct oci_config *c = ctx->config;
	struct jf_annotations ann;

	if (jf_annotations_parse(c, &ann, err) < 0)
		return -1;
	if (jf_namespaces_prepare(c, &ctx->ns, err) < 0)
		return -1;
	if (jf_sysctl_check(c, &ctx->ns, err) < 0 ||
	    jf_procfs_check_mounts(c, err) < 0 ||
	    jf_mempolicy_check(c, err) < 0 ||
	    jf_net_devices_check(c, err) < 0 || jf_intel_rdt_check(c, err) < 0)
		return -1;
	if (jf_caps_prepare(c->process->capabilities, &ctx->caps, err) < 0)
		return -1;
	if (jf_process_attrs_prepare(c->process,
				     c->linux_ ? c->linux_->personality : NULL,
				     &ctx->attrs, err) < 0)
		return -1;
	if (c->linux_ != NULL && c->linux_->seccomp != NULL &&
	    jf_seccomp_prepare(c->linux_->seccomp, &ctx->seccomp, err) < 0)
		return -1;
	if (c->process->terminal && ctx->console_fd < 0)
		return jf_error_set(err, 0,
				    "process.terminal is true: --console-socket is required");
	return jf_lsm_prepare(c->process, c->linux_ ? c->linux_->mount_label : NULL,
			      &ctx->lsm, err);
}

static bool has_child_hooks(const struct oci_config *c)
{
	return c->hooks != NULL && (c->hooks->create_container.n_hooks > 0 ||
				    c->hooks->start_container.n_hooks > 0);
}

static int listen_fds(void)
{
	const char *pid = getenv("LISTEN_PID");
	const char *fds = getenv("LISTEN_FDS");

	if (fds == NULL || (pid != NULL && atoi(pid) != getpid()))
		return 0;
	return atoi(fds) > 0 ? atoi(fds) : 0;
}

/* Socket activation: the fds pass through and the process is told, as
 * runc does (LISTEN_PID=1: it is the container's init). */
static int add_listen_env(struct oci_process *p, int n, struct jf_error *err)
{
	char **env = realloc(p->env, (p->n_env + 3) * sizeof(*env));
	char fds[32];

	if (env == NULL)
		return jf_error_errno(err, "LISTEN_FDS");
	p->env = env;
	snprintf(fds, sizeof(fds), "LISTEN_FDS=%d", n);
	env[p->n_env] = strdup(fds);
	env[p->n_env + 1] = strdup("LISTEN_PID=1");
	env[p->n_env + 2] = NULL;
	if (env[p->n_env] == NULL || env[p->n_env + 1] == NULL)
		return jf_error_errno(err, "LISTEN_FDS");
	p->n_env += 2;
	return 0;
}

/* Whether the cgroup can be made after the clone, while the init mounts:
 * the init joins it by writing "0" to files it is sent (v1, hybrid), it
 * needs no id maps first, it mounts in a new mount namespace of its own,
 * and it has no namespace to join first (a joined mount or network
 * namespace changes what it mounts). */
static bool cgroup_late_ok(const struct jf_init_ctx *ctx)
{
	return !ctx->ns.new_user && ctx->ns.n_join == 0 &&
	       (ctx->ns.new_flags & CLONE_NEWNS) != 0 &&
	       jf_cgroup_can_create_late(ctx->config);
}

static pid_t clone_init(struct jf_init_ctx *ctx, struct jf_error *err)
{
	struct jf_clone_args args = {
		.flags = jf_namespaces_clone_flags(&ctx->ns),
		.exit_signal = SIGCHLD,
	};
	int cgfd = ctx->cgroup ? jf_cgroup_v2_fd(ctx->cgroup) : -1;
	pid_t pid;

	if (cgfd >= 0 && !ctx->cgroup_by_runtime) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgfd;
	}
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return jf_error_errno(err, "clone3 of the container's init");
	if (pid == 0) {
		/* Not dumpable: no process without CAP_SYS_PTRACE can open
		 * our /proc/<pid>/exe (linux/exe_seal.h does the rest). */
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		jf_container_init_run(ctx);
	}
	return pid;
}

/* The runtime's side of the init's setup, until it is ready. */
static int follow_setup(struct jf_created *cr, struct jf_init_ctx *ctx,
			struct jf_cgroup *cgroup, int fifo_fd,
			struct jf_sync_msg *msg, struct jf_net_devices *net,
			struct jf_error *err)
{
	const struct oci_config *c = cr->config;
	struct jf_container *ct = cr->container;

	if (ctx->ns.new_user &&
	    jf_namespaces_write_id_maps(cr->pid, c, err) < 0)
		return -1;
	if (jf_net_devices_move(c, cr->pid, &ctx->ns, net, err) < 0 ||
	    jf_intel_rdt_apply(c, cr->container->id, cr->pid, err) < 0)
		return -1;
	if (ctx->cgroup_by_runtime &&
	    jf_cgroup_attach_pid(ctx->cgroup, cr->pid, err) < 0)
		return -1;
	/* Sent always, and only once the init's pid is in state.json: the
	 * init waits for it before joining anything (container_init.c). */
	if (ctx->cgroup_late) {
		/* The exec fifo's directory first (fifo_late), then the
		 * cgroup files to write "0" to.  An init that would exec once
		 * ready waits for START while values are still due. */
		int fds[JF_SYNC_FDS_MAX];
		size_t n, first = ctx->fifo_late ? 1 : 0;
		bool wait_start = cr->exec_after_ready && jf_cgroup_has_pending(cgroup);
		struct jf_go_payload go = {.wait_start = wait_start};

		fds[0] = fifo_fd;
		if (jf_cgroup_layout_export(go.layout, err) < 0 ||
		    jf_cgroup_enter_fds(cgroup, fds + first, JF_SYNC_FDS_MAX - first,
					&n, err) < 0 ||
		    jf_sync_send_fds(cr->sync_fd, JF_SYNC_ID_MAPPED, (const char *)&go,
				     sizeof(go), fds, first + n, err) < 0)
			return -1;
		if (wait_start)
			cr->exec_after_ready = false;
		/* While the init goes on; before any hook, READY or start. */
		if (jf_cgroup_apply_pending(cgroup, err) < 0)
			return -1;
		jf_fault_point("cgroup-values-set");
	} else if (jf_sync_send(cr->sync_fd, JF_SYNC_ID_MAPPED, NULL, 0, err) < 0) {
		return -1;
	}
	for (;;) {
		cleanup_free char *state = NULL;
		size_t len;

		if (jf_sync_recv(cr->sync_fd, msg, err) < 0)
			return -1;
		if (msg->type == JF_SYNC_READY)
			return 0;
		if (msg->type == JF_SYNC_ERROR) {
			jf_error_set(err, 0, "%s", msg->payload);
			err->errnum = msg->errnum;
			return -1;
		}
		if (msg->type != JF_SYNC_HOOKS)
			return jf_error_set(err, EPROTO, "unexpected message %d from the init",
					    msg->type);
		/* As crun (and runtime-tools' hooks_stdin) expect: the
		 * container is "created" from the hooks' point of view. */
		if (jf_container_state_json(ct, "created", &state, &len, err) < 0)
			return -1;
		if (c->hooks != NULL &&
		    (jf_hooks_run(&c->hooks->prestart, "prestart", state, len, err) < 0 ||
		     jf_hooks_run(&c->hooks->create_runtime, "createRuntime", state,
				  len, err) < 0))
			return -1;
		if (jf_sync_send(cr->sync_fd, JF_SYNC_HOOKS_DONE, state, len, err) < 0)
			return -1;
	}
}

/* Setup failed: when it is because the init died, say how it died (it is
 * reaped here, so cr->pid is cleared for create_undo). */
static int init_death(struct jf_created *cr, struct jf_error *err)
{
	cleanup_close int pidfd = (int)syscall(SYS_pidfd_open, cr->pid, 0);
	struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
	int status, errnum = err->errnum;
	bool hung_up = errnum == EPIPE || errnum == ECONNRESET;

	/* The sync socket closes a moment before the init becomes a zombie;
	 * for other failures (a hook of ours) the init is alive: no wait. */
	if (pidfd < 0 || poll(&pfd, 1, hung_up ? 1000 : 0) <= 0 ||
	    waitpid(cr->pid, &status, WNOHANG) != cr->pid)
		return -1;
	cr->pid = 0;
	if (WIFSIGNALED(status))
		jf_error_set(err, 0,
			     "the container's init died during setup: killed by "
			     "signal %d (SIG%s)",
			     WTERMSIG(status), sigabbrev_np(WTERMSIG(status)));
	else if (WIFEXITED(status) && hung_up)
		jf_error_set(err, 0,
			     "the container's init exited during setup with "
			     "status %d",
			     WEXITSTATUS(status));
	else
		return -1; /* it reported its own error */
	err->errnum = errnum;
	return -1;
}

static int write_pid_file(const char *path, pid_t pid, struct jf_error *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (jf_write_file_atomic_at(AT_FDCWD, path, buf, (size_t)n, err) < 0)
		return jf_error_wrap(err, "--pid-file");
	return 0;
}

/* The init opens the fifo through an O_PATH fd of the state dir (a new
 * open file description, so not the locked one): that works after
 * pivot_root or chroot, with or without /proc in the container.  In a user
 * namespace the init is not the host's root, so the state dir must be
 * searchable by others (0711, as runc has it; the root above stays 0700). */
static int make_exec_fifo(struct jf_container *ct, struct jf_error *err)
{
	int fd;

	if (mkfifoat(ct->dirfd, JF_EXEC_FIFO, 0600) < 0 ||
	    fchmodat(ct->dirfd, JF_EXEC_FIFO, 0622, 0) < 0 ||
	    fchmod(ct->dirfd, 0711) < 0)
		return jf_error_errno(err, "creating the exec fifo");
	fd = openat(ct->dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "opening the state dir for the exec fifo");
	return fd;
}

static int new_state(struct jf_container *ct, const struct jf_create_opts *o,
		     const struct oci_config *c, const char *rootfs,
		     struct jf_error *err)
{
	struct oci_state *s = calloc(1, sizeof(*s));
	char created[64];

	if (s == NULL)
		return jf_error_errno(err, "state");
	ct->state = s;
	jf_rfc3339_now(created, sizeof(created));
	s->oci_version = strdup(c->oci_version);
	s->id = strdup(o->id);
	s->status = strdup("creating");
	s->bundle = strdup(o->bundle);
	s->rootfs = strdup(rootfs);
	s->created = strdup(created);
	s->systemd_cgroup = o->systemd_cgroup;
	s->later_hooks_known = true;
	if (c->hooks != NULL && c->hooks->poststart.n_hooks > 0)
		s->later_hooks |= OCI_STATE_HOOK_POSTSTART;
	if (c->hooks != NULL && c->hooks->poststop.n_hooks > 0)
		s->later_hooks |= OCI_STATE_HOOK_POSTSTOP;
	if (c->n_annotations > 0) {
		s->annotations = calloc(c->n_annotations, sizeof(*s->annotations));
		if (s->annotations == NULL)
			return jf_error_errno(err, "state");
		s->n_annotations = c->n_annotations;
		for (size_t i = 0; i < c->n_annotations; i++) {
			s->annotations[i].key = strdup(c->annotations[i].key);
			s->annotations[i].value = strdup(c->annotations[i].value);
		}
	}
	if (!s->oci_version || !s->id || !s->status || !s->bundle || !s->rootfs ||
	    !s->created)
		return jf_error_errno(err, "state");
	return 0;
}

static int set_status(struct jf_container *ct, const char *status,
		      struct jf_error *err)
{
	char *copy = strdup(status);

	if (copy == NULL)
		return jf_error_errno(err, "state");
	free(ct->state->status);
	ct->state->status = copy;
	return jf_container_save(ct, err);
}

struct create_run {
	struct jf_init_ctx ctx;
	struct jf_cgroup *cgroup;
	char *rootfs;
	char *config_text;
	size_t text_len;
	char *cgroup_path;
	bool systemd_scope; /* --systemd-cgroup where systemd runs */
	char scope_unit[256], scope_slice[256]; /* when systemd_scope */
	uint64_t pid_start_time;
	int fifo_fd;
	int console_fd;
	int child_sync_fd;
	struct jf_sync_msg *msg;
	int *mount_sources; /* user namespace: bind sources opened here */
	size_t n_mount_sources;
	struct jf_net_devices net; /* linux.netDevices moved in */
};

static void create_run_free(struct create_run *r)
{
	jf_namespaces_close(&r->ctx.ns);
	jf_process_attrs_free(&r->ctx.attrs);
	jf_seccomp_free(r->ctx.seccomp);
	jf_lsm_free(&r->ctx.lsm);
	jf_mounts_close_sources(r->mount_sources, r->n_mount_sources);
	jf_cgroup_free(r->cgroup);
	jf_net_devices_free(&r->net);
	free(r->rootfs);
	free(r->cgroup_path);
	free(r->config_text);
	free(r->msg);
	if (r->fifo_fd >= 0)
		close(r->fifo_fd);
	if (r->console_fd >= 0)
		close(r->console_fd);
	if (r->child_sync_fd >= 0)
		close(r->child_sync_fd);
	if (r->ctx.exe_fd >= 0)
		close(r->ctx.exe_fd);
	if (r->ctx.exe_tree_fd >= 0)
		close(r->ctx.exe_tree_fd);
}

/* Undo a failed create: the init, the cgroup, the state dir. */
static void create_undo(struct jf_created *cr, struct create_run *r)
{
	struct jf_error ignored;

	jf_net_devices_undo(&r->net); /* before its namespace goes */
	if (cr->container != NULL)
		jf_intel_rdt_remove(cr->config, cr->container->id);
	if (cr->pid > 0) {
		kill(cr->pid, SIGKILL);
		while (waitpid(cr->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (r->cgroup != NULL)
		jf_cgroup_destroy(r->cgroup, &ignored);
	jf_cgroup_free(r->cgroup);
	r->cgroup = NULL;
	if (cr->container != NULL)
		jf_container_remove(cr->container, &ignored);
	jf_container_close(cr->container);
	cr->container = NULL;
	if (cr->sync_fd >= 0)
		close(cr->sync_fd);
	if (cr->exe_tree_fd >= 0)
		close(cr->exe_tree_fd);
	oci_config_free(cr->config);
	memset(cr, 0, sizeof(*cr));
	cr->sync_fd = cr->exe_tree_fd = -1;
}

/* --systemd-cgroup where systemd runs: the init (waiting for the go
 * message) goes into a transient scope at the cgroup's path, which jfrun
 * made already; systemd may have reset values on the way, so they are
 * written again. */
static int start_systemd_scope(const struct jf_create_opts *o,
			       struct jf_created *cr, struct create_run *r,
			       struct jf_error *err)
{
	const struct oci_linux *l = cr->config->linux_;
	char description[300];

	snprintf(description, sizeof(description), "jfrun container %s", o->id);
	if (jf_systemd_start_scope(r->scope_slice, r->scope_unit, cr->pid,
				   description, err) < 0)
		return -1;
	jf_fault_point("scope-started");
	if (l != NULL && l->resources != NULL &&
	    jf_cgroup_update(r->cgroup, l->resources, err) < 0)
		return -1;
	return 0;
}

/* Everything that can be checked before anything exists. */
static int prepare_steps(const struct jf_create_opts *o, struct jf_created *cr,
			 struct create_run *r, struct jf_error *err)
{
	if (jf_container_id_validate(o->id, err) < 0)
		return -1;
	if (read_config(o->bundle, o->foreground, &r->config_text, &r->text_len,
			&cr->config, err) < 0)
		return -1;
	if (resolve_rootfs(o->bundle, cr->config, &r->rootfs, err) < 0)
		return -1;
	r->ctx.config = cr->config;
	r->ctx.rootfs = r->rootfs;
	r->ctx.bundle = o->bundle;
	r->ctx.no_pivot = o->no_pivot;
	r->ctx.no_new_keyring = o->no_new_keyring;
	r->ctx.preserve_fds = o->preserve_fds + listen_fds();
	if (listen_fds() > 0 && add_listen_env(cr->config->process, listen_fds(), err) < 0)
		return -1;
	r->ctx.child_hooks = has_child_hooks(cr->config);
	if (cr->config->process->terminal && o->console_sock_fd >= 0) {
		r->console_fd = fcntl(o->console_sock_fd, F_DUPFD_CLOEXEC, 3);
		if (r->console_fd < 0)
			return jf_error_errno(err, "console socket");
	} else if (cr->config->process->terminal && o->console_socket != NULL) {
		r->console_fd = jf_console_socket_connect(o->console_socket, err);
		if (r->console_fd < 0)
			return -1;
	}
	r->ctx.console_fd = r->console_fd;
	r->ctx.fifo_fd = -1; /* make_fifo_step, or with the go message */
	if (prepare_init(&r->ctx, err) < 0)
		return -1;
	/* In a new user namespace the init cannot write to cgroup files
	 * before its maps exist: the runtime attaches it. */
	r->ctx.cgroup_by_runtime = r->ctx.ns.new_user;
	if (jf_cgroup_resolve_path(cr->config, o->id, o->systemd_cgroup,
				   &r->cgroup_path, err) < 0)
		return -1;
	r->ctx.cgroup_path = r->cgroup_path;
	r->systemd_scope = o->systemd_cgroup && jf_systemd_available() &&
			   jf_systemd_scope_of(r->cgroup_path, r->scope_unit,
					       sizeof(r->scope_unit), r->scope_slice,
					       sizeof(r->scope_slice));
	/* A scope takes the init once it exists: the cgroup comes first. */
	r->ctx.cgroup_late = !r->systemd_scope && cgroup_late_ok(&r->ctx);
	r->ctx.fifo_late = r->ctx.cgroup_late && !o->foreground;
	/* Unless cgroup values are still due then (follow_setup). */
	r->ctx.exec_after_ready =
	    o->foreground && (cr->config->hooks == NULL ||
			      cr->config->hooks->start_container.n_hooks == 0);
	cr->exec_after_ready = r->ctx.exec_after_ready;
	r->ctx.runtime_keeps_exe_tree = o->foreground;
	jf_fault_point("parsed");
	return 0;
}

/* The state dir, config.json's copy and state.json (with the init's pid
 * when it exists already), published under the id. */
static int claim_steps(const struct jf_create_opts *o, struct jf_created *cr,
		       struct create_run *r, struct jf_error *err)
{
	if (jf_container_claim(o->root, o->id, &cr->container, err) < 0)
		return -1;
	if (jf_write_file_over_at(cr->container->dirfd, JF_CONFIG_COPY,
				  r->config_text, r->text_len, 0600, err) < 0)
		return -1;
	/* Up to 16 MB: not kept beside the state's copy of the annotations
	 * (README "Reliability": the memory ceiling). */
	free(r->config_text);
	r->config_text = NULL;
	if (new_state(cr->container, o, cr->config, r->rootfs, err) < 0)
		return -1;
	cr->container->state->cgroup_path = strdup(r->cgroup_path);
	if (cr->container->state->cgroup_path == NULL)
		return jf_error_errno(err, "state");
	cr->container->state->pid = cr->pid;
	cr->container->state->pid_start_time = r->pid_start_time;
	if (jf_container_save(cr->container, err) < 0)
		return -1;
	jf_fault_point("claimed");
	/* Before the cgroup: a losing racer must not touch the winner's. */
	if (jf_container_publish(cr->container, err) < 0)
		return -1;
	jf_fault_point("published");
	return 0;
}

/* The runtime binary out of the container's reach (linux/exe_seal.h).  An
 * init in a new pid namespace of its own seals itself before it reports
 * ready, so before `create` returns and anything can enter the container;
 * one that others could see from birth is sealed before it exists. */
static int seal_steps(struct jf_init_ctx *ctx, struct jf_error *err)
{
	if ((ctx->ns.new_flags & CLONE_NEWPID) && ctx->ns.join_pid_fd < 0)
		return jf_exe_seal_open(&ctx->exe_fd, &ctx->exe_tree_fd, err);
	return jf_exe_seal(&ctx->exe_tree_fd, err);
}

static int clone_steps(struct jf_created *cr, struct create_run *r,
		       struct jf_error *err)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return jf_error_errno(err, "socketpair");
	cr->sync_fd = sv[0];
	r->child_sync_fd = sv[1];
	r->ctx.sync_fd = sv[1];
	r->ctx.n_runtime_fds = 0;
	if (cr->container != NULL)
		r->ctx.runtime_fds[r->ctx.n_runtime_fds++] = cr->container->dirfd;
	r->ctx.runtime_fds[r->ctx.n_runtime_fds++] = sv[0];
	if (seal_steps(&r->ctx, err) < 0 ||
	    jf_namespaces_runtime_before_clone(&r->ctx.ns, cr->config, err) < 0)
		return -1;
	/* With the runtime's privileges, not the user namespace's. */
	if (r->ctx.ns.new_user && (r->ctx.ns.new_flags & CLONE_NEWNS) &&
	    jf_mounts_open_sources(cr->config, r->ctx.bundle, &r->mount_sources, err) < 0)
		return -1;
	r->n_mount_sources = r->mount_sources ? cr->config->n_mounts : 0;
	r->ctx.mount_sources = r->mount_sources;
	r->ctx.cpus.active = false;
	if (r->ctx.cgroup_late)
		jf_cpu_placement_prepare(&r->ctx.cpus);
	cr->pid = clone_init(&r->ctx, err);
	if (cr->pid < 0)
		return -1;
	jf_cpu_placement_move(&r->ctx.cpus, cr->pid);
	jf_mounts_close_sources(r->mount_sources, r->n_mount_sources);
	r->mount_sources = NULL;
	r->ctx.mount_sources = NULL;
	close(r->child_sync_fd);
	r->child_sync_fd = -1;
	if (r->ctx.exe_fd >= 0)
		close(r->ctx.exe_fd);
	r->ctx.exe_fd = -1;
	/* (The init has its own copy now.) */
	if (r->ctx.runtime_keeps_exe_tree)
		cr->exe_tree_fd = r->ctx.exe_tree_fd;
	else if (r->ctx.exe_tree_fd >= 0)
		close(r->ctx.exe_tree_fd);
	r->ctx.exe_tree_fd = -1;
	/* Killed before the pid is saved: the init dies too (PDEATHSIG, or
	 * the sync socket), and the state says there was never a process. */
	jf_fault_point("cloned");
	if (jf_proc_stat(cr->pid, &r->pid_start_time, NULL) < 0)
		return jf_error_set(err, ESRCH, "the container's init died at once");
	return 0;
}

static int make_fifo_step(const struct jf_create_opts *o, struct jf_created *cr,
			  struct create_run *r, struct jf_error *err)
{
	if (!o->foreground) {
		r->fifo_fd = make_exec_fifo(cr->container, err);
		if (r->fifo_fd < 0)
			return -1;
	}
	jf_fault_point("fifo-made");
	r->ctx.fifo_fd = r->fifo_fd;
	return 0;
}

/*
 * Every step is recorded in state.json before it is taken, so that a jfrun
 * killed at any point leaves a container that `delete --force` removes
 * completely, or none at all (README "Reliability").
 *
 * Usually (cgroup_late_ok) the init is cloned first: it mounts in its new
 * namespaces while the runtime claims the state dir (one state.json write,
 * with its pid) and makes the cgroup; it joins the cgroup and gets the exec
 * fifo's directory when the runtime says go.  Otherwise (pure cgroup v2,
 * where the init is born in its cgroup; a user namespace; namespaces to
 * join first) the state dir and the cgroup come first.
 */
static int create_steps(const struct jf_create_opts *o, struct jf_created *cr,
			struct create_run *r, struct jf_error *err)
{
	if (prepare_steps(o, cr, r, err) < 0)
		return -1;
	if (r->ctx.cgroup_late) {
		if (clone_steps(cr, r, err) < 0 || claim_steps(o, cr, r, err) < 0 ||
		    make_fifo_step(o, cr, r, err) < 0)
			return -1;
		if (jf_cgroup_create_late(cr->config, o->id, o->systemd_cgroup,
					  &r->cgroup, err) < 0)
			return -1;
		jf_fault_point("cgroup-created");
	} else {
		if (claim_steps(o, cr, r, err) < 0)
			return -1;
		if (jf_cgroup_create(cr->config, o->id, o->systemd_cgroup,
				     &r->cgroup, err) < 0)
			return -1;
		jf_fault_point("cgroup-created");
		r->ctx.cgroup = r->cgroup;
		if (make_fifo_step(o, cr, r, err) < 0 || clone_steps(cr, r, err) < 0)
			return -1;
		cr->container->state->pid = cr->pid;
		cr->container->state->pid_start_time = r->pid_start_time;
		if (jf_container_save(cr->container, err) < 0)
			return -1;
		if (r->systemd_scope && start_systemd_scope(o, cr, r, err) < 0)
			return -1;
	}
	jf_fault_point("pid-saved");
	r->msg = malloc(sizeof(*r->msg));
	if (r->msg == NULL)
		return jf_error_errno(err, "sync buffer");
	if (follow_setup(cr, &r->ctx, r->cgroup, r->fifo_fd, r->msg, &r->net,
			 err) < 0)
		return init_death(cr, err);
	jf_fault_point("setup-done");
	/* A foreground run goes straight on to "running". */
	if (!o->foreground && set_status(cr->container, "created", err) < 0)
		return -1;
	jf_fault_point("created");
	if (o->pid_file != NULL && write_pid_file(o->pid_file, cr->pid, err) < 0)
		return -1;
	return 0;
}

int jf_container_create(const struct jf_create_opts *o, struct jf_created *ret,
			struct jf_error *err)
{
	struct create_run r = {.ctx.exe_fd = -1, /* seal_steps */
			       .ctx.exe_tree_fd = -1,
			       .ctx.lsm.proc_fd = -1,
			       .fifo_fd = -1,
			       .net.netns_fd = -1,
			       .console_fd = -1,
			       .child_sync_fd = -1};
	struct jf_created cr = {.sync_fd = -1, .exe_tree_fd = -1};
	mode_t old_umask = umask(0022);
	int rc;

	rc = create_steps(o, &cr, &r, err);
	umask(old_umask);
	if (rc < 0) {
		create_undo(&cr, &r);
		create_run_free(&r);
		return -1;
	}
	create_run_free(&r);
	*ret = cr;
	return 0;
}
