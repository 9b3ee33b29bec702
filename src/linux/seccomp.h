/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.seccomp with libseccomp.  The filter is compiled in the runtime
 * (before clone, so a bad name is reported before anything exists) and
 * loaded by the container's init as its last step before execve.
 */
#ifndef JF_LINUX_SECCOMP_H
#define JF_LINUX_SECCOMP_H

#include "config.h"
#include "error.h"

struct jf_seccomp; /* opaque */

/* Validate every name (actions, architectures, operators, flags, syscall
 * names unknown to libseccomp are skipped as runc does) and compile.
 * Errors name the field: "linux.seccomp.syscalls[3].action: unknown action X". */
int jf_seccomp_prepare(const struct oci_seccomp *s, struct jf_seccomp **ret,
		       struct jf_error *err);

/* Load the compiled filter into the calling process (the container init). */
int jf_seccomp_load(const struct jf_seccomp *sc, struct jf_error *err);

void jf_seccomp_free(struct jf_seccomp *sc);

/* For `jfrun features`: NULL-terminated static lists. */
extern const char *const jf_seccomp_actions[];
extern const char *const jf_seccomp_operators[];
extern const char *const jf_seccomp_archs[];
extern const char *const jf_seccomp_flags[];

#endif
