/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `exec`: the process comes from --process FILE, or from the container's
 * own process with the arguments and the flags (--cwd, -e, --user, --cap,
 * -t, --no-new-privs, --apparmor, --process-label) laid over it, as runc
 * does.  --user USER[:GROUP] takes names too, looked up in the container's
 * own /etc/passwd and /etc/group by the exec'd process itself
 * (linux/user.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "container_exec.h"
#include "fs_util.h"
#include "linux/lsm.h"
#include "linux/user.h"

struct exec_flags {
	const char *process_file;
	const char *cwd;
	bool has_user;
	struct jf_user_spec user; /* resolved in the container (linux/user.h) */
	const char *apparmor, *process_label;
	char **env;
	size_t n_env;
	char **caps;
	size_t n_caps;
	bool tty, no_new_privs;
};

static int push(char ***list, size_t *n, const char *value)
{
	char **bigger = realloc(*list, (*n + 2) * sizeof(**list));

	if (bigger == NULL)
		return -1;
	*list = bigger;
	(*list)[*n] = strdup(value);
	if ((*list)[*n] == NULL)
		return -1;
	(*list)[++*n] = NULL;
	return 0;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Replace or add KEY=VALUE in the process environment. */
static int set_env(struct oci_process *p, const char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < p->n_env; i++) {
		if (strncmp(p->env[i], kv, klen) == 0 && p->env[i][klen] == '=') {
			char *copy = strdup(kv);
			if (copy == NULL)
				return -1;
			free(p->env[i]);
			p->env[i] = copy;
			return 0;
		}
	}
	return push(&p->env, &p->n_env, kv);
}

static int replace_args(struct oci_process *p, int argc, char **argv,
			struct jf_error *err)
{
	char **args = NULL;
	size_t n = 0;

	if (optind >= argc)
		return jf_error_set(err, 0, "exec: no command given (or use --process)");
	for (int i = optind; i < argc; i++)
		if (push(&args, &n, argv[i]) < 0)
			return jf_error_errno(err, "exec");
	free_list(p->args, p->n_args);
	p->args = args;
	p->n_args = n;
	return 0;
}

static int replace_str(char **field, const char *value)
{
	char *copy = strdup(value);

	if (copy == NULL)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

/* runc's --apparmor and --process-label, refused where the host has no
 * such LSM (naming the flag), then laid over the process. */
static int overlay_lsm(struct oci_process *p, const struct exec_flags *f,
		       struct jf_error *err)
{
	/* An empty flag is no flag (runc): the container's own stays. */
	bool aa = f->apparmor != NULL && f->apparmor[0] != '\0';
	bool se = f->process_label != NULL && f->process_label[0] != '\0';

	if (aa && !jf_lsm_apparmor_enabled())
		return jf_error_set(err, 0,
				    "--apparmor \"%s\": AppArmor is not enabled on this host",
				    f->apparmor);
	if (se && !jf_lsm_selinux_enabled())
		return jf_error_set(err, 0,
				    "--process-label \"%s\": SELinux is not enabled on this host",
				    f->process_label);
	if (aa && replace_str(&p->apparmor_profile, f->apparmor) < 0)
		return jf_error_errno(err, "exec: --apparmor");
	if (se && replace_str(&p->selinux_label, f->process_label) < 0)
		return jf_error_errno(err, "exec: --process-label");
	return 0;
}

/* Lay the flags over the container's own process. */
static int overlay(struct oci_process *p, const struct exec_flags *f, int argc,
		   char **argv, struct jf_error *err)
{
	if (replace_args(p, argc, argv, err) < 0)
		return -1;
	if (f->cwd != NULL) {
		free(p->cwd);
		p->cwd = strdup(f->cwd);
	}
	for (size_t i = 0; i < f->n_env; i++)
		if (set_env(p, f->env[i]) < 0)
			return jf_error_errno(err, "exec: -e");
	if (f->has_user) {
		/* The container's additionalGids are not the new user's. */
		free(p->user.additional_gids);
		p->user.additional_gids = NULL;
		p->user.n_additional_gids = 0;
	}
	if (f->n_caps > 0) {
		struct oci_capabilities *c = p->capabilities;
		if (c == NULL && (c = p->capabilities = calloc(1, sizeof(*c))) == NULL)
			return jf_error_errno(err, "exec: --cap");
		for (size_t i = 0; i < f->n_caps; i++)
			if (push(&c->bounding, &c->n_bounding, f->caps[i]) < 0 ||
			    push(&c->effective, &c->n_effective, f->caps[i]) < 0 ||
			    push(&c->permitted, &c->n_permitted, f->caps[i]) < 0)
				return jf_error_errno(err, "exec: --cap");
	}
	if (overlay_lsm(p, f, err) < 0)
		return -1;
	p->terminal = f->tty;
	p->no_new_privileges |= f->no_new_privs;
	return 0;
}

static int load_process_file(const char *path, struct oci_process **ret,
			     struct jf_error *err)
{
	cleanup_free char *text = NULL;
	size_t len;

	if (jf_read_file_at(AT_FDCWD, path, OCI_CONFIG_MAX_BYTES, &text, &len, err) < 0)
		return jf_error_wrap(err, "--process");
	if (oci_process_parse(text, len, ret, err) < 0)
		return jf_error_wrap(err, "--process %s", path);
	return 0;
}

static int parse_flags(int argc, char **argv, struct exec_flags *f,
		       struct jf_exec_opts *o, struct jf_error *err)
{
	static const struct option opts[] = {
		{"process", required_argument, NULL, 'p'},
		{"detach", no_argument, NULL, 'd'},
		{"tty", no_argument, NULL, 't'},
		{"pid-file", required_argument, NULL, 'P'},
		{"console-socket", required_argument, NULL, 'c'},
		{"cwd", required_argument, NULL, 'w'},
		{"env", required_argument, NULL, 'e'},
		{"user", required_argument, NULL, 'u'},
		{"cap", required_argument, NULL, 'C'},
		{"no-new-privs", no_argument, NULL, 'n'},
		{"preserve-fds", required_argument, NULL, 'f'},
		{"process-label", required_argument, NULL, 'L'},
		{"apparmor", required_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "+p:dte:u:", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': f->process_file = optarg; break;
		case 'd': o->detach = true; break;
		case 't': f->tty = true; break;
		case 'P': o->pid_file = optarg; break;
		case 'c': o->console_socket = optarg; break;
		case 'w': f->cwd = optarg; break;
		case 'u':
			jf_user_spec_free(&f->user);
			if (jf_user_spec_parse(optarg, &f->user, err) < 0)
				return -1;
			f->has_user = true;
			o->user = &f->user;
			break;
		case 'n': f->no_new_privs = true; break;
		case 'L': f->process_label = optarg; break;
		case 'A': f->apparmor = optarg; break;
		case 'e':
			if (strchr(optarg, '=') == NULL)
				return jf_error_set(err, 0, "--env: \"%s\" is not KEY=VALUE", optarg);
			if (push(&f->env, &f->n_env, optarg) < 0)
				return jf_error_errno(err, "--env");
			break;
		case 'C':
			if (push(&f->caps, &f->n_caps, optarg) < 0)
				return jf_error_errno(err, "--cap");
			break;
		case 'f': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 0 || n > 65536)
				return jf_error_set(err, 0, "--preserve-fds: \"%s\" is not a count", optarg);
			o->preserve_fds = (int)n;
			break;
		}
		default:
			return jf_error_set(err, 0, "exec: bad option (see jfrun --help)");
		}
	}
	return 0;
}

