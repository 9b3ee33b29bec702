/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.args[0] -> the file to execve, looked up as execvp would. */
#ifndef JF_LINUX_EXEC_PATH_H
#define JF_LINUX_EXEC_PATH_H

#include <stddef.h>

#include "config.h"
#include "error.h"

/* Resolved in the caller's root (the container's, by then), with the PATH
 * of process.env rather than jfrun's own. */
int jf_find_executable(const struct oci_process *p, char *out, size_t size,
		       struct jf_error *err);

#endif
