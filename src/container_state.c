/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A container's state as the runtime reads it: the OCI status (derived from
 * state.json, the exec fifo, the lock and /proc), recording a new status,
 * the state JSON handed to hooks, and the config saved at create.
 */
#include "container_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "fs_util.h"
#include "json_write.h"
#include "pid_identity.h"
#include "shim/proc_views.h"
#include "shim/supervision.h"

static struct oci_state state_shown(const struct jf_container *c,
				    const char *status)
{
	struct oci_state s = {.id = c->id, .bundle = ""};

	if (c->state != NULL) {
		s = *c->state;
		s.unsupervised = jf_shim_lost(c);
		s.proc_views_stale = jf_proc_views_stale(c);
	}
	s.status = (char *)status;
	return s;
}

int jf_container_state_json(const struct jf_container *c, const char *status,
			    char **ret, size_t *ret_len, struct jf_error *err)
{
	struct oci_state s = state_shown(c, status);

	return oci_state_to_json(&s, false, ret, ret_len, err);
}

void jf_container_state_write(const struct jf_container *c, const char *status,
			      struct json_writer *w)
{
	struct oci_state s = state_shown(c, status);

	oci_state_write(w, &s, false);
}

int jf_container_load_config(const struct jf_container *c,
			     struct oci_config **ret, struct jf_error *err)
{
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(c->dirfd, JF_CONFIG_COPY, OCI_CONFIG_MAX_BYTES, &text,
			    &len, err) < 0)
		return jf_error_wrap(err, "container \"%s\"", c->id);
	return oci_config_parse(text, len, ret, err);
}

bool jf_container_init_alive(const struct jf_container *c)
{
	return c->state != NULL &&
	       jf_proc_is_same_alive(c->state->pid, c->state->pid_start_time);
}

/* Whether another jfrun holds the container's lock right now (a create
 * still running, or any changing command). */
static bool someone_busy(const struct jf_container *c)
{
	if (c->locked)
		return false; /* we hold it */
	if (flock(c->dirfd, LOCK_SH | LOCK_NB) == 0) {
		flock(c->dirfd, LOCK_UN);
		return false;
	}
	return errno == EWOULDBLOCK;
}

bool jf_container_awaits_start(const struct jf_container *c)
{
	struct stat st;

	return fstatat(c->dirfd, JF_EXEC_FIFO, &st, 0) == 0;
}

const char *jf_container_status(const struct jf_container *c)
{
	/* No state.json: a delete was interrupted (or is under way). */
	if (c->state == NULL)
		return c->state_error != NULL ? "unknown" : "stopped";
	/* No init yet: being created, or its create died before cloning it
	 * (then nothing can ever run: it is stopped). */
	if (c->state->pid <= 0)
		return strcmp(c->state->status, "creating") == 0 && someone_busy(c)
			   ? "creating"
			   : "stopped";
	/* (Until its shim has recorded how it ended: shim/supervision.h.) */
	if (!jf_container_init_alive(c))
		return jf_shim_finishing(c) ? "running" : "stopped";
	if (strcmp(c->state->status, "creating") == 0)
		return "creating";
	if (strcmp(c->state->status, "paused") == 0)
		return "paused";
	if (jf_container_awaits_start(c))
		return "created";
	return "running";
}

int jf_container_set_status(struct jf_container *c, const char *status,
			    struct jf_error *err)
{
	char *copy = strdup(status);

	if (copy == NULL)
		return jf_error_errno(err, "container \"%s\": state", c->id);
	free(c->state->status);
	c->state->status = copy;
	return jf_container_save(c, err);
}

bool jf_container_may_have_hooks(const struct jf_container *c, uint32_t kind)
{
	return c->state == NULL || !c->state->later_hooks_known ||
	       (c->state->later_hooks & kind) != 0;
}
