/* SPDX-License-Identifier: GPL-2.0-or-later WITH Linux-syscall-note */
/*
 * The ABI of /dev/jfrun_monitor, shared by the kernel module
 * (kmod/jfrun_monitor.c) and jfrun (src/monitor/).  Fixed-width types and
 * fixed-size records with explicit padding: the layout is the same for
 * 32- and 64-bit callers.  Any change to a record or to the meaning of a
 * field bumps JFMON_ABI_VERSION.
 *
 * Use:
 *   fd = open("/dev/jfrun_monitor", O_RDWR | O_CLOEXEC);  needs CAP_SYS_ADMIN
 *   ioctl(fd, JFMON_IOC_ABI_VERSION, &u32)      must equal JFMON_ABI_VERSION
 *   ioctl(fd, JFMON_IOC_REGISTER, &reg)         watch one container
 *   read(fd, buf, n * sizeof(struct jfmon_event))   events (poll: POLLIN)
 *   ioctl(fd, JFMON_IOC_UNREGISTER, &unreg)     stop watching
 *   close(fd)                                   drops every registration
 *
 * A container is the registered process and everything that belongs to it:
 * when that process is the init of its own pid namespace (a container with
 * a pid namespace), every process of that namespace and of the namespaces
 * below it; otherwise the process and its descendants.  Its RSS is the sum
 * of the resident memory (anonymous, file and shmem pages) of every
 * distinct address space among those processes.
 */
#ifndef JFRUN_MONITOR_UAPI_H
#define JFRUN_MONITOR_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define JFMON_DEVICE_NAME "jfrun_monitor" /* /dev/jfrun_monitor */
#define JFMON_ABI_VERSION 1

/* Bounds of struct jfmon_register's fields. */
#define JFMON_ID_LEN	      128	   /* id, NUL included */
#define JFMON_LIMIT_MAX	      (1ULL << 60) /* bytes; beyond: absurd */
#define JFMON_INTERVAL_MAX_MS 3600000	   /* one hour */

/* The soft limit warns again only once RSS fell below this share of it. */
#define JFMON_SOFT_REARM_PERCENT 90

struct jfmon_register {
	__u32 abi;	   /* JFMON_ABI_VERSION */
	__s32 pid;	   /* the container's init, in the caller's pid ns */
	__aligned_u64 soft; /* bytes, 0: none; one event per upward crossing */
	__aligned_u64 hard; /* bytes, 0: none; past it: SIGKILL to all */
	__u32 interval_ms;  /* scan period, 1..JFMON_INTERVAL_MAX_MS */
	__u32 flags;	   /* 0 */
	char id[JFMON_ID_LEN]; /* container id, printable, NUL-terminated */
};

struct jfmon_unregister {
	__s32 pid; /* as given to JFMON_IOC_REGISTER on this fd */
	__u32 flags; /* 0 */
};

enum jfmon_event_type {
	JFMON_EVENT_SOFT = 1, /* RSS passed the soft limit (upward crossing) */
	JFMON_EVENT_HARD = 2, /* RSS passed the hard limit: all were SIGKILLed */
	JFMON_EVENT_GONE = 3, /* no process left: the registration is gone */
};

/* read() returns whole records only; a buffer smaller than one: EINVAL. */
struct jfmon_event {
	__u32 type;		/* enum jfmon_event_type */
	__s32 pid;		/* as registered */
	__aligned_u64 rss;	/* bytes, at this scan */
	__aligned_u64 limit;	/* the limit passed; 0 for GONE */
	__aligned_u64 time_ns;	/* CLOCK_MONOTONIC of the scan */
	__u32 nr_procs;		/* processes counted (HARD: signalled) */
	__u32 lost;		/* events dropped before this one (queue full) */
	char id[JFMON_ID_LEN];	/* as registered */
};

#define JFMON_IOC_MAGIC 0xB7
#define JFMON_IOC_ABI_VERSION _IOR(JFMON_IOC_MAGIC, 0, __u32)
#define JFMON_IOC_REGISTER    _IOW(JFMON_IOC_MAGIC, 1, struct jfmon_register)
#define JFMON_IOC_UNREGISTER  _IOW(JFMON_IOC_MAGIC, 2, struct jfmon_unregister)
/* The number of registrations held by this fd. */
#define JFMON_IOC_COUNT _IOR(JFMON_IOC_MAGIC, 3, __u32)

/*
 * The rules a registration must follow, shared by the module (which maps a
 * failure to an errno: JFMON_BAD_ABI -> EPROTO, the others -> EINVAL) and
 * jfrun (which names the field).  Pure: the process itself is checked by
 * the module (ESRCH: no such process; EINVAL: a thread, a kernel thread,
 * the caller or one of its ancestors; EEXIST: already registered).
 */
enum jfmon_register_fault {
	JFMON_REGISTER_OK = 0,
	JFMON_BAD_ABI,
	JFMON_BAD_PID,
	JFMON_BAD_NO_LIMIT,
	JFMON_BAD_SOFT,
	JFMON_BAD_HARD,
	JFMON_BAD_SOFT_ABOVE_HARD,
	JFMON_BAD_INTERVAL,
	JFMON_BAD_FLAGS,
	JFMON_BAD_ID,
};

static inline enum jfmon_register_fault
jfmon_register_check(const struct jfmon_register *r)
{
	unsigned int i;

	if (r->abi != JFMON_ABI_VERSION)
		return JFMON_BAD_ABI;
	if (r->pid <= 0)
		return JFMON_BAD_PID;
	if (r->soft == 0 && r->hard == 0)
		return JFMON_BAD_NO_LIMIT;
	if (r->soft > JFMON_LIMIT_MAX)
		return JFMON_BAD_SOFT;
	if (r->hard > JFMON_LIMIT_MAX)
		return JFMON_BAD_HARD;
	if (r->soft != 0 && r->hard != 0 && r->soft > r->hard)
		return JFMON_BAD_SOFT_ABOVE_HARD;
	if (r->interval_ms == 0 || r->interval_ms > JFMON_INTERVAL_MAX_MS)
		return JFMON_BAD_INTERVAL;
	if (r->flags != 0)
		return JFMON_BAD_FLAGS;
	if (r->id[0] == '\0')
		return JFMON_BAD_ID;
	for (i = 0; i < JFMON_ID_LEN; i++) {
		unsigned char c = (unsigned char)r->id[i];

		if (c == '\0')
			return JFMON_REGISTER_OK;
		if (c < 0x20 || c == 0x7f)
			return JFMON_BAD_ID;
	}
	return JFMON_BAD_ID; /* no NUL */
}

#endif /* JFRUN_MONITOR_UAPI_H */
