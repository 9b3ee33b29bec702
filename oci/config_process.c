/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json "process" (config.md: process, POSIX process, Linux process). */
#include <errno.h>
#include <stdlib.h>

#include "config_internal.h"

/* A uid or gid: 0 to OCI_ID_MAX, "out of range (0 to 2147483647)". */
static int read_id(const struct json_reader *r, const struct json_value *obj,
		   const char *key, uint32_t *out)
{
	const struct json_value *v = jr_get(obj, key);
	uint64_t id;

	if (v == NULL)
		return 0;
	if (jr_to_u64(r, v, OCI_ID_MAX, &id) < 0)
		return -1;
	*out = (uint32_t)id;
	return 0;
}

static int read_ids(const struct json_reader *r, const struct json_value *obj,
		    const char *key, uint32_t **out, size_t *n)
{
	const struct json_value *a = jr_get(obj, key);
	uint64_t id;

	/* Each element in range first: jr_u32s takes 0 to 2^32-1. */
	if (a != NULL && a->type == JSON_ARRAY)
		for (const struct json_value *e = a->u.first; e; e = e->next)
			if (jr_to_u64(r, e, OCI_ID_MAX, &id) < 0)
				return -1;
	return jr_u32s(r, obj, key, out, n);
}

static int read_user(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	static const char *const required[] = {"uid", "gid", NULL};
	struct oci_user *u = out;

	if (jr_require(r, v, required) || read_id(r, v, "uid", &u->uid) ||
	    read_id(r, v, "gid", &u->gid) ||
	    jr_u32(r, v, "umask", &u->umask, &u->has_umask) ||
	    read_ids(r, v, "additionalGids", &u->additional_gids,
		     &u->n_additional_gids) ||
	    jr_string(r, v, "username", &u->username))
		return -1;
	return 0;
}

static int read_console_size(const struct json_reader *r,
			     const struct json_value *v, void *out)
{
	static const char *const required[] = {"height", "width", NULL};
	struct oci_console_size *cs = out;

	if (jr_require(r, v, required) ||
	    jr_u32(r, v, "height", &cs->height, NULL) ||
	    jr_u32(r, v, "width", &cs->width, NULL))
		return -1;
	return 0;
}

static int read_capabilities(const struct json_reader *r,
			     const struct json_value *v, void *out)
{
	struct oci_capabilities *c = out;

	if (jr_strings(r, v, "bounding", &c->bounding, &c->n_bounding) ||
	    jr_strings(r, v, "effective", &c->effective, &c->n_effective) ||
	    jr_strings(r, v, "inheritable", &c->inheritable,
		       &c->n_inheritable) ||
	    jr_strings(r, v, "permitted", &c->permitted, &c->n_permitted) ||
	    jr_strings(r, v, "ambient", &c->ambient, &c->n_ambient))
		return -1;
	return 0;
}

static int read_rlimit(const struct json_reader *r, const struct json_value *v,
		       void *out)
{
	static const char *const required[] = {"type", "soft", "hard", NULL};
	struct oci_rlimit *rl = out;

	if (jr_require(r, v, required) || jr_string(r, v, "type", &rl->type) ||
	    jr_u64(r, v, "hard", &rl->hard, NULL) ||
	    jr_u64(r, v, "soft", &rl->soft, NULL))
		return -1;
	return 0;
}

static int read_scheduler(const struct json_reader *r,
			  const struct json_value *v, void *out)
{
	static const char *const required[] = {"policy", NULL};
	struct oci_scheduler *s = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "policy", &s->policy) ||
	    jr_i32(r, v, "nice", &s->nice, &s->has_nice) ||
	    jr_i32(r, v, "priority", &s->priority, &s->has_priority) ||
	    jr_strings(r, v, "flags", &s->flags, &s->n_flags) ||
	    jr_u64(r, v, "runtime", &s->runtime, &s->has_runtime) ||
	    jr_u64(r, v, "deadline", &s->deadline, &s->has_deadline) ||
	    jr_u64(r, v, "period", &s->period, &s->has_period))
		return -1;
	return 0;
}

static int read_io_priority(const struct json_reader *r,
			    const struct json_value *v, void *out)
{
	static const char *const required[] = {"class", "priority", NULL};
	struct oci_io_priority *io = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "class", &io->class_) ||
	    jr_i32(r, v, "priority", &io->priority, NULL))
		return -1;
	return 0;
}

static int read_exec_cpu_affinity(const struct json_reader *r,
				  const struct json_value *v, void *out)
{
	struct oci_exec_cpu_affinity *a = out;

	if (jr_string(r, v, "initial", &a->initial) ||
	    jr_string(r, v, "final", &a->final))
		return -1;
	return 0;
}

/* args: at least one element on Linux; cwd: absolute. */
static int read_command(const struct json_reader *r, const struct json_value *v,
			struct oci_process *p)
{
	static const char *const required[] = {"args", "cwd", NULL};

	if (jr_require(r, v, required) ||
	    jr_strings(r, v, "args", &p->args, &p->n_args))
		return -1;
	if (p->n_args == 0)
		return jr_fail_member(r, v, "args",
				      "must have at least one element");
	if (jr_abs_path(r, v, "cwd", &p->cwd) ||
	    jr_string(r, v, "commandLine", &p->command_line) ||
	    jr_strings(r, v, "env", &p->env, &p->n_env))
		return -1;
	return 0;
}

static int read_security(const struct json_reader *r,
			 const struct json_value *v, struct oci_process *p)
{
	if (jr_object(r, v, "capabilities", read_capabilities,
		      &p->capabilities) ||
	    jr_bool(r, v, "noNewPrivileges", &p->no_new_privileges, NULL) ||
	    jr_string(r, v, "apparmorProfile", &p->apparmor_profile) ||
	    jr_string(r, v, "selinuxLabel", &p->selinux_label))
		return -1;
	return 0;
}

static int read_scheduling(const struct json_reader *r,
			   const struct json_value *v, struct oci_process *p)
{
	if (jr_array(r, v, "rlimits", read_rlimit, &p->rlimits,
		     &p->n_rlimits) ||
	    jr_i32(r, v, "oomScoreAdj", &p->oom_score_adj,
		   &p->has_oom_score_adj) ||
	    jr_object(r, v, "scheduler", read_scheduler, &p->scheduler) ||
	    jr_object(r, v, "ioPriority", read_io_priority, &p->io_priority) ||
	    jr_object(r, v, "execCPUAffinity", read_exec_cpu_affinity,
		      &p->exec_cpu_affinity))
		return -1;
	return 0;
}

int oci_read_process(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	struct oci_process *p = out;

	if (jr_bool(r, v, "terminal", &p->terminal, NULL) ||
	    jr_inline(r, v, "consoleSize", read_console_size, &p->console_size,
		      &p->has_console_size) ||
	    jr_inline(r, v, "user", read_user, &p->user, NULL) ||
	    read_command(r, v, p) || read_security(r, v, p) ||
	    read_scheduling(r, v, p))
		return -1;
	return 0;
}

int oci_process_parse(const char *text, size_t len, struct oci_process **ret,
		      struct jf_error *err)
{
	static const struct json_parse_opts opts = {
	    .doc = "process.json",
	    .validate_utf8 = true,
	};
	struct oci_process *p = NULL;

	if (jr_parse_document(text, len, &opts, sizeof(*p), oci_read_process,
			      &p, err) < 0) {
		oci_process_free(p);
		return -1;
	}
	*ret = p;
	return 0;
}
