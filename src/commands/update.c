/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `update [--resources FILE|-] [flags] ID`: new cgroup limits for a live
 * container (container_update.c).  The flags are runc's, with runc's value
 * forms (update_flags.h); as in runc, --resources replaces the flags.
 */
#include <getopt.h>

#include "commands/commands.h"
#include "container.h"
#include "update_flags.h"

#define OPT_BASE 256 /* getopt values of the flags: OPT_BASE + the flag */

static int parse_args(int argc, char **argv, const char **ret_file,
		      struct jf_update_flags *f, struct jf_error *err)
{
	struct option opts[JF_UPDATE_N_FLAGS + 3];
	size_t n = 0;
	int ch;

	opts[n++] = (struct option){"resources", required_argument, NULL, 'r'};
	for (int i = 0; i < JF_UPDATE_N_FLAGS; i++)
		opts[n++] =
		    (struct option){jf_update_flag_name(i), required_argument,
				    NULL, OPT_BASE + i};
	/* runc spells it --cpu-share. */
	opts[n++] = (struct option){"cpu-share", required_argument, NULL,
				    OPT_BASE + JF_UPDATE_CPU_SHARES};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	while ((ch = getopt_long(argc, argv, "+r:", opts, NULL)) != -1) {
		if (ch == 'r')
			*ret_file = optarg;
		else if (ch < OPT_BASE || ch >= OPT_BASE + JF_UPDATE_N_FLAGS)
			return jf_error_set(err, 0, "update: bad option");
		else if (jf_update_flag_parse(f, ch - OPT_BASE, optarg, err) <
			 0)
			return -1;
	}
	return 0;
}

int jf_cmd_update(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	struct jf_update_flags flags = {0};
	const char *file = NULL, *id;

	if (parse_args(argc, argv, &file, &flags, err) < 0 ||
	    jf_take_id(argc, argv, "update", &id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(
		    err, 0, "update: unexpected argument \"%s\"", argv[optind]);
	return jf_container_update(g->root, id, file, &flags, err);
}
