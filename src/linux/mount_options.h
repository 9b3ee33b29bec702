/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mounts[].options: the flag words of mount(8) -> MS_* flags + data. */
#ifndef JF_LINUX_MOUNT_OPTIONS_H
#define JF_LINUX_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct jf_mount_options {
	unsigned long flags;       /* MS_* applied by the mount itself */
	unsigned long clear;       /* MS_* explicitly turned off ("rw", "suid", ...) */
	unsigned long propagation; /* MS_SHARED/SLAVE/PRIVATE/UNBINDABLE (| MS_REC) */
	bool bind;                 /* "bind" or "rbind" */
	bool recursive_bind;       /* "rbind" */
	bool copyup;               /* "tmpcopyup": tmpfs starts with the dir's content */
	/* "rro", "rnosuid", ...: MOUNT_ATTR_* for mount_setattr(AT_RECURSIVE) */
	uint64_t rec_attr_set, rec_attr_clr;
	char data[4096];           /* the rest, comma separated, for the fs */
};

/* Errors name the field, e.g. "mounts[3].options". */
int jf_mount_options_parse(char *const *opts, size_t n, const char *field,
			   struct jf_mount_options *ret, struct jf_error *err);

/* The recognised flag words (for `jfrun features`). */
extern const char *const jf_mount_option_names[];

/* Apply rec_attr_* to the mount at fd (an O_PATH fd of its root). */
int jf_mount_apply_recursive_attrs(int fd, const struct jf_mount_options *o,
				   const char *field, struct jf_error *err);

/* The per-mount MS_* flags among `flags` (ro, nosuid, nodev, noexec,
 * atime) set on the mount at fd/path, and below it when recursive: one
 * mount_setattr instead of a remount per mount.  They are added to what the
 * mount has, never taken away.  -1 with errno (ENOSYS before Linux 5.12). */
int jf_mount_setattr_flags(int fd, const char *path, unsigned long flags,
			   bool recursive);

/* A propagation word ("rslave", "private", ...) to flags, 0 if unknown. */
unsigned long jf_propagation_flags(const char *word);

#endif
