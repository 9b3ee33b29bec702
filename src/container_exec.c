/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `exec`.  The runtime joins the container's pid namespace for its
 * children, forks the process, puts it in the container's cgroup, and lets
 * it go; the process joins the other namespaces itself and becomes the
 * container's process as the init does (linux/process.h: the requested
 * user and capabilities, the container's seccomp filter), then execs.
 * Like the init, it is not dumpable while it runs jfrun's code inside the
 * container, and the runtime seals the jfrun binary out of its reach
 * before the fork (linux/exe_seal.h).
 */
#include "container_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "container.h"
#include "fs_util.h"
#include "linux/caps.h"
#include "linux/cpu_affinity.h"
#include "linux/exe_seal.h"
#include "linux/lsm.h"
#include "linux/namespaces.h"
#include "linux/process_attrs.h"
#include "linux/process.h"
#include "linux/procfs.h"
#include "linux/seccomp.h"
#include "linux/terminal.h"
#include "linux/user.h"
#include "supervise.h"
#include "sync_socket.h"

/* Joined in the order of the one table (linux/namespaces.h); pid, its
 * last row, is joined apart. */
static const struct jf_ns_type *const ns_order = jf_ns_types;
#define N_NS (JF_NS_TYPES - 1)

struct exec_ctx {
	const struct oci_process *p;
	const struct oci_config *config;
	const struct jf_user_spec *user_spec; /* --user, or NULL */
	int rootfd;			      /* the container's root */
	struct jf_caps caps;
	struct jf_process_attrs attrs;
	struct jf_seccomp *seccomp;
	struct jf_lsm lsm;
	int ns_fd[N_NS]; /* -1: same as ours, not joined */
	int pid_ns_fd;
	int sync_fd;
	int console_fd;
	int preserve_fds;
};

static void exec_ctx_free(struct exec_ctx *x)
{
	for (size_t i = 0; i < N_NS; i++)
		if (x->ns_fd[i] >= 0)
			close(x->ns_fd[i]);
	if (x->pid_ns_fd >= 0)
		close(x->pid_ns_fd);
	if (x->console_fd >= 0)
		close(x->console_fd);
	if (x->rootfd >= 0)
		close(x->rootfd);
	jf_process_attrs_free(&x->attrs);
	jf_seccomp_free(x->seccomp);
	jf_lsm_free(&x->lsm);
}

/* Open the init's namespaces that differ from ours. */
static int open_namespaces(pid_t pid, struct exec_ctx *x, struct jf_error *err)
{
	char path[64];
	struct stat theirs, ours;

	for (size_t i = 0; i < N_NS + 1; i++) {
		const char *name = ns_order[i].name;
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return jf_error_errno(err, "exec: %s", path);
		}
		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
		if (fstat(fd, &theirs) == 0 && stat(path, &ours) == 0 &&
		    theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev) {
			close(fd);
			continue;
		}
		if (i < N_NS)
			x->ns_fd[i] = fd;
		else
			x->pid_ns_fd = fd;
	}
	/* Where the child reads /etc/passwd and /etc/group (linux/user.h),
	 * with or without a mount namespace of the container's own. */
	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	x->rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (x->rootfd < 0)
		return jf_error_errno(err, "exec: %s", path);
	return 0;
}

static bool joins_mount_ns(const struct exec_ctx *x)
{
	for (size_t i = 0; i < N_NS; i++)
		if (ns_order[i].type == CLONE_NEWNS)
			return x->ns_fd[i] >= 0;
	return false;
}

/* Into the container: its namespaces, its root, a terminal or a session
 * of its own; then it becomes the process (linux/process.h). */
