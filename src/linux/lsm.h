/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux security modules: process.apparmorProfile, process.selinuxLabel and
 * linux.mountLabel.  As runc and crun do, the profile and the label take
 * effect at the process's execve (written to the exec attribute of
 * /proc/self/attr), and the mount label is a context= option of the
 * mounts that take one.  A config that asks for an LSM the host has not
 * enabled is refused, naming the field: never run unconfined in silence.
 *
 * The attribute files are reached through a procfs opened by the runtime
 * (linux/procfs.h: verified to be the root of a procfs, written beneath it
 * without symlinks or mount crossings) and inherited by the init or the
 * exec'd process: nothing of the container's rootfs, which pivot_root makes
 * the process's "/", is on the way.
 */
#ifndef JF_LINUX_LSM_H
#define JF_LINUX_LSM_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "error.h"

struct jf_lsm {
	const char *apparmor_profile; /* points into the config, NULL: none */
	const char *selinux_label;    /* the same */
	int proc_fd; /* O_PATH of a verified procfs root; -1 when nothing to
			apply */
};

/* Whether the host has the LSM enabled (active, not only built in). */
bool jf_lsm_apparmor_enabled(void);
bool jf_lsm_selinux_enabled(void);

/* In the runtime, before anything exists: refuse what the host cannot do
 * ("process.apparmorProfile \"x\": AppArmor is not enabled on this host"),
 * then open the procfs the process will write through.  mount_label may be
 * NULL (exec). */
int jf_lsm_prepare(const struct oci_process *p, const char *mount_label,
		   struct jf_lsm *ret, struct jf_error *err);

/* In the process itself, single-threaded, before its execve: the profile
 * and the label for the exec.  Closes the procfs fd. */
int jf_lsm_apply(struct jf_lsm *l, struct jf_error *err);

void jf_lsm_free(struct jf_lsm *l);

/* linux.mountLabel for a mount of the given fs type: appends
 * context="label" to data (size bytes, comma separated) when the type
 * takes one (tmpfs, devpts, ...; not proc, sysfs, mqueue, cgroup, as runc
 * and crun do; bind mounts never get here).  label may be NULL. */
int jf_lsm_mount_data(const char *label, const char *type, char *data,
		      size_t size, const char *field, struct jf_error *err);

#endif
