/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The client of /dev/jfrun_monitor (kmod/, DESIGN.md section 5): build and
 * check a registration, talk to the device, and turn its event records into
 * names and log text.  The records and ioctls are the module's own uapi
 * header, included here so that both sides compile against one layout.
 *
 *   monitor_request.c   pure: requests, event names and text
 *   monitor_device.c    open + ABI check, register, unregister, read
 */
#ifndef JF_MONITOR_H
#define JF_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jfrun_monitor_uapi.h"
#include "error.h"

#define JF_MONITOR_DEVICE "/dev/" JFMON_DEVICE_NAME

/* The policy of one container (from the org.jfrun.rss.* annotations). */
struct jf_monitor_limits {
	uint64_t soft;	      /* bytes, 0: none */
	uint64_t hard;	      /* bytes, 0: none */
	uint32_t interval_ms; /* scan period */
};

/*
 * A registration for the container whose init is PID (in our pid
 * namespace), checked by the same rules as the module's
 * (jfmon_register_check); a bad field is an error naming its annotation.
 * An id longer than JFMON_ID_LEN - 1 bytes is cut: it only labels the
 * kernel's log lines and the events, which are matched by pid.
 */
int jf_monitor_request(pid_t pid, const char *id,
		       const struct jf_monitor_limits *limits,
		       struct jfmon_register *ret, struct jf_error *err);

/* The reason an event stands for: "rss-soft-limit", "rss-hard-limit",
 * "gone"; NULL for a type this jfrun does not know. */
const char *jf_monitor_event_name(uint32_t type);

/* One line for the container's log, e.g. "rss 130.2 MiB passed the soft
 * limit 128.0 MiB (3 processes)".  Returns its length (cut to fit). */
int jf_monitor_event_text(const struct jfmon_event *ev, char *buf, size_t size);

/* Check a record as read from the device (LEN bytes) and copy it out. */
int jf_monitor_event_parse(const void *buf, size_t len, struct jfmon_event *ret,
			   struct jf_error *err);

/*
 * Open the device (PATH, or JF_MONITOR_DEVICE when NULL) non-blocking and
 * check that it speaks our ABI.  Returns the fd, or < 0; when there is no
 * device at all, jf_monitor_absent(err) is true: fall back to user space.
 */
int jf_monitor_open(const char *path, struct jf_error *err);
bool jf_monitor_absent(const struct jf_error *err);

int jf_monitor_register(int fd, const struct jfmon_register *r,
			struct jf_error *err);
int jf_monitor_unregister(int fd, pid_t pid, struct jf_error *err);

/* The registrations this fd holds. */
int jf_monitor_count(int fd, uint32_t *ret, struct jf_error *err);

/* One event: 1 when *ev was filled, 0 when none is pending (the fd is
 * non-blocking: wait for POLLIN), < 0 on error. */
int jf_monitor_read(int fd, struct jfmon_event *ev, struct jf_error *err);

#endif
