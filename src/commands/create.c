/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "log.h"

int jf_parse_create_options(int argc, char **argv, struct jf_create_opts *o,
			    bool *detach, struct jf_error *err)
{
	static const struct option opts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"pid-file", required_argument, NULL, 'p'},
		{"console-socket", required_argument, NULL, 'c'},
		{"no-pivot", no_argument, NULL, 'P'},
		{"no-new-keyring", no_argument, NULL, 'K'},
		{"preserve-fds", required_argument, NULL, 'f'},
		{"detach", no_argument, NULL, 'd'},
		{"no-subreaper", no_argument, NULL, 'S'},
		{"keep", no_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "+b:d", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o->bundle = optarg; break;
		case 'p': o->pid_file = optarg; break;
		case 'c': o->console_socket = optarg; break;
		case 'P': o->no_pivot = true; break;
		case 'K': o->no_new_keyring = true; break;
		case 'f': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 0 || n > 65536)
				return jf_error_set(err, 0,
						    "--preserve-fds: \"%s\" is not a count", optarg);
			o->preserve_fds = (int)n;
			break;
		}
		case 'd':
			if (detach == NULL)
				return jf_error_set(err, 0, "unknown option --detach");
			*detach = true;
			break;
		case 'S': case 'k': break;
		default:
			return jf_error_set(err, 0, "%s: bad option (see jfrun --help)",
					    argv[0]);
		}
	}
	return 0;
}

int jf_cmd_create(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	struct jf_create_opts o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup,
				   .console_sock_fd = -1};
	cleanup_free char *bundle = NULL;
	struct jf_created cr;

	if (jf_parse_create_options(argc, argv, &o, NULL, err) < 0 ||
	    jf_take_id(argc, argv, "create", &o.id, err) < 0 ||
	    jf_bundle_path(o.bundle, &bundle, err) < 0)
		return -1;
	o.bundle = bundle;
	if (jf_container_create(&o, &cr, err) < 0)
		return -1;
	/* Its features are extras: without it the container still runs. */
	if (jf_container_sidecar(&cr, err) < 0)
		jf_log_warning("%s", err->msg);
	close(cr.sync_fd);
	jf_container_close(cr.container);
	oci_config_free(cr.config);
	return 0;
}
