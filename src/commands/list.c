/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "container.h"
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

/* A container without a readable state: its id and status, through the
 * JSON writer like every other (an id from an older jfrun may need escapes). */
static void print_bare_json(const struct jf_container *c, const char *status,
			    bool comma)
{
	struct oci_state bare = {
	    .id = c->id, .status = (char *)status, .bundle = ""};
	cleanup_free char *json = NULL;
	struct jf_error ignored;
	size_t len;

	if (oci_state_to_json(&bare, false, &json, &len, &ignored) == 0)
		printf("%s%s", comma ? "," : "", json);
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
	char **ids = NULL;
	size_t n = 0, shown = 0;
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
	if (json)
		printf("[");
	else if (!quiet)
		printf("%-20s %-8s %-10s %-40s %-31s %s\n", "ID", "PID",
		       "STATUS", "BUNDLE", "CREATED", "EXIT");
	for (size_t i = 0; i < n; i++) {
		struct jf_container *c;
		struct jf_error ignored;
		cleanup_free char *state = NULL;
		size_t len;

		/* A container half-made by a killed create is listed too, and
		 * one whose state.json is unreadable, as "unknown". */
		if (jf_container_open_any(g->root, ids[i], false, &c,
					  &ignored) == 0) {
			const char *status = jf_container_status(c);
			if (quiet)
				printf("%s\n", c->id);
			else if (!json)
				print_row(c, status);
			else if (c->state != NULL &&
				 jf_container_state_json(c, status, &state,
							 &len, &ignored) == 0)
				printf("%s%s", shown++ ? "," : "", state);
			else
				print_bare_json(c, status, shown++ > 0);
			jf_container_close(c);
		}
		free(ids[i]);
	}
	free(ids);
	if (json)
		printf("]\n");
	return 0;
}
