/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `delete [--force] ID` (container_delete.c). */
#include <getopt.h>

#include "commands/commands.h"
#include "container.h"

int jf_cmd_delete(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const char *id;
	bool force = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		if (ch != 'f')
			return jf_error_set(err, 0, "delete: bad option");
		force = true;
	}
	if (jf_take_id(argc, argv, "delete", &id, err) < 0)
		return -1;
	return jf_container_delete_by_id(g->root, id, force, err);
}
