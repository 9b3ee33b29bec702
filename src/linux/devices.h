/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Device nodes in the container's /dev: the defaults and linux.devices. */
#ifndef JF_LINUX_DEVICES_H
#define JF_LINUX_DEVICES_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

/* Before pivot_root.  populate_defaults: /dev is a fresh mount, so create
 * null zero full random urandom tty and the standard symlinks; they go into
 * the image's /dev too when the config mounts nothing on /dev (the image's
 * entries of those names are kept only when they are the right nodes).  In
 * a user namespace (bind=true) nodes are bind mounts of the host's.
 * linux.devices may be anywhere in the container. */
int jf_devices_create(int rootfd, const struct oci_config *c,
		      bool populate_defaults, bool bind, struct jf_error *err);

#endif