int jf_cmd_exec(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	struct exec_flags f = {0};
	struct jf_exec_opts o = {0};
	struct oci_config *config = NULL;
	struct oci_process *own = NULL;
	struct jf_container *c = NULL;
	const char *id;
	int rc = -1;

	if (parse_flags(argc, argv, &f, &o, err) < 0 ||
	    jf_take_id(argc, argv, "exec", &id, err) < 0 ||
	    jf_container_open(g->root, id, false, &c, err) < 0)
		goto out;
	if (c->state == NULL) {
		jf_error_set(err, 0, "container \"%s\" is creating: cannot exec", id);
		goto out;
	}
	if (jf_container_load_config(c, &config, err) < 0)
		goto out;
	if (f.process_file != NULL) {
		o.user = NULL; /* the flags are for the container's own process */
		if (load_process_file(f.process_file, &own, err) < 0)
			goto out;
	} else if (overlay(config->process, &f, argc, argv, err) < 0) {
		goto out;
	}
	rc = jf_container_exec(c, config, own ? own : config->process, &o, err);
out:
	jf_container_close(c);
	oci_config_free(config);
	oci_process_free(own);
	free_list(f.env, f.n_env);
	free_list(f.caps, f.n_caps);
	jf_user_spec_free(&f.user);
	return rc;
}
