/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The device half of the monitor client: open, ABI, (un)register, read. */
#include "monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/ioctl.h>
#include <unistd.h>

int jf_monitor_open(const char *path, struct jf_error *err)
{
	uint32_t abi = 0;
	int fd;

	if (path == NULL)
		path = JF_MONITOR_DEVICE;
	fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return jf_error_errno(err, "monitor: open %s", path);
	if (ioctl(fd, JFMON_IOC_ABI_VERSION, &abi) < 0) {
		jf_error_errno(err, "monitor: %s: not the jfrun_monitor device",
			       path);
		close(fd);
		return -1;
	}
	if (abi != JFMON_ABI_VERSION) {
		jf_error_set(err, EPROTO,
			     "monitor: %s speaks ABI %" PRIu32
			     ", this jfrun %d: load the module built from this "
			     "jfrun's sources",
			     path, abi, JFMON_ABI_VERSION);
		close(fd);
		return -1;
	}
	return fd;
}

bool jf_monitor_absent(const struct jf_error *err)
{
	/* No node, or a node without its module. */
	return err->errnum == ENOENT || err->errnum == ENODEV ||
	       err->errnum == ENXIO;
}

int jf_monitor_register(int fd, const struct jfmon_register *r,
			struct jf_error *err)
{
	const char *why = "";

	if (ioctl(fd, JFMON_IOC_REGISTER, r) == 0)
		return 0;
	switch (errno) {
	case EINVAL:
		why = " (not a process the monitor takes: a thread, a kernel "
		      "thread, jfrun itself or one of its parents)";
		break;
	case EPERM:
		why = " (needs CAP_SYS_ADMIN)";
		break;
	case EPROTO:
		why = " (the module speaks another ABI)";
		break;
	}
	return jf_error_errno(
	    err, "monitor: register container %s (pid %" PRId32 ")%s", r->id,
	    r->pid, why);
}

int jf_monitor_unregister(int fd, pid_t pid, struct jf_error *err)
{
	struct jfmon_unregister u = {.pid = pid};

	if (ioctl(fd, JFMON_IOC_UNREGISTER, &u) < 0)
		return jf_error_errno(err, "monitor: unregister pid %d",
				      (int)pid);
	return 0;
}

int jf_monitor_count(int fd, uint32_t *ret, struct jf_error *err)
{
	if (ioctl(fd, JFMON_IOC_COUNT, ret) < 0)
		return jf_error_errno(err, "monitor: count registrations");
	return 0;
}

int jf_monitor_read(int fd, struct jfmon_event *ev, struct jf_error *err)
{
	unsigned char buf[sizeof(*ev)];
	ssize_t n;

	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EAGAIN)
			return 0;
		return jf_error_errno(err, "monitor: read an event");
	}
	if (jf_monitor_event_parse(buf, (size_t)n, ev, err) < 0)
		return -1;
	return 1;
}
