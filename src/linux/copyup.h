/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "tmpcopyup" (a runc/crun extension podman uses with --read-only): a tmpfs
 * mounted over a directory of the image starts with a copy of what that
 * directory held, so a read-only rootfs still gets a writable /tmp that
 * looks like the image's.
 */
#ifndef JF_LINUX_COPYUP_H
#define JF_LINUX_COPYUP_H

#include "error.h"

/* Copy the tree under the directory `from` into the directory `to` (both
 * fds opened O_RDONLY|O_DIRECTORY), keeping modes, owners and times; `to`
 * itself takes the mode and owner of `from`. */
int jf_copyup(int from, int to, struct jf_error *err);

#endif
