/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `events [--stats] [--interval D] ID`: runc's event stream of the
 * container's stats and OOMs (container_events.c); --stats prints one stats
 * event and exits.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands/commands.h"
#include "container.h"

#define NS_PER_S 1000000000ull

/*
 * A Go duration as runc's --interval takes it: one or more <number><unit>
 * ("5s", "1.5s", "100ms", "1m30s"), units ns us µs ms s m h.
 */
static int parse_duration(const char *text, uint64_t *ret_ns,
			  struct jf_error *err)
{
	static const struct {
		const char *name;
		double ns;
	} units[] = {
	    {"ns", 1},	 {"us", 1e3}, {"\u00b5s", 1e3}, {"\u03bcs", 1e3},
	    {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},	{"h", 3600e9},
	};
	const char *p = text;
	double total = 0;

	while (*p != '\0') {
		size_t digits = strspn(p, "0123456789.");
		size_t i, len = 0;
		char *end;
		double v;

		if (digits == 0 || (digits == 1 && *p == '.'))
			goto bad;
		v = strtod(p, &end);
		if (end != p + digits)
			goto bad;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			len = strlen(units[i].name);
			if (strncmp(end, units[i].name, len) == 0 &&
			    (end[len] < 'a' || end[len] > 'z'))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0]))
			goto bad;
		total += v * units[i].ns;
		p = end + len;
	}
	if (total < 1 || total > 1e18)
		goto bad;
	*ret_ns = (uint64_t)total;
	return 0;
bad:
	return jf_error_set(err, 0,
			    "events: --interval: invalid duration \"%s\" "
			    "(expected e.g. 5s, 500ms, 1m; more than 0)",
			    text);
}

int jf_cmd_events(int argc, char **argv, const struct jf_globals *g,
		  struct jf_error *err)
{
	static const struct option opts[] = {
	    {"stats", no_argument, NULL, 's'},
	    {"interval", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	struct jf_events_opts o = {.interval_ns = 5 * NS_PER_S, .out = stdout};
	const char *id;
	int ch;

	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (ch == 's')
			o.stats_once = true;
		else if (ch != 'i')
			return jf_error_set(err, 0, "events: bad option");
		else if (parse_duration(optarg, &o.interval_ns, err) < 0)
			return -1;
	}
	if (jf_take_id(argc, argv, "events", &id, err) < 0)
		return -1;
	if (optind < argc)
		return jf_error_set(
		    err, 0, "events: unexpected argument \"%s\"", argv[optind]);
	return jf_container_events(g->root, id, &o, err);
}
