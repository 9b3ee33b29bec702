/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether a container has its shim, seen from any jfrun command: the shim
 * writes "<pid> <start time>" to <root>/<id>/shim.pid; it is the init's
 * parent for as long as both live.
 */
#ifndef JF_SHIM_SUPERVISION_H
#define JF_SHIM_SUPERVISION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "state_dir.h"

#define JF_SHIM_PID_FILE "shim.pid"

int jf_shim_pid_write(int dirfd, pid_t pid, struct jf_error *err);
/* 0 and the shim's pid and start time; -1 without shim.pid. */
int jf_shim_pid_read(int dirfd, pid_t *ret_pid, uint64_t *ret_start);
/* A pidfd of the container's shim while it lives, else -1. */
int jf_shim_pidfd(const struct jf_container *c);

/* The init exited and its shim is still writing down how (the log
 * drained, exit.json, the state): the container is not stopped yet. */
bool jf_shim_finishing(const struct jf_container *c);
/* The init lives but the shim that ran it is gone. */
bool jf_shim_lost(const struct jf_container *c);

#endif
