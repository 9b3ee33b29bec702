/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/exit_record.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "fs_util.h"
#include "json_write.h"

void jf_exit_reason_note(int dirfd, const char *reason)
{
	struct jf_error ignored;

	jf_write_file_atomic_at(dirfd, JF_EXIT_REASON_FILE, reason,
				strlen(reason), &ignored);
}

bool jf_exit_signal_ends(int sig)
{
	switch (sig) {
	case 0:
	case SIGCHLD:
	case SIGCONT:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
	case SIGURG:
	case SIGWINCH:
		return false;
	default:
		return true;
	}
}

static const char *noted_reason(int dirfd)
{
	static const char *const known[] = {"stopped", "rss-hard-limit"};
	char buf[32] = "";
	char *text = NULL;
	size_t len = 0;
	struct jf_error ignored;

	if (jf_read_file_at(dirfd, JF_EXIT_REASON_FILE, sizeof(buf), &text,
			    &len, &ignored) < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "%s", text);
	free(text);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(buf, known[i]) == 0)
			return known[i];
	return NULL;
}

const char *jf_exit_reason_decide(int dirfd, uint64_t oom_before,
				  uint64_t oom_after, int wait_status)
{
	const char *noted = noted_reason(dirfd);

	if (noted != NULL)
		return noted;
	if (oom_after > oom_before)
		return "oom";
	return WIFSIGNALED(wait_status) ? "signaled" : "exited";
}

void jf_exit_from_status(struct jf_exit *e, int wait_status)
{
	e->signal = WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
	e->code =
	    WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + e->signal;
}

int jf_exit_write(int dirfd, const struct jf_exit *e, struct jf_error *err)
{
	cleanup_free char *json = NULL;
	struct json_writer w;
	size_t len;

	jw_init(&w, NULL);
	jw_object_open(&w);
	jw_member_int(&w, "code", e->code);
	jw_member_int(&w, "signal", e->signal);
	jw_member_string(&w, "reason", e->reason);
	jw_member_string(&w, "started", e->started);
	jw_member_string(&w, "finished", e->finished);
	jw_object_close(&w);
	if (jw_finish(&w, &json, &len, err) < 0 ||
	    jf_write_file_atomic_at(dirfd, JF_EXIT_FILE, json, len, err) < 0)
		return jf_error_wrap(err, "shim: %s", JF_EXIT_FILE);
	return 0;
}
