/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `run` in the foreground: create + start, with jfrun as the init's parent:
 * it forwards signals to it, is its terminal when nobody else is
 * (supervise.h), returns its status (128+n for signal n), and deletes the
 * container afterwards.  (`run -d` is container_shim.c.)
 */
#include "container.h"

#include <errno.h>
#include <unistd.h>

#include "fault.h"
#include "log.h"
#include "supervise.h"

static int delete_after_run(const char *root, const char *id)
{
	struct jf_container *c = NULL;
	struct jf_error err = {0};

	if (jf_container_open(root, id, true, &c, &err) < 0 ||
	    jf_container_delete(c, true, &err) < 0) {
		if (err.errnum != ENOENT)
			jf_log_error(&err);
	}
	jf_container_close(c);
	return 0;
}

int jf_container_run(const struct jf_create_opts *opts, struct jf_error *err)
{
	struct jf_create_opts o = *opts;
	struct jf_tty_proxy tty = {.sock = {-1, -1}, .master = -1};
	struct jf_created cr;
	int status;

	o.foreground = true;
	/* No --console-socket: if the process wants a terminal, be it. */
	if (o.console_socket == NULL) {
		if (jf_tty_proxy_open(&tty, err) < 0)
			return -1;
		o.console_sock_fd = tty.sock[1];
	}
	if (jf_container_create(&o, &cr, err) < 0) {
		jf_tty_proxy_close(&tty);
		return -1;
	}
	close(tty.sock[1]);
	tty.sock[1] = -1;
	if ((cr.config->process->terminal && o.console_socket == NULL &&
	     jf_tty_proxy_receive(&tty, err) < 0) ||
	    jf_container_start_foreground(&cr, tty.master, err) < 0) {
		struct jf_error ignored;
		jf_container_delete(cr.container, true, &ignored);
		jf_container_close(cr.container);
		oci_config_free(cr.config);
		close(cr.sync_fd);
		if (cr.exe_tree_fd >= 0)
			close(cr.exe_tree_fd);
		jf_tty_proxy_close(&tty);
		return -1;
	}
	close(cr.sync_fd);
	jf_fault_point("run-started");
	/* Its last copy: an RCU grace period, waited out while it runs. */
	if (cr.exe_tree_fd >= 0)
		close(cr.exe_tree_fd);
	/* Let kill/state/delete from others in while it runs. */
	jf_container_close(cr.container);
	status = jf_supervise(cr.pid, tty.master >= 0 ? &tty : NULL, err);
	jf_fault_point("run-exited");
	jf_tty_proxy_close(&tty);
	oci_config_free(cr.config);
	delete_after_run(o.root, o.id);
	jf_fault_point("run-deleted");
	if (status < 0)
		return -1;
	return jf_exit_code(status);
}