static int enter(struct exec_ctx *x, struct jf_error *err)
{
	const struct oci_process *p = x->p;

	/* Before joining the container's mount namespace: through the host's
	 * procfs, which nothing in the container can redirect. */
	if (x->attrs.has_oom_score_adj) {
		cleanup_close int procfd = jf_procfs_open("/proc", err);
		if (procfd < 0 ||
		    jf_oom_score_adj_apply(&x->attrs, procfd, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < N_NS; i++)
		if (x->ns_fd[i] >= 0 && setns(x->ns_fd[i], ns_order[i].type) < 0)
			return jf_error_errno(err, "exec: joining the %s namespace",
					      ns_order[i].name);
	/* A container in our own mount namespace is only chroot'ed into its
	 * rootfs: so is the process (not left in the host's root). */
	if (!joins_mount_ns(x) && (fchdir(x->rootfd) < 0 || chroot(".") < 0))
		return jf_error_errno(err, "exec: chroot to the container's root");
	if (p->terminal) {
		if (x->console_fd < 0)
			return jf_error_set(err, 0, "exec -t: needs --console-socket");
		if (jf_terminal_setup(x->console_fd, p, false, err) < 0)
			return -1;
	} else {
		setsid();
	}
	return 0;
}

static void child_main(struct exec_ctx *x)
{
	static struct jf_sync_msg msg;
	static struct jf_process proc; /* large: not on the stack */
	struct jf_process_spec spec = {
	    .p = x->p,
	    .config = x->config,
	    .exec_affinity = true,
	    .user = x->user_spec,
	    /* The container's /etc/passwd and /etc/group, never the host's. */
	    .rootfd = x->rootfd,
	    .caps = &x->caps,
	    .attrs = &x->attrs,
	    .seccomp = x->seccomp,
	    .lsm = &x->lsm,
	    .preserve_fds = x->preserve_fds,
	    .own_fds = {x->sync_fd},
	    .n_own_fds = 1,
	};
	struct jf_error err = {0};

	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Wait until the runtime has put us in the cgroup. */
	if (jf_sync_expect(x->sync_fd, JF_SYNC_START, &msg, &err) < 0 ||
	    enter(x, &err) < 0 || jf_process_become(&spec, &proc, &err) < 0) {
		jf_sync_send_error(x->sync_fd, &err);
		_exit(127);
	}
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	/* The sync socket closes at execve: EOF tells the runtime it worked. */
	jf_process_exec(&spec, &proc, &err);
	jf_sync_send_error(x->sync_fd, &err);
	_exit(127);
}

static int prepare(struct exec_ctx *x, const struct oci_config *config,
		   const struct jf_exec_opts *o, struct jf_error *err)
{
	x->config = config;
	if (jf_caps_prepare(x->p->capabilities, &x->caps, err) < 0 ||
	    jf_process_attrs_prepare(x->p, NULL, &x->attrs, err) < 0 ||
	    jf_exec_affinity_check(x->p, err) < 0 ||
	    jf_lsm_prepare(x->p, NULL, &x->lsm, err) < 0)
		return -1;
	if (config->linux_ != NULL && config->linux_->seccomp != NULL &&
	    jf_seccomp_prepare(config->linux_->seccomp, &x->seccomp, err) < 0)
		return -1;
	if (x->p->terminal && o->console_socket != NULL) {
		x->console_fd = jf_console_socket_connect(o->console_socket, err);
		if (x->console_fd < 0)
			return -1;
	}
	return 0;
}

/* Fork the process into the container; returns its pid.  *ret_tree: the
 * runtime binary's sealing mount, to close once the process runs (its
 * last close waits for an RCU grace period). */
static pid_t spawn(struct jf_container *c, struct exec_ctx *x,
		   const struct jf_exec_opts *o, int *ret_sync, int *ret_tree,
		   struct jf_error *err)
{
	struct jf_cgroup *cg = NULL;
	int sv[2], self_ns = -1;
	pid_t pid;

	if (c->state->cgroup_path != NULL &&
	    jf_cgroup_open(c->state->cgroup_path, c->state->systemd_cgroup, &cg, err) < 0)
		return -1;
	/* Before the fork: the child inherits it. */
	if (jf_exe_seal(ret_tree, err) < 0) {
		jf_cgroup_free(cg);
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		jf_cgroup_free(cg);
		return jf_error_errno(err, "socketpair");
	}
	/* Our own later children (ASan's leak-check tracer) must not be born
	 * in the container's pid namespace: back to ours after the fork. */
	if (x->pid_ns_fd >= 0 &&
	    ((self_ns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC)) < 0 ||
	     setns(x->pid_ns_fd, CLONE_NEWPID) < 0)) {
		jf_error_errno(err, "exec: joining the pid namespace");
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		jf_error_errno(err, "exec: fork");
		goto fail;
	}
	if (self_ns >= 0 && pid > 0)
		setns(self_ns, CLONE_NEWPID);
	if (self_ns >= 0)
		close(self_ns);
	if (pid == 0) {
		close(sv[0]);
		close(c->dirfd);
		if (*ret_tree >= 0)
			close(*ret_tree);
		x->sync_fd = sv[1];
		child_main(x);
	}
	close(sv[1]);
	*ret_sync = sv[0];
	if (jf_exec_affinity_initial(x->p, pid, err) < 0 ||
	    (cg != NULL && jf_cgroup_attach_pid(cg, pid, err) < 0)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(sv[0]);
		jf_cgroup_free(cg);
		return -1;
	}
	jf_cgroup_free(cg);
	return pid;
fail:
	if (self_ns >= 0)
		close(self_ns);
	close(sv[0]);
	close(sv[1]);
	jf_cgroup_free(cg);
	return -1;
}

/* Release the process and wait for execve (EOF) or its error. */
static int release(pid_t pid, int sync_fd, struct jf_error *err)
{
	struct jf_sync_msg *msg = malloc(sizeof(*msg));
	struct jf_error recv_err;
	int rc = 0;

	if (msg == NULL)
		return jf_error_errno(err, "exec");
	if (jf_sync_send(sync_fd, JF_SYNC_START, NULL, 0, err) < 0) {
		rc = -1;
	} else if (jf_sync_recv(sync_fd, msg, &recv_err) == 0 &&
		   msg->type == JF_SYNC_ERROR) {
		jf_error_set(err, msg->errnum, "%s", msg->payload);
		rc = -1;
	}
	free(msg);
	if (rc < 0)
		waitpid(pid, NULL, 0);
	return rc;
}

int jf_container_exec(struct jf_container *c, const struct oci_config *config,
		      const struct oci_process *p, const struct jf_exec_opts *o,
		      struct jf_error *err)
{
	struct exec_ctx x = {.p = p, .user_spec = o->user, .rootfd = -1,
			     .pid_ns_fd = -1, .console_fd = -1, .lsm.proc_fd = -1,
			     .preserve_fds = o->preserve_fds};
	const char *status = jf_container_status(c);
	int sync_fd = -1, rc;
	cleanup_close int exe_tree = -1;
	pid_t pid;

	for (size_t i = 0; i < N_NS; i++)
		x.ns_fd[i] = -1;
	if (strcmp(status, "running") != 0 && strcmp(status, "created") != 0)
		return jf_error_set(err, 0, "container \"%s\" is %s: cannot exec",
				    c->id, status);
	if (prepare(&x, config, o, err) < 0 ||
	    open_namespaces(c->state->pid, &x, err) < 0 ||
	    (pid = spawn(c, &x, o, &sync_fd, &exe_tree, err)) < 0) {
		exec_ctx_free(&x);
		return -1;
	}
	exec_ctx_free(&x);
	rc = release(pid, sync_fd, err);
	close(sync_fd);
	if (rc < 0)
		return -1;
	/* While the process runs (detached: at least after it execs). */
	if (exe_tree >= 0)
		close(exe_tree);
	exe_tree = -1;
	if (o->pid_file != NULL) {
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
		if (jf_write_file_atomic_at(AT_FDCWD, o->pid_file, buf, (size_t)n, err) < 0)
			return jf_error_wrap(err, "--pid-file");
	}
	if (o->detach)
		return 0;
	rc = jf_supervise(pid, NULL, err);
	return rc < 0 ? -1 : jf_exit_code(rc);
}
