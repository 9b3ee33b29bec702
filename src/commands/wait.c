/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `wait ID`: until the container stops; exits with its exit code (128+n
 * for signal n), as recorded by its shim. */
#include <errno.h>
#include <getopt.h>

#include "commands/commands.h"
#include "container.h"

int jf_cmd_wait(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	struct jf_container *c;
	const char *id;
	int rc;

	if (getopt(argc, argv, "+") != -1)
		return jf_error_set(err, 0, "wait: bad option");
	if (jf_take_id(argc, argv, "wait", &id, err) < 0 ||
	    jf_container_open_any(g->root, id, false, &c, err) < 0)
		return -1;
	jf_container_close(c);
	if (jf_container_wait_stopped(g->root, id, -1) < 0)
		return jf_error_set(
		    err, ENOENT, "container \"%s\" was deleted while waiting",
		    id);
	if (jf_container_open_any(g->root, id, false, &c, err) < 0)
		return -1;
	if (c->state != NULL && c->state->has_exit)
		rc = c->state->exit_code;
	else
		rc = jf_error_set(
		    err, 0,
		    "container \"%s\" is stopped; its exit code is unknown "
		    "(no shim supervised it: only `run -d` has one)",
		    id);
	jf_container_close(c);
	return rc;
}
