/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef JF_CONTAINER_ID_H
#define JF_CONTAINER_ID_H

#include "error.h"

#define JF_ID_MAX 1024

/* Ids name directories under --root: not empty, no '/', not "." or "..",
 * printable characters only, at most JF_ID_MAX bytes. */
int jf_container_id_validate(const char *id, struct jf_error *err);

#endif
