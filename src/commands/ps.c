/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `ps [--format table|json] ID [ps options]`: the processes in the
 * container's cgroup.  json: an array of host pids.  table: as runc, the
 * output of the host's `ps` (default `ps -ef`) reduced to the header and the
 * lines whose PID column is one of the container's pids.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "io.h"
#include "json_write.h"

#define PS_OUTPUT_MAX (64u * 1024 * 1024)

extern char **environ;

static int container_pids(const struct jf_globals *g, const char *id,
			  pid_t **ret, size_t *ret_n, struct jf_error *err)
{
	struct jf_container *c;
	struct jf_cgroup *cg = NULL;
	int r = 0;

	if (jf_container_open(g->root, id, false, &c, err) < 0)
		return -1;
	if (c->state != NULL && c->state->cgroup_path != NULL)
		r = jf_cgroup_open(c->state->cgroup_path,
				   c->state->systemd_cgroup, &cg, err);
	if (r == 0 && cg != NULL)
		r = jf_cgroup_pids(cg, ret, ret_n, err);
	jf_cgroup_free(cg);
	jf_container_close(c);
	return r;
}

static int read_all(int fd, char **ret, struct jf_error *err)
{
	cleanup_free char *buf = NULL;
	size_t len;

	if (jf_read_all(fd, 65536, PS_OUTPUT_MAX, &buf, &len) < 0)
		return jf_error_errno(err, "reading the output of ps");
	if (len > PS_OUTPUT_MAX)
		return jf_error_set(err, 0, "ps: output too large");
	*ret = steal_ptr(buf);
	return 0;
}

/* `ps ARGS...` with stdout and stderr captured together. */
static int run_ps(char **args, size_t n_args, char **ret, struct jf_error *err)
{
	cleanup_free char **argv = calloc(n_args + 2, sizeof(*argv));
	posix_spawn_file_actions_t fa;
	int pipefd[2], status, r;
	pid_t pid;

	if (argv == NULL)
		return jf_error_errno(err, "ps");
	argv[0] = "ps";
	memcpy(argv + 1, args, n_args * sizeof(*argv));
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return jf_error_errno(err, "ps: pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	r = posix_spawnp(&pid, "ps", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r != 0) {
		close(pipefd[0]);
		return jf_error_set(err, r, "running ps");
	}
	r = read_all(pipefd[0], ret, err);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return jf_error_errno(err, "waiting for ps");
	if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		(*ret)[strcspn(*ret, "\n")] = '\0';
		r = jf_error_set(err, 0, "running ps: %s", *ret);
		free(*ret);
	}
	return r;
}

/* The index of the PID column in ps's header line, or -1. */
static int pid_column(const char *header)
{
	cleanup_free char *copy = strdup(header);
	char *save = NULL;
	int i = 0;

	for (char *w = copy ? strtok_r(copy, " \t", &save) : NULL; w != NULL;
	     w = strtok_r(NULL, " \t", &save), i++)
		if (strcmp(w, "PID") == 0)
			return i;
	return -1;
}

static bool line_has_pid(const char *line, int column, const pid_t *pids,
			 size_t n)
{
	const char *p = line;
	char *end;
	long pid;

	for (int i = 0; i <= column; i++) {
		p += strspn(p, " \t");
		if (*p == '\0')
			return false;
		if (i < column)
			p += strcspn(p, " \t");
	}
	pid = strtol(p, &end, 10);
	if (end == p || (*end != '\0' && *end != ' ' && *end != '\t'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

static int print_table(char **args, size_t n_args, const pid_t *pids, size_t n,
		       struct jf_error *err)
{
	static char *dflt[] = {"-ef"};
	cleanup_free char *out = NULL;
	char *save = NULL, *line;
	int column;

	if (run_ps(n_args ? args : dflt, n_args ? n_args : 1, &out, err) < 0)
		return -1;
	line = strtok_r(out, "\n", &save);
	column = line ? pid_column(line) : -1;
	if (column < 0)
		return jf_error_set(err, 0,
				    "ps: no PID column in the output of ps");
	puts(line);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL)
		if (line_has_pid(line, column, pids, n))
			puts(line);
	return 0;
}

static int print_json(const pid_t *pids, size_t n, struct jf_error *err)
{
	cleanup_free char *out = NULL;
	struct json_writer w;
	size_t len;

	jw_init(&w, NULL);
	jw_array_open(&w);
	for (size_t i = 0; i < n; i++)
		jw_int(&w, pids[i]);
	jw_array_close(&w);
	if (jw_finish(&w, &out, &len, err) < 0)
		return jf_error_wrap(err, "ps");
	fwrite(out, 1, len, stdout);
	return 0;
}

int jf_cmd_ps(int argc, char **argv, const struct jf_globals *g,
	      struct jf_error *err)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	cleanup_free pid_t *pids = NULL;
	const char *id;
	bool json = false;
	size_t n = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "+f:", opts, NULL)) != -1) {
		if (ch == 'f' && (strcmp(optarg, "json") == 0 ||
				  strcmp(optarg, "table") == 0))
			json = strcmp(optarg, "json") == 0;
		else if (ch == 'f')
			return jf_error_set(err, 0,
					    "ps: --format: expected table or "
					    "json, got \"%s\"",
					    optarg);
		else
			return jf_error_set(err, 0, "ps: bad option");
	}
	if (jf_take_id(argc, argv, "ps", &id, err) < 0 ||
	    container_pids(g, id, &pids, &n, err) < 0)
		return -1;
	if (json)
		return print_json(pids, n, err);
	/* What follows the id is for ps; "--" may separate it. */
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	return print_table(argv + optind, (size_t)(argc - optind), pids, n,
			   err);
}
