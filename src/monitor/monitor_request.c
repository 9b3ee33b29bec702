/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pure half of the monitor client: requests, event names and text. */
#include "monitor.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "annotations.h"

static int fault_error(enum jfmon_register_fault fault,
		       const struct jfmon_register *r, struct jf_error *err)
{
	switch (fault) {
	case JFMON_REGISTER_OK:
		return 0;
	case JFMON_BAD_PID:
		return jf_error_set(
		    err, EINVAL, "monitor: pid %" PRId32 " is not a process id",
		    r->pid);
	case JFMON_BAD_NO_LIMIT:
		return jf_error_set(err, EINVAL,
				    "annotations.%s, %s: neither is set",
				    JF_ANN_RSS_SOFT, JF_ANN_RSS_HARD);
	case JFMON_BAD_SOFT:
		return jf_error_set(
		    err, EINVAL,
		    "annotations.%s: %" PRIu64
		    " bytes is more than the monitor takes (%llu)",
		    JF_ANN_RSS_SOFT, (uint64_t)r->soft, JFMON_LIMIT_MAX);
	case JFMON_BAD_HARD:
		return jf_error_set(
		    err, EINVAL,
		    "annotations.%s: %" PRIu64
		    " bytes is more than the monitor takes (%llu)",
		    JF_ANN_RSS_HARD, (uint64_t)r->hard, JFMON_LIMIT_MAX);
	case JFMON_BAD_SOFT_ABOVE_HARD:
		return jf_error_set(err, EINVAL,
				    "annotations.%s: larger than %s",
				    JF_ANN_RSS_SOFT, JF_ANN_RSS_HARD);
	case JFMON_BAD_INTERVAL:
		return jf_error_set(
		    err, EINVAL,
		    "annotations.%s: %" PRIu32 " is not a period in ms (1-%d)",
		    JF_ANN_RSS_INTERVAL, r->interval_ms, JFMON_INTERVAL_MAX_MS);
	case JFMON_BAD_ID:
		return jf_error_set(
		    err, EINVAL,
		    "monitor: container id: empty or not printable");
	case JFMON_BAD_ABI:
	case JFMON_BAD_FLAGS:
		break;
	}
	return jf_error_set(
	    err, EINVAL, "monitor: malformed request (fault %d)", (int)fault);
}

int jf_monitor_request(pid_t pid, const char *id,
		       const struct jf_monitor_limits *limits,
		       struct jfmon_register *ret, struct jf_error *err)
{
	memset(ret, 0, sizeof(*ret));
	ret->abi = JFMON_ABI_VERSION;
	ret->pid = pid;
	ret->soft = limits->soft;
	ret->hard = limits->hard;
	ret->interval_ms = limits->interval_ms;
	snprintf(ret->id, sizeof(ret->id), "%s", id ? id : "");
	return fault_error(jfmon_register_check(ret), ret, err);
}

const char *jf_monitor_event_name(uint32_t type)
{
	switch (type) {
	case JFMON_EVENT_SOFT:
		return "rss-soft-limit";
	case JFMON_EVENT_HARD:
		return "rss-hard-limit";
	case JFMON_EVENT_GONE:
		return "gone";
	}
	return NULL;
}

#define MIB(b) ((double)(b) / (1024.0 * 1024.0))

int jf_monitor_event_text(const struct jfmon_event *ev, char *buf, size_t size)
{
	int n;

	switch (ev->type) {
	case JFMON_EVENT_SOFT:
		n = snprintf(
		    buf, size,
		    "rss %.1f MiB passed the soft limit %.1f MiB (%" PRIu32
		    " processes)",
		    MIB(ev->rss), MIB(ev->limit), ev->nr_procs);
		break;
	case JFMON_EVENT_HARD:
		n = snprintf(buf, size,
			     "rss %.1f MiB passed the hard limit %.1f MiB: "
			     "killed %" PRIu32 " processes",
			     MIB(ev->rss), MIB(ev->limit), ev->nr_procs);
		break;
	case JFMON_EVENT_GONE:
		n = snprintf(buf, size, "no process left");
		break;
	default:
		n = snprintf(buf, size, "unknown event type %" PRIu32,
			     ev->type);
		break;
	}
	if (n > 0 && ev->lost > 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n,
			      " (%" PRIu32 " earlier events lost)", ev->lost);
	if (n < 0)
		n = 0;
	return size == 0 ? 0 : (size_t)n >= size ? (int)size - 1 : n;
}

int jf_monitor_event_parse(const void *buf, size_t len, struct jfmon_event *ret,
			   struct jf_error *err)
{
	if (len != sizeof(*ret))
		return jf_error_set(err, EPROTO,
				    "monitor: event of %zu bytes, expected %zu",
				    len, sizeof(*ret));
	memcpy(ret, buf, sizeof(*ret));
	if (jf_monitor_event_name(ret->type) == NULL)
		return jf_error_set(err, EPROTO,
				    "monitor: unknown event type %" PRIu32,
				    ret->type);
	/* The id is the module's copy of ours: make sure it ends. */
	ret->id[sizeof(ret->id) - 1] = '\0';
	return 0;
}
