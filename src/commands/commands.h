/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One file per command: each parses its options and calls the library. */
#ifndef JF_COMMANDS_H
#define JF_COMMANDS_H

#include <stdbool.h>

#include "error.h"

struct jf_globals {
	const char *root;
	bool systemd_cgroup;
	bool debug;
};

/* Each returns the process exit code; errors are reported by the caller
 * through err when the return value is < 0. */
typedef int (*jf_command_fn)(int argc, char **argv, const struct jf_globals *g,
			     struct jf_error *err);

int jf_cmd_create(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_start(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_state(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_kill(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_delete(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_exec(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_run(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_list(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_spec(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_features(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_pause(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_resume(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_update(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_ps(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_logs(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_stop(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_wait(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);
int jf_cmd_events(int argc, char **argv, const struct jf_globals *g, struct jf_error *err);

/* help.c: whether the command's own options ask for --help/-h, and its
 * usage on stdout (-1 for an unknown command). */
bool jf_cmd_wants_help(const char *cmd, int argc, char **argv);
int jf_cmd_print_usage(const char *cmd);

/* Shared option helpers. */
int jf_parse_signal(const char *text, int *ret, struct jf_error *err);
/* The single positional ID argument after options. */
int jf_take_id(int argc, char **argv, const char *cmd, const char **ret,
	       struct jf_error *err);
/* Absolute path of the bundle (default: cwd). */
int jf_bundle_path(const char *opt, char **ret, struct jf_error *err);
/* create.c: the options create and run share (detach: run's -d; NULL for
 * create, which refuses it). */
struct jf_create_opts;
int jf_parse_create_options(int argc, char **argv, struct jf_create_opts *o,
			    bool *detach, struct jf_error *err);

#endif
