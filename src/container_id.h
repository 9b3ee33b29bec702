/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef JF_CONTAINER_ID_H
#define JF_CONTAINER_ID_H

#include "error.h"

#define JF_ID_MAX 1024

/* The rule ids follow, as said in errors. */
#define JF_ID_RULE                                                             \
	"ids match ^[A-Za-z0-9_+.-]+$ (letters, digits, '_', '+', '-', '.'), " \
	"do not start with '.' and have at most 1024 bytes"

/*
 * runc's rule (^[\w+-\.]+$, without the ',' its character range lets
 * through), so that an id is safe as a directory name under --root, in a
 * cgroup path, in a systemd unit name and in JSON.  A leading '.' is
 * refused too ("." and "..", and jfrun's own hidden names under --root).
 */
int jf_container_id_validate(const char *id, struct jf_error *err);

#endif
