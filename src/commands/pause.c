/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `pause ID` and `resume ID` (container_pause.c). */
#include <unistd.h>

#include "commands/commands.h"
#include "container.h"

static int parse(int argc, char **argv, const char *cmd, const char **ret_id,
		 struct jf_error *err)
{
	if (getopt(argc, argv, "+") != -1)
		return jf_error_set(err, 0, "%s: bad option", cmd);
	if (jf_take_id(argc, argv, cmd, ret_id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(err, 0, "%s: unexpected argument \"%s\"",
				    cmd, argv[optind]);
	return 0;
}

int jf_cmd_pause(int argc, char **argv, const struct jf_globals *g,
		 struct jf_error *err)
{
	const char *id;

	if (parse(argc, argv, "pause", &id, err) < 0)
		return -1;
	return jf_container_pause(g->root, id, err);
}

int jf_cmd_resume(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	const char *id;

	if (parse(argc, argv, "resume", &id, err) < 0)
		return -1;
	return jf_container_resume(g->root, id, err);
}
