/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers the commands share for their arguments. */
#include "commands/commands.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fs_util.h"

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{"HUP", SIGHUP},     {"INT", SIGINT},       {"QUIT", SIGQUIT},
	{"ILL", SIGILL},     {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},
	{"IOT", SIGIOT},     {"BUS", SIGBUS},       {"FPE", SIGFPE},
	{"KILL", SIGKILL},   {"USR1", SIGUSR1},     {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2},   {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},
	{"TERM", SIGTERM},   {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},
	{"CONT", SIGCONT},   {"STOP", SIGSTOP},     {"TSTP", SIGTSTP},
	{"TTIN", SIGTTIN},   {"TTOU", SIGTTOU},     {"URG", SIGURG},
	{"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM},
	{"PROF", SIGPROF},   {"WINCH", SIGWINCH},   {"IO", SIGIO},
	{"POLL", SIGPOLL},   {"PWR", SIGPWR},       {"SYS", SIGSYS},
};

int jf_parse_signal(const char *text, int *ret, struct jf_error *err)
{
	const char *name = text;
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (*text != '\0' && *end == '\0' && errno == 0) {
		if (n <= 0 || n > SIGRTMAX)
			return jf_error_set(err, 0, "signal %s: out of range", text);
		*ret = (int)n;
		return 0;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		if (strcasecmp(name, signals[i].name) == 0) {
			*ret = signals[i].sig;
			return 0;
		}
	}
	if (strncasecmp(name, "RTMIN", 5) == 0 || strncasecmp(name, "RTMAX", 5) == 0) {
		bool max = strncasecmp(name, "RTMAX", 5) == 0;
		long off = 0;
		if (name[5] != '\0') {
			off = strtol(name + 5, &end, 10);
			if (*end != '\0')
				off = LONG_MAX;
		}
		n = max ? SIGRTMAX + off : SIGRTMIN + off;
		if (off != LONG_MAX && n >= SIGRTMIN && n <= SIGRTMAX) {
			*ret = (int)n;
			return 0;
		}
	}
	return jf_error_set(err, 0, "unknown signal \"%s\"", text);
}

int jf_take_id(int argc, char **argv, const char *cmd, const char **ret,
	       struct jf_error *err)
{
	if (optind >= argc)
		return jf_error_set(err, 0, "%s: missing container id", cmd);
	*ret = argv[optind++];
	return 0;
}

int jf_bundle_path(const char *opt, char **ret, struct jf_error *err)
{
	char *real = jf_realpath(opt ? opt : ".");

	if (real == NULL)
		return jf_error_errno(err, "--bundle %s", opt ? opt : ".");
	*ret = real;
	return 0;
}
