/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>

#include "commands/commands.h"
#include "container.h"

int jf_cmd_start(int argc, char **argv, const struct jf_globals *g,
		 struct jf_error *err)
{
	struct jf_container *c;
	const char *id;
	int rc;

	if (getopt(argc, argv, "+") != -1)
		return jf_error_set(err, 0, "start: bad option");
	if (jf_take_id(argc, argv, "start", &id, err) < 0 ||
	    jf_container_open(g->root, id, true, &c, err) < 0)
		return -1;
	rc = jf_container_start(c, err);
	jf_container_close(c);
	return rc;
}
