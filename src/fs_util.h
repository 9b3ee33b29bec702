/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small file helpers shared by the runtime. */
#ifndef JF_FS_UTIL_H
#define JF_FS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Write all of buf to fd, retrying on EINTR and short writes. */
int jf_write_all(int fd, const void *buf, size_t len, struct jf_error *err);

/* Read a whole file (at most max bytes) into a malloc'd NUL-terminated
 * buffer.  dirfd may be AT_FDCWD. */
int jf_read_file_at(int dirfd, const char *path, size_t max, char **ret,
		    size_t *ret_len, struct jf_error *err);
/* The same from an open fd (its offset at the start); path names it in
 * errors. */
int jf_read_fd(int fd, const char *path, size_t max, char **ret,
	       size_t *ret_len, struct jf_error *err);

/* Write a small file (O_TRUNC|O_CREAT).  dirfd may be AT_FDCWD. */
int jf_write_file_at(int dirfd, const char *path, const char *data,
		     size_t len, mode_t mode, struct jf_error *err);

/* The same, but written over what is there, then cut to len: an
 * existing file keeps its inode and blocks (cheaper than O_TRUNC on ext4).
 * Regular files only (ftruncate). */
int jf_write_file_over_at(int dirfd, const char *path, const char *data,
			  size_t len, mode_t mode, struct jf_error *err);

/* Atomic replace: write "<path>.tmp" then rename over path, no fsync
 * (state lives on volatile /run; a crash can leave the old or the new
 * file, never a truncated one). */
int jf_write_file_atomic_at(int dirfd, const char *path, const char *data,
			    size_t len, struct jf_error *err);

/* mkdir -p relative to the caller's view of the filesystem. */
int jf_mkdir_p(const char *path, mode_t mode, struct jf_error *err);

/* Remove a directory tree (no symlink following, stays on one fs). */
int jf_remove_tree_at(int dirfd, const char *name, struct jf_error *err);

/* Now as RFC 3339 with nanoseconds, UTC, into buf (>= 40 bytes). */
void jf_rfc3339_now(char *buf, size_t size);

/* realpath(3), cheaper: malloc'd, NULL with errno. */
char *jf_realpath(const char *path);

#endif
