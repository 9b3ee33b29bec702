/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `delete`: kill what is left (--force), remove the cgroup, run the
 * poststop hooks, remove the state dir; and the clean-up of a container
 * whose state.json is unreadable.
 */
#include "container_internal.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "fault.h"
#include "hooks.h"
#include "linux/intel_rdt.h"
#include "log.h"
#include "pid_identity.h"
#include "shim/exit_record.h"

static void run_poststop(struct jf_container *c, const struct oci_config *config)
{
	cleanup_free char *json = NULL;
	struct jf_error err = {0};
	size_t len;

	if (config == NULL || config->hooks == NULL ||
	    config->hooks->poststop.n_hooks == 0 || c->state == NULL)
		return;
	if (jf_container_state_json(c, "stopped", &json, &len, &err) < 0)
		jf_log_warning("%s", err.msg);
	else
		jf_hooks_run_warn(&config->hooks->poststop, "poststop", json, len);
}

/* The cgroup of a container whose init was never recorded: whatever is
 * in it is not known to be ours (create may have died before checking the
 * cgroup was unused), so nothing is killed.  Our own init, if it was
 * cloned, is dying of PDEATHSIG: wait for it, then remove the cgroup. */
static int destroy_unowned_cgroup(const char *id, const char *path,
				  struct jf_cgroup *cg, struct jf_error *err)
{
	for (int i = 0; i < 200; i++) {
		cleanup_free pid_t *pids = NULL;
		size_t n = 0;

		if (jf_cgroup_pids(cg, &pids, &n, err) < 0 || n == 0)
			return jf_cgroup_destroy(cg, err);
		usleep(10000);
	}
	return jf_error_set(err, EBUSY,
			    "container \"%s\": cgroup %s holds processes that are "
			    "not known to be the container's: left in place",
			    id, path);
}

/* state.json unreadable: the cgroup is found again from the config copy
 * (a cgroupfs path; --systemd-cgroup is not known any more) and treated as
 * not known to be ours. */
static void remove_cgroup_of_broken(const struct jf_container *c)
{
	struct oci_config *config = NULL;
	cleanup_free char *path = NULL;
	struct jf_cgroup *cg = NULL;
	struct jf_error err = {0};

	if (jf_container_load_config(c, &config, &err) < 0 ||
	    jf_cgroup_resolve_path(config, c->id, false, &path, &err) < 0 ||
	    jf_cgroup_open(path, false, &cg, &err) < 0 ||
	    destroy_unowned_cgroup(c->id, path, cg, &err) < 0)
		jf_log_warning("%s", err.msg);
	jf_cgroup_free(cg);
	oci_config_free(config);
}

static int signal_init(const struct jf_container *c, int sig)
{
	cleanup_close int pidfd =
	    jf_pidfd_open_checked(c->state->pid, c->state->pid_start_time);

	if (pidfd < 0)
		return -1;
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

int jf_container_delete(struct jf_container *c, bool force, struct jf_error *err)
{
	const char *status = jf_container_status(c);
	struct oci_config *config = NULL;
	struct jf_cgroup *cg = NULL;
	struct jf_error ignored;
	int rc = 0;

	if (c->state_error != NULL) {
		if (!force)
			return jf_error_set(err, 0, "%s (jfrun delete --force removes it)",
					    c->state_error);
		/* Without a state its init cannot be told apart from any
		 * other process: nothing is killed. */
		jf_log_warning("%s: removing the container; its processes, if "
			       "any, are not killed", c->state_error);
		remove_cgroup_of_broken(c);
		return jf_container_remove(c, err);
	}
	if (strcmp(status, "stopped") != 0 && strcmp(status, "creating") != 0 &&
	    strcmp(status, "created") != 0 && !force)
		return jf_error_set(err, EBUSY,
				    "container \"%s\" is %s: stop it first or use --force",
				    c->id, status);
	if (jf_container_cgroup(c, false, &cg, err) < 0) {
		if (!force)
			return -1;
		jf_log_warning("%s", err->msg);
	}
	if (c->state != NULL && c->state->pid > 0 && jf_container_init_alive(c)) {
		if (cg != NULL)
			jf_cgroup_kill_all(cg, SIGKILL, &ignored);
		signal_init(c, SIGKILL);
		if (!jf_container_wait_gone(c, 10000)) {
			jf_cgroup_free(cg);
			return jf_error_set(err, EBUSY, "container \"%s\": init did not die", c->id);
		}
	}
	jf_fault_point("delete-killed");
	if (cg != NULL) {
		int r = c->state->pid > 0 ? jf_cgroup_destroy(cg, err)
					  : destroy_unowned_cgroup(c->id, c->state->cgroup_path,
								   cg, err);
		if (r < 0)
			jf_log_warning("%s", err->msg);
	}
	jf_fault_point("delete-cgroup-removed");
	if ((jf_container_may_have_hooks(c, OCI_STATE_HOOK_POSTSTOP) ||
	     jf_intel_rdt_mounted()) &&
	    jf_container_load_config(c, &config, &ignored) == 0) {
		jf_intel_rdt_remove(config, c->id);
		run_poststop(c, config);
	}
	oci_config_free(config);
	jf_cgroup_free(cg);
	if (jf_container_remove(c, err) < 0)
		rc = -1;
	return rc;
}

int jf_container_delete_by_id(const char *root, const char *id, bool force,
			      struct jf_error *err)
{
	struct jf_container *c;
	int rc;

	/* A private directory left by a create killed before publishing
	 * has no id yet: --force removes every such leftover. */
	if (force)
		jf_container_sweep(root);
	if (jf_container_open_any(root, id, true, &c, err) < 0) {
		/* runc: deleting what is not there with --force is no error. */
		return force && err->errnum == ENOENT ? 0 : -1;
	}
	if (force && c->state != NULL)
		jf_exit_reason_note(c->dirfd, "stopped"); /* for its shim */
	rc = jf_container_delete(c, force, err);
	jf_container_close(c);
	return rc;
}
