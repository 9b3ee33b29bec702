/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jfrun: global options, then one command. */
#include <getopt.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_version.h>

#include "commands/commands.h"
#include "fault.h"
#include "log.h"
#include "state.h"
#include "state_dir.h"

#define JF_VERSION "0.1.0"
/* From the Makefile: `git describe` at build time, and the versions of
 * the libraries without a version in their headers (pkg-config). */
#ifndef JF_COMMIT
#define JF_COMMIT "unknown"
#endif
#ifndef JF_LIBCAP_VERSION
#define JF_LIBCAP_VERSION "unknown"
#endif
#ifndef JF_LIBCGROUP_VERSION
#define JF_LIBCGROUP_VERSION "unknown"
#endif

/* As runc's: the build, the spec, the libraries it was built with, and
 * where a library says it, the one running (a static build: the same). */
static void version(void)
{
	const struct scmp_version *sv = seccomp_version();
	int yv = yajl_version();

	printf("jfrun version %s\ncommit: %s\nspec: %s\n", JF_VERSION,
	       JF_COMMIT, OCI_VERSION);
	printf("libseccomp: %d.%d.%d (running %u.%u.%u)\n", SCMP_VER_MAJOR,
	       SCMP_VER_MINOR, SCMP_VER_MICRO, sv ? sv->major : 0,
	       sv ? sv->minor : 0, sv ? sv->micro : 0);
	printf("libcap: %s\n", JF_LIBCAP_VERSION);
	printf("libyajl: %d.%d.%d (running %d.%d.%d)\n", YAJL_MAJOR, YAJL_MINOR,
	       YAJL_MICRO, yv / 10000, yv / 100 % 100, yv % 100);
	printf("libcgroup: %s\n", JF_LIBCGROUP_VERSION);
}

static const struct {
	const char *name;
	jf_command_fn fn;
	const char *help;
} commands[] = {
	{"create", jf_cmd_create, "create a container from a bundle"},
	{"start", jf_cmd_start, "run the user process of a created container"},
	{"state", jf_cmd_state, "print the state of a container as JSON"},
	{"kill", jf_cmd_kill, "send a signal to a container"},
	{"delete", jf_cmd_delete, "delete a container and its resources"},
	{"run", jf_cmd_run, "create and start a container"},
	{"exec", jf_cmd_exec, "run a new process in a running container"},
	{"list", jf_cmd_list, "list containers"},
	{"spec", jf_cmd_spec, "write a default config.json"},
	{"features", jf_cmd_features, "print the runtime's features as JSON"},
	{"pause", jf_cmd_pause, "suspend every process of a container"},
	{"resume", jf_cmd_resume, "resume a paused container"},
	{"update", jf_cmd_update, "change the cgroup limits of a container"},
	{"ps", jf_cmd_ps, "list the processes of a container"},
	{"events", jf_cmd_events, "print stats (and OOM) events of a container"},
	{"logs", jf_cmd_logs, "print the log of a container run with run -d"},
	{"stop", jf_cmd_stop, "stop a container: TERM, then KILL after a timeout"},
	{"wait", jf_cmd_wait, "wait until a container stops; exit with its code"},
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: jfrun [global options] COMMAND [options] [ID]\n\n"
		"global options:\n"
		"  --root DIR           state directory (default " JF_DEFAULT_ROOT ")\n"
		"  --log FILE           also log to FILE\n"
		"  --log-format FMT     text or json\n"
		"  --debug              debug messages\n"
		"  --systemd-cgroup     cgroupsPath is slice:prefix:name\n"
		"  --version, -v        print the version\n"
		"  --help, -h           this help\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\njfrun COMMAND --help: its options; man jfrun: all.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"log", required_argument, NULL, 'l'},
		{"log-format", required_argument, NULL, 'f'},
		{"debug", no_argument, NULL, 'd'},
		{"systemd-cgroup", no_argument, NULL, 's'},
		{"version", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"criu", required_argument, NULL, 'c'},
		{"rootless", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	struct jf_globals g = {.root = JF_DEFAULT_ROOT};
	enum jf_log_format format = JF_LOG_TEXT;
	const char *log_path = NULL;
	struct jf_error err = {0};
	int c, rc;

	jf_fault_point("main");
	/* '+': stop at the command name, its options are its own. */
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': g.root = optarg; break;
		case 'l': log_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				format = JF_LOG_JSON;
			else if (strcmp(optarg, "text") != 0) {
				fprintf(stderr, "jfrun: --log-format: expected text or json, got \"%s\"\n",
					optarg);
				return 2;
			}
			break;
		case 'd': g.debug = true; break;
		case 's': g.systemd_cgroup = true; break;
		case 'c': case 'R': break; /* accepted for runc compatibility */
		case 'v': version(); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	jf_log_init(log_path, format, g.debug);
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) != 0)
			continue;
		argc -= optind;
		argv += optind;
		if (jf_cmd_wants_help(commands[i].name, argc, argv))
			return jf_cmd_print_usage(commands[i].name) < 0 ? 2 : 0;
		optind = 0; /* reset getopt for the command's options */
		rc = commands[i].fn(argc, argv, &g, &err);
		if (rc < 0) {
			jf_log_error(&err);
			return 1;
		}
		return rc;
	}
	fprintf(stderr, "jfrun: unknown command \"%s\" (see jfrun --help)\n", argv[optind]);
	return 2;
}
