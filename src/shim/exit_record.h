/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a supervised container ended: <root>/<id>/exit.json, written
 * atomically by the shim before the state says stopped, and the reason
 * rule (DESIGN.md section 3), in this order:
 *   1. a reason the killer noted in <root>/<id>/exit-reason before it
 *      acted ("stopped" for kill/stop/delete --force, "rss-hard-limit"
 *      for the monitor);
 *   2. "oom" when the memory cgroup's oom_kill count rose meanwhile;
 *   3. "signaled" or "exited".
 */
#ifndef JF_SHIM_EXIT_RECORD_H
#define JF_SHIM_EXIT_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

#define JF_EXIT_FILE	    "exit.json"
#define JF_EXIT_REASON_FILE "exit-reason"

struct jf_exit {
	int code;   /* exit code, or 128+signal */
	int signal; /* 0 unless killed by a signal */
	const char *reason;
	char started[40], finished[40]; /* RFC 3339, UTC */
};

/* Best effort, before the signal goes: the container's end will be
 * given this reason (a failure only loses the reason). */
void jf_exit_reason_note(int dirfd, const char *reason);

/* Whether jfrun kill's signal asks the container to end (not CONT, STOP,
 * WINCH...): only those note "stopped". */
bool jf_exit_signal_ends(int sig);

/* The rule above; noted_fd is the state dir (its exit-reason is read). */
const char *jf_exit_reason_decide(int dirfd, uint64_t oom_before,
				  uint64_t oom_after, int wait_status);

/* Fill code and signal from a wait status. */
void jf_exit_from_status(struct jf_exit *e, int wait_status);

int jf_exit_write(int dirfd, const struct jf_exit *e, struct jf_error *err);

/* exit.json, then the state says stopped, with the exit: under the
 * container's lock, and only if it is still the one whose init is (init,
 * init_start) (not deleted, its directory not kept as a spare, its id not
 * taken again).  Best effort: the shim's and the sidecar's last act. */
void jf_exit_record(const char *root, const char *id, pid_t init,
		    uint64_t init_start, const struct jf_exit *e);

#endif
