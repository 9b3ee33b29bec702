/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Putting processes in.  Written directly: libcgroup's attach writes a
 * thread id to `tasks` (one thread, not the process) through stdio, and the
 * child must not allocate.
 *
 * The child writes "0" to each v1 `tasks` file: moving a single thread
 * does not take the kernel's threadgroup lock, which is what makes a pid
 * written to cgroup.procs cost ~15 ms on an idle machine.  On v2 the child
 * is cloned straight into its cgroup (CLONE_INTO_CGROUP) instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/procs/procs.h"

static int write_zero(int fd, const struct jf_cgroup *cg, struct jf_error *err)
{
	ssize_t n;

	do
		n = write(fd, "0", 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return jf_error_errno(err, "joining cgroup %s", cg->path);
	return 0;
}

int jf_cgroup_enter_self(const struct jf_cgroup *cg, struct jf_error *err)
{
	int fd, r;

	for (size_t i = 0; i < cg->n_enter_fd; i++)
		if (write_zero(cg->enter_fd[i], cg, err) < 0)
			return -1;
	if (cg->v2_dirfd < 0 || cg->cloned_into)
		return 0;
	fd = openat(cg->v2_dirfd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "joining cgroup %s", cg->path);
	r = write_zero(fd, cg, err);
	close(fd);
	return r;
}

int jf_cgroup_attach_pid(const struct jf_cgroup *cg, pid_t pid,
			 struct jf_error *err)
{
	char procs[4200];

	for (size_t h = 0; h < cg->layout->n; h++) {
		if (!cg_has(cg, (int)h))
			continue;
		if (cg_file(cg, (int)h, "cgroup.procs", procs, sizeof(procs)) <
		    0)
			return jf_error_set(err, 0, "cgroup path too long");
		if (cg_write_pid(procs, pid, err) < 0)
			return -1;
	}
	return 0;
}

bool jf_cgroup_can_create_late(const struct oci_config *c)
{
	const struct oci_resources *r = c->linux_ ? c->linux_->resources : NULL;

	/* A cgroup2 directory (pure v2, or hugetlb and unified values on the
	 * hybrid layout) is entered at birth by CLONE_INTO_CGROUP: it must
	 * exist before the clone.  Decided before the clone without the
	 * whole layout (jf_cgroup_layout_export). */
	return cg_host_has_usual_v1() &&
	       (r == NULL || (r->n_hugepage_limits == 0 && r->n_unified == 0));
}

int jf_cgroup_enter_fds(struct jf_cgroup *cg, int *fds, size_t max,
			size_t *ret_n, struct jf_error *err)
{
	size_t n = 0;

	/* jf_cgroup_can_create_late keeps cgroup2 directories out. */
	if (cg->v2_dirfd >= 0)
		return jf_error_set(err, EINVAL,
				    "cgroup %s: a cgroup2 directory is "
				    "entered at clone, not after",
				    cg->path);
	for (size_t i = 0; i < cg->n_enter_fd && n < max; i++)
		fds[n++] = cg->enter_fd[i];
	*ret_n = n;
	return 0;
}

int jf_cgroup_enter_by_fds(const int *fds, size_t n, const char *path,
			   struct jf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		ssize_t w;

		do
			w = write(fds[i], "0", 1);
		while (w < 0 && errno == EINTR);
		if (w != 1)
			return jf_error_errno(err, "joining cgroup %s", path);
	}
	return 0;
}
