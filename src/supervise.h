/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A foreground container's parent: forward signals to it, wait for it, and
 * (when it has a terminal and nobody gave a --console-socket) be its
 * terminal: copy between jfrun's stdio and the pty, in raw mode, with the
 * window size kept in step.
 */
#ifndef JF_SUPERVISE_H
#define JF_SUPERVISE_H

#include <stdbool.h>
#include <sys/types.h>
#include <termios.h>

#include "error.h"

struct jf_tty_proxy {
	int sock[2]; /* [0] ours, [1] given to create as the console socket */
	int master;  /* the pty master, once received */
	bool restore;
	struct termios saved;
};

int jf_tty_proxy_open(struct jf_tty_proxy *t, struct jf_error *err);
/* After create: receive the master the init sent. */
int jf_tty_proxy_receive(struct jf_tty_proxy *t, struct jf_error *err);
void jf_tty_proxy_close(struct jf_tty_proxy *t);

/* Until pid exits: forward signals (and proxy the terminal when t is not
 * NULL).  Returns the wait status. */
int jf_supervise(pid_t pid, struct jf_tty_proxy *t, struct jf_error *err);

/* A wait status as an exit code: the code, or 128+n for signal n. */
int jf_exit_code(int status);

#endif
