/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `stop [-t SECONDS] ID`: the stop signal (TERM, or the image's
 * org.opencontainers.image.stopSignal annotation) to the init, SIGKILL to
 * every process of the container once SECONDS (default 10) have passed;
 * returns once the container is stopped, its end recorded as "stopped".
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "commands/commands.h"
#include "container.h"
#include "shim/exit_record.h"

#define STOP_SIGNAL_ANNOTATION "org.opencontainers.image.stopSignal"

static int stop_signal(const struct jf_container *c, int *ret,
		       struct jf_error *err)
{
	*ret = SIGTERM;
	for (size_t i = 0; c->state != NULL && i < c->state->n_annotations; i++)
		if (strcmp(c->state->annotations[i].key,
			   STOP_SIGNAL_ANNOTATION) == 0 &&
		    jf_parse_signal(c->state->annotations[i].value, ret, err) <
			0)
			return jf_error_wrap(err, "annotations.%s",
					     STOP_SIGNAL_ANNOTATION);
	return 0;
}

/* Signal it unless it stopped meanwhile (then there is nothing to do). */
static int signal_container(const struct jf_globals *g, const char *id,
			    bool kill_all, struct jf_error *err)
{
	struct jf_container *c;
	const char *status;
	int sig = SIGKILL, rc = 0;

	if (jf_container_open(g->root, id, true, &c, err) < 0)
		return -1;
	status = jf_container_status(c);
	if (strcmp(status, "stopped") != 0 &&
	    (kill_all || stop_signal(c, &sig, err) == 0)) {
		jf_exit_reason_note(c->dirfd, "stopped");
		rc = jf_container_kill(c, sig, kill_all, err);
		if (rc < 0 && err->errnum == ESRCH)
			rc = 0; /* it ended on its own meanwhile */
	} else if (strcmp(status, "stopped") != 0) {
		rc = -1;
	}
	jf_container_close(c);
	return rc;
}

int jf_cmd_stop(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	static const struct option opts[] = {
	    {"time", required_argument, NULL, 't'},
	    {"timeout", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	long timeout = 10;
	const char *id;
	char *end;
	int ch, r;

	while ((ch = getopt_long(argc, argv, "+t:", opts, NULL)) != -1) {
		if (ch != 't')
			return jf_error_set(err, 0, "stop: bad option");
		errno = 0;
		timeout = strtol(optarg, &end, 10);
		if (errno != 0 || *end != '\0' || end == optarg ||
		    timeout < 0 || timeout > 24 * 3600)
			return jf_error_set(
			    err, 0,
			    "stop: -t \"%s\": expected seconds (0-86400)",
			    optarg);
	}
	if (jf_take_id(argc, argv, "stop", &id, err) < 0 ||
	    signal_container(g, id, false, err) < 0)
		return -1;
	r = jf_container_wait_stopped(g->root, id, (int)timeout * 1000);
	if (r == 1) {
		if (signal_container(g, id, true, err) < 0)
			return -1;
		r = jf_container_wait_stopped(g->root, id, 10000);
		if (r == 1) {
			jf_error_set(err, 0,
				     "container \"%s\": still running 10 s "
				     "after SIGKILL",
				     id);
			err->errnum = ETIMEDOUT;
			return -1;
		}
	}
	return 0; /* stopped, or deleted meanwhile */
}
