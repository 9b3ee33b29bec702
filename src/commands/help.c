/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `jfrun COMMAND --help` (or -h): each command's usage, on stdout.  main()
 * asks before it runs the command, so no command parses --help itself.
 * Only the command's own options are looked at (up to its first operand),
 * so `jfrun exec ID sh -h` still passes -h to sh.
 */
#include <stdio.h>
#include <string.h>

#include "commands/commands.h"

struct help {
	const char *name;
	const char *usage;
	/* Options taking a value as the next argument ("," around each), so
	 * the scan does not take a value for the command's operand. */
	const char *value_opts;
};

#define CREATE_OPTIONS                                                         \
	"  -b, --bundle DIR         the bundle (default: the current "         \
	"directory)\n"                                                         \
	"  --pid-file FILE          write the init's pid to FILE\n"            \
	"  --console-socket SOCK    send the pty master of process.terminal "  \
	"to SOCK\n"                                                            \
	"  --preserve-fds N         pass N more fds (from 3) to the "          \
	"container\n"                                                          \
	"  --no-pivot               chroot-like move, no pivot_root\n"         \
	"  --no-new-keyring         keep the caller's session keyring\n"

#define CREATE_VALUES ",bundle,b,pid-file,console-socket,preserve-fds,"

static const struct help helps[] = {
    {"create",
     "usage: jfrun create [options] ID\n\n"
     "Create a container from a bundle; its process waits for "
     "`jfrun start`.\n\noptions:\n" CREATE_OPTIONS,
     CREATE_VALUES},
    {"start",
     "usage: jfrun start ID\n\nRun the user process of a created "
     "container.\n",
     ","},
    {"state",
     "usage: jfrun state ID\n\nPrint the OCI state of a container as JSON "
     "(and \"created\", \"exit\").\n",
     ","},
    {"kill",
     "usage: jfrun kill [options] ID [SIGNAL]\n\nSend a signal (name or "
     "number, default TERM) to the container's init.\n\noptions:\n"
     "  -a, --all                every process of the container\n",
     ","},
    {"delete",
     "usage: jfrun delete [options] ID\n\nDelete a stopped container and "
     "everything it had.\n\noptions:\n"
     "  -f, --force              kill a running container first\n",
     ","},
    {"run",
     "usage: jfrun run [options] ID\n\nCreate and start a container; in the "
     "foreground exit with its code (128+n for signal n).\n\noptions:\n"
     "  -d, --detach             hand the container to a detached shim\n"
     "  --keep                   do not delete the container when it "
     "stops\n" CREATE_OPTIONS,
     CREATE_VALUES},
    {"exec",
     "usage: jfrun exec [options] ID [COMMAND [ARG...]]\n\nRun a new "
     "process in a running container.\n\noptions:\n"
     "  -p, --process FILE       the process as runtime-spec JSON\n"
     "  -d, --detach             do not wait for it\n"
     "  -t, --tty                give it a terminal\n"
     "  --pid-file FILE          write its pid to FILE\n"
     "  --console-socket SOCK    send the pty master to SOCK\n"
     "  --cwd DIR                working directory\n"
     "  -e, --env K=V            an environment variable (repeatable)\n"
     "  -u, --user USER[:GROUP]  ids (0 to 2147483647) or names from the\n"
     "                           container's /etc/passwd and /etc/group\n"
     "  --cap CAP                an added capability (repeatable)\n"
     "  --no-new-privs           set no_new_privs\n"
     "  --preserve-fds N         pass N more fds (from 3)\n"
     "  --apparmor PROFILE       the AppArmor profile of the process\n"
     "  --process-label LABEL    its SELinux label (both refused where the\n"
     "                           host has no such LSM)\n",
     ",process,p,pid-file,console-socket,cwd,env,e,user,u,cap,preserve-fds,"
     "process-label,apparmor,"},
    {"list",
     "usage: jfrun list [options]\n\nList the containers of the state "
     "root.\n\noptions:\n"
     "  -f, --format FMT         table (default) or json\n"
     "  -q, --quiet              ids only\n",
     ",format,f,"},
    {"spec",
     "usage: jfrun spec [options]\n\nWrite a default config.json (never "
     "over an existing one).\n\noptions:\n"
     "  -b, --bundle DIR         where to write it\n"
     "  --rootless               a config for an unprivileged user\n",
     ",bundle,b,"},
    {"features",
     "usage: jfrun features\n\nPrint the runtime's features as JSON "
     "(runtime-spec features.md).\n",
     ","},
    {"pause", "usage: jfrun pause ID\n\nFreeze every process of a container.\n",
     ","},
    {"resume", "usage: jfrun resume ID\n\nThaw a paused container.\n", ","},
    {"update",
     "usage: jfrun update [options] ID\n\nChange the cgroup limits of a "
     "live container, all or nothing.\n\noptions:\n"
     "  -r, --resources FILE     linux.resources JSON (- for stdin); "
     "replaces the flags\n"
     "  --memory SIZE            memory limit (64m, 1g, -1 unlimited)\n"
     "  --memory-reservation SIZE, --memory-swap SIZE\n"
     "  --cpu-shares N, --cpu-quota N, --cpu-period N, --cpu-burst N\n"
     "  --cpu-idle N, --cpu-rt-runtime N, --cpu-rt-period N\n"
     "  --cpuset-cpus LIST, --cpuset-mems LIST\n"
     "  --pids-limit N, --blkio-weight N\n"
     "  --kernel-memory, --kernel-memory-tcp   ignored (as runc)\n"
     "A value of 0 leaves a limit unchanged.\n",
     ",resources,r,memory,memory-reservation,memory-swap,kernel-memory,"
     "kernel-memory-tcp,cpu-shares,cpu-share,cpu-quota,cpu-period,cpu-burst,"
     "cpu-idle,cpu-rt-runtime,cpu-rt-period,cpuset-cpus,cpuset-mems,"
     "pids-limit,blkio-weight,l3-cache-schema,mem-bw-schema,"},
    {"ps",
     "usage: jfrun ps [options] ID [PS-OPTIONS...]\n\nList the processes of "
     "a container (ps -ef lines, or host pids as JSON).\n\noptions:\n"
     "  -f, --format FMT         table (default) or json\n",
     ",format,f,"},
    {"events",
     "usage: jfrun events [options] ID\n\nPrint stats and OOM events of a "
     "container as JSON lines until it stops.\n\noptions:\n"
     "  --stats                  one stats event, then exit\n"
     "  --interval DURATION      stats every DURATION (default 5s)\n",
     ",interval,"},
    {"logs",
     "usage: jfrun logs [options] ID\n\nPrint the log of a container run "
     "with run -d (its shim's container.log, rotated files included), also "
     "after it stopped.\n\noptions:\n"
     "  -f, --follow             follow until the container stops\n"
     "  -n, --tail N             only the last N lines\n"
     "  --since TIME             only lines since TIME (RFC 3339, or a "
     "duration such as 10m)\n"
     "  -t, --timestamps         print each line's CRI prefix (time, stream, "
     "P/F)\n",
     ",tail,n,since,"},
    {"stop",
     "usage: jfrun stop [options] ID\n\nStop a container: TERM, KILL after "
     "the timeout; return once it has stopped.\n\noptions:\n"
     "  -t, --time SECONDS       seconds before KILL (default 10)\n",
     ",time,timeout,t,"},
    {"wait",
     "usage: jfrun wait ID\n\nBlock until the container stops; exit with "
     "its code (128+n for signal n).\n",
     ","},
};

