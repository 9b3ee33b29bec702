/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `run`: create + start.  In the foreground jfrun stays the init's parent
 * and exits with its status (container_run.c); `-d` hands it to a shim and
 * returns once it runs (container_shim.c).
 */
#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"

int jf_cmd_run(int argc, char **argv, const struct jf_globals *g,
	       struct jf_error *err)
{
	struct jf_create_opts o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup,
				   .console_sock_fd = -1};
	cleanup_free char *bundle = NULL;
	bool detach = false;

	if (jf_parse_create_options(argc, argv, &o, &detach, err) < 0 ||
	    jf_take_id(argc, argv, "run", &o.id, err) < 0 ||
	    jf_bundle_path(o.bundle, &bundle, err) < 0)
		return -1;
	o.bundle = bundle;
	if (detach)
		return jf_container_run_detached(&o, err);
	return jf_container_run(&o, err);
}
