/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>

#include "commands/commands.h"
#include "container.h"
#include "shim/exit_record.h"

int jf_cmd_delete(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct jf_container *c;
	const char *id;
	bool force = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		if (ch != 'f')
			return jf_error_set(err, 0, "delete: bad option");
		force = true;
	}
	if (jf_take_id(argc, argv, "delete", &id, err) < 0)
		return -1;
	/* A private directory left by a create killed before publishing
	 * has no id yet: --force removes every such leftover. */
	if (force)
		jf_container_sweep(g->root);
	if (jf_container_open_any(g->root, id, true, &c, err) < 0) {
		/* runc: deleting what is not there with --force is no error. */
		return force && err->errnum == ENOENT ? 0 : -1;
	}
	if (force && c->state != NULL)
		jf_exit_reason_note(c->dirfd, "stopped"); /* for its shim */
	rc = jf_container_delete(c, force, err);
	jf_container_close(c);
	return rc;
}