static const struct help *find(const char *cmd)
{
	for (size_t i = 0; i < sizeof(helps) / sizeof(*helps); i++)
		if (strcmp(helps[i].name, cmd) == 0)
			return &helps[i];
	return NULL;
}

static bool takes_value(const struct help *h, const char *opt, size_t len)
{
	char key[64];

	if (len + 3 > sizeof(key))
		return false;
	snprintf(key, sizeof(key), ",%.*s,", (int)len, opt);
	return strstr(h->value_opts, key) != NULL;
}

/* Whether a short-option cluster ("-dt", "-bDIR") ends by taking the
 * next argument as its value. */
static bool cluster_takes_next(const struct help *h, const char *arg,
			       bool *help)
{
	for (const char *c = arg + 1; *c != '\0'; c++) {
		if (*c == 'h') {
			*help = true;
			return false;
		}
		if (takes_value(h, c, 1))
			return c[1] == '\0';
	}
	return false;
}

bool jf_cmd_wants_help(const char *cmd, int argc, char **argv)
{
	const struct help *h = find(cmd);
	bool help = false;

	for (int i = 1; h != NULL && i < argc && !help; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
			break; /* the first operand, or the end of options */
		if (strcmp(a, "--help") == 0)
			return true;
		if (a[1] == '-') {
			if (strchr(a, '=') == NULL &&
			    takes_value(h, a + 2, strlen(a + 2)))
				i++;
		} else if (cluster_takes_next(h, a, &help)) {
			i++;
		}
	}
	return help;
}

int jf_cmd_print_usage(const char *cmd)
{
	const struct help *h = find(cmd);

	if (h == NULL)
		return -1;
	fputs(h->usage, stdout);
	fputs("\nSee jfrun --help for the global options, man jfrun for "
	      "more.\n",
	      stdout);
	return 0;
}
