/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.terminal: a pty whose master goes to --console-socket. */
#ifndef JF_LINUX_TERMINAL_H
#define JF_LINUX_TERMINAL_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

/* Runtime side: connect to the caller's console socket. */
int jf_console_socket_connect(const char *path, struct jf_error *err);

/* Container side, inside the new root: make a pty, send its master over
 * `sock`, make the slave the controlling terminal and stdio, and (when
 * bind_console) bind it on /dev/console. */
int jf_terminal_setup(int sock, const struct oci_process *p, bool bind_console,
		      struct jf_error *err);

/* Send an fd with SCM_RIGHTS (with a short name as payload). */
int jf_send_fd(int sock, int fd, const char *name, struct jf_error *err);

#endif
