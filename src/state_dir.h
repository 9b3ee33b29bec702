/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state directory <root>/<id>/ of one container.
 *
 *   state.json   the OCI state plus internal fields, replaced atomically
 *   config.json  the config the container was created from (delete needs
 *                its hooks and cgroup settings even if the bundle changed)
 *   exec.fifo    present between create and start
 *
 * Every command that changes a container holds flock(LOCK_EX) on the
 * directory itself for its whole run, so commands on one container
 * serialize; a process killed while holding it releases it.
 */
#ifndef JF_STATE_DIR_H
#define JF_STATE_DIR_H

#include <stdbool.h>

#include "error.h"
#include "state.h"

#define JF_DEFAULT_ROOT "/run/jfrun"
#define JF_EXEC_FIFO	"exec.fifo"
#define JF_STATE_FILE	"state.json"
#define JF_CONFIG_COPY	"config.json"

struct jf_container {
	char *root;
	char *id;
	int dirfd; /* <root>/<id>, locked when `locked` */
	bool locked;
	/* Until published, the directory has a private name in root. */
	char *private_name;
	/* NULL when state.json is missing (a delete was interrupted) or
	 * unreadable (then state_error says why; see jf_container_open_any). */
	struct oci_state *state;
	char *state_error;
};

/*
 * Claim a new id, in two steps, so that nobody ever sees a half-made
 * directory: jf_container_claim makes the directory under a private name
 * (".new-<pid>-<n>"), locked; the caller writes state.json into it; then
 * jf_container_publish renames it to <id> with RENAME_NOREPLACE, which
 * fails with EEXIST ("container "x" already exists") for all racing
 * claims but one.  Claiming also removes private directories left by
 * jfruns that died before publishing.  The directory may be a spare (a
 * deleted container's, see jf_container_remove) whose state.json and
 * config.json are still there: the caller writes over both.
 */
int jf_container_claim(const char *root, const char *id,
		       struct jf_container **ret, struct jf_error *err);
int jf_container_publish(struct jf_container *c, struct jf_error *err);

/* Open an existing container; lock=true waits for the lock.  ENOENT when
 * there is no such container (also when it was deleted while waiting);
 * an unreadable state.json is an error. */
int jf_container_open(const char *root, const char *id, bool lock,
		      struct jf_container **ret, struct jf_error *err);

/* The same, but an unreadable state.json is not an error: c->state is
 * NULL and c->state_error says why (for list and delete --force). */
int jf_container_open_any(const char *root, const char *id, bool lock,
			  struct jf_container **ret, struct jf_error *err);

/* Write c->state to state.json: in place when it fits a page (readers
 * never see it torn, see state_dir.c), else tmp + rename; no fsync, the
 * default root /run is volatile by design. */
int jf_container_save(struct jf_container *c, struct jf_error *err);

/* Remove the state directory (under its private name if not published):
 * usually by keeping it as a spare (".spare-<n>", up to 4) for the next
 * claim, emptied but for state.json and config.json, which that claim
 * writes over; ids never start with '.', so spares are nobody's. */
int jf_container_remove(struct jf_container *c, struct jf_error *err);

/* Remove the private directories of claims whose jfrun died before
 * publishing them (unlocked, and their pid is gone). */
void jf_container_sweep(const char *root);

void jf_container_close(struct jf_container *c);

/* Names of the containers under root (malloc'd array of malloc'd names). */
int jf_container_list_ids(const char *root, char ***ret, size_t *ret_n,
			  struct jf_error *err);

#endif
