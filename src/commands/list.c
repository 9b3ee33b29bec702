/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
#include "json_write.h"
#include "shim/supervision.h"

/* How it ended (its shim's record), or that it runs without its shim. */
static void exit_text(const struct jf_container *c, const char *status,
		      char *buf, size_t size)
{
	const struct oci_state *s = c->state;

	buf[0] = '\0';
	if (s != NULL && s->has_exit && strcmp(status, "stopped") == 0)
		snprintf(buf, size, "%s (%d)",
			 s->exit_reason ? s->exit_reason : "?", s->exit_code);
	else if (s != NULL && jf_shim_lost(c))
		snprintf(buf, size, "unsupervised");
}

static void print_row(const struct jf_container *c, const char *status)
{
	const struct oci_state *s = c->state;
	char exit[64];

	exit_text(c, status, exit, sizeof(exit));
	printf("%-20s %-8d %-10s %-40s %-31s %s\n", c->id, s ? s->pid : 0,
	       status, s && s->bundle ? s->bundle : "",
	       s && s->created ? s->created : "", exit);
}

int jf_cmd_list(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"quiet", no_argument, NULL, 'q'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false, quiet = false;
	cleanup_free char *out = NULL;
	struct json_writer w;
	char **ids = NULL;
	size_t n = 0, len;
	int ch;

	while ((ch = getopt_long(argc, argv, "+f:q", opts, NULL)) != -1) {
		if (ch == 'q')
			quiet = true;
		else if (ch == 'f' && (strcmp(optarg, "json") == 0 ||
				       strcmp(optarg, "table") == 0))
			json = strcmp(optarg, "json") == 0;
		else
			return jf_error_set(
			    err, 0,
			    "list: --format must be table or json");
	}
	if (jf_container_list_ids(g->root, &ids, &n, err) < 0)
		return -1;
	if (json) {
		jw_init(&w, "  ");
		jw_array_open(&w);
	} else if (!quiet)
		printf("%-20s %-8s %-10s %-40s %-31s %s\n", "ID", "PID",
		       "STATUS", "BUNDLE", "CREATED", "EXIT");
	for (size_t i = 0; i < n; i++) {
		struct jf_container *c;
		struct jf_error ignored;

		/* A container half-made by a killed create is listed too, and
		 * one whose state.json is unreadable, as "unknown". */
		if (jf_container_open_any(g->root, ids[i], false, &c,
					  &ignored) == 0) {
			const char *status = jf_container_status(c);
			if (quiet)
				printf("%s\n", c->id);
			else if (!json)
				print_row(c, status);
			else
				jf_container_state_write(c, status, &w);
			jf_container_close(c);
		}
		free(ids[i]);
	}
	free(ids);
	if (json) {
		jw_array_close(&w);
		if (jw_finish(&w, &out, &len, err) < 0)
			return jf_error_wrap(err, "list");
		fwrite(out, 1, len, stdout);
	}
	return 0;
}
