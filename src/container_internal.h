/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the container layer's files (container_*.c) share among themselves;
 * commands see container.h only. */
#ifndef JF_CONTAINER_INTERNAL_H
#define JF_CONTAINER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "container.h"
#include "error.h"
#include "state_dir.h"

struct jf_cgroup;

/* container_cgroup.c: the container's cgroup, opened again from what its
 * state recorded (path, --systemd-cgroup).  *ret is NULL when it has none;
 * with `required` that is an error naming the container.  The caller
 * jf_cgroup_free()s it. */
int jf_container_cgroup(const struct jf_container *c, bool required,
			struct jf_cgroup **ret, struct jf_error *err);

/* container_state.c: record a new status in state.json (the caller holds
 * the lock). */
int jf_container_set_status(struct jf_container *c, const char *status,
			    struct jf_error *err);
/* Whether the init recorded in the state is alive (the same process). */
bool jf_container_init_alive(const struct jf_container *c);
/* The exec fifo is there until a start takes it. */
bool jf_container_awaits_start(const struct jf_container *c);
/* Whether the config (maybe) has hooks of this kind (OCI_STATE_HOOK_*):
 * config.json is read only then. */
bool jf_container_may_have_hooks(const struct jf_container *c, uint32_t kind);

/* container_kill.c: wait up to timeout_ms for the init to be gone (and
 * reap it if it is our child); whether it is. */
bool jf_container_wait_gone(const struct jf_container *c, int timeout_ms);

#endif
