/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <signal.h>

#include "commands/commands.h"
#include "container.h"
#include "shim/exit_record.h"

int jf_cmd_kill(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	struct jf_container *c;
	const char *id;
	bool all = false;
	int sig = SIGTERM, ch, rc;

	while ((ch = getopt_long(argc, argv, "+a", opts, NULL)) != -1) {
		if (ch != 'a')
			return jf_error_set(err, 0, "kill: bad option");
		all = true;
	}
	if (jf_take_id(argc, argv, "kill", &id, err) < 0)
		return -1;
	if (optind < argc && jf_parse_signal(argv[optind], &sig, err) < 0)
		return -1;
	if (jf_container_open(g->root, id, true, &c, err) < 0)
		return -1;
	/* The shim gives the container's end this reason. */
	if (jf_exit_signal_ends(sig))
		jf_exit_reason_note(c->dirfd, "stopped");
	rc = jf_container_kill(c, sig, all, err);
	jf_container_close(c);
	return rc;
}
