/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"

int jf_cmd_state(int argc, char **argv, const struct jf_globals *g,
		 struct jf_error *err)
{
	cleanup_free char *json = NULL;
	struct jf_container *c;
	const char *id;
	size_t len;
	int rc = 0;

	if (getopt(argc, argv, "+") != -1)
		return jf_error_set(err, 0, "state: bad option");
	if (jf_take_id(argc, argv, "state", &id, err) < 0 ||
	    jf_container_open_any(g->root, id, false, &c, err) < 0)
		return -1;
	if (c->state_error != NULL) {
		jf_error_set(err, 0, "%s (jfrun delete --force %s removes it)",
			     c->state_error, id);
		err->errnum = EIO;
		rc = -1;
	} else if (jf_container_state_json(c, jf_container_status(c), &json,
					   &len, err) < 0) {
		/* Without a state.json (an interrupted delete): the id and
		 * the status alone, honestly. */
		rc = -1;
	} else {
		fwrite(json, 1, len, stdout);
	}
	jf_container_close(c);
	return rc;
}
