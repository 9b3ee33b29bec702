/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `kill [--all] ID [SIGNAL]` (container_kill.c). */
#include <getopt.h>
#include <signal.h>

#include "commands/commands.h"
#include "container.h"

int jf_cmd_kill(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const char *id;
	bool all = false;
	int sig = SIGTERM, ch;

	while ((ch = getopt_long(argc, argv, "+a", opts, NULL)) != -1) {
		if (ch != 'a')
			return jf_error_set(err, 0, "kill: bad option");
		all = true;
	}
	if (jf_take_id(argc, argv, "kill", &id, err) < 0)
		return -1;
	if (optind < argc && jf_parse_signal(argv[optind], &sig, err) < 0)
		return -1;
	return jf_container_kill_by_id(g->root, id, sig, all, err);
}
