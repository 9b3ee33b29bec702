/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Managed mode (create/start called by podman through conmon, or by
 * containerd's shim): the caller is the init's parent and owns its stdio
 * and exit code.  jfrun leaves a process only when the container asks for
 * a jfrun feature by annotation (the /proc views, RSS limits): a sidecar,
 * not the parent, that watches the init through a pidfd in the same kind
 * of event loop as the shim (shim/loop.h), where those features plug in,
 * and exits with the container.  Its pid is in <root>/<id>/sidecar.pid.
 * Before it exits it records how the container ended, as the shim does
 * (shim/exit_record.h): the status the caller reaped (shim/exit_status.h)
 * and the reason, so `state` shows it until the caller deletes the
 * container.
 */
#ifndef JF_SHIM_SIDECAR_H
#define JF_SHIM_SIDECAR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "annotations.h"
#include "error.h"

#define JF_SIDECAR_PID_FILE "sidecar.pid"

/* Whether the annotations ask for something a sidecar serves. */
bool jf_sidecar_wanted(const struct jf_annotations *a);

struct jf_cgroup;

struct jf_sidecar {
	const char *root, *id; /* the container */
	pid_t init;
	uint64_t init_start;
	struct jf_cgroup *cgroup; /* for the OOM count; may be NULL */
};

/* Fork the sidecar of sc->init whose state dir is dirfd; returns once it
 * runs on its own. */
int jf_sidecar_start(int dirfd, const struct jf_sidecar *sc,
		     struct jf_error *err);

/* A pidfd of the sidecar of the container whose state dir is dirfd while
 * it lives (it exits once it has recorded the end), else -1. */
int jf_sidecar_pidfd(int dirfd);

#endif
