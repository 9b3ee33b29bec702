/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "systemd/scope.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "systemd/dbus.h"

#define MANAGER_DEST "org.freedesktop.systemd1"
#define MANAGER_PATH "/org/freedesktop/systemd1"
#define MANAGER_IFACE "org.freedesktop.systemd1.Manager"
#define JOB_WAIT_MS 5000

bool jf_systemd_available(void)
{
	/* sd_booted(): systemd is pid 1; root may use its private socket. */
	return access("/run/systemd/system", F_OK) == 0 &&
	       access(JF_SYSTEMD_SOCKET, F_OK) == 0;
}

bool jf_systemd_scope_of(const char *cgroup_path, char *unit, size_t unit_size,
			 char *slice, size_t slice_size)
{
	const char *last = strrchr(cgroup_path, '/');
	const char *parent;
	size_t n;

	if (last == NULL)
		return false;
	n = strlen(last + 1);
	if (n <= 6 || strcmp(last + 1 + n - 6, ".scope") != 0 || n >= unit_size)
		return false;
	for (parent = last; parent > cgroup_path && parent[-1] != '/'; parent--)
		;
	if ((size_t)(last - parent) >= slice_size)
		return false;
	memcpy(unit, last + 1, n + 1);
	memcpy(slice, parent, (size_t)(last - parent));
	slice[last - parent] = '\0';
	return true;
}

static struct jf_dbus_buf body; /* large: static */

/* "/org/freedesktop/systemd1/job/42" -> 42 */
static uint32_t job_id(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (uint32_t)strtoul(slash + 1, NULL, 10) : 0;
}

/* Until the job is done: GetJob fails with NoSuchJob once it is. */
static int wait_job(struct jf_dbus *bus, uint32_t id, const char *unit,
		    struct jf_error *err)
{
	for (int ms = 0; ms < JOB_WAIT_MS; ms++) {
		struct jf_error e = {0};
		struct timespec ts = {0, 1000000};

		memset(&body, 0, sizeof(body));
		jf_dbus_put_u32(&body, id);
		if (jf_dbus_call(bus, MANAGER_DEST, MANAGER_PATH, MANAGER_IFACE,
				 "GetJob", "u", &body, NULL, &e) < 0) {
			if (strstr(e.msg, "NoSuchJob") != NULL)
				return 0;
			*err = e;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	return jf_error_set(err, ETIMEDOUT, "systemd: starting %s takes too long",
			    unit);
}

int jf_systemd_start_scope(const char *slice, const char *unit, pid_t pid,
			   const char *description, struct jf_error *err)
{
	struct jf_dbus *bus = NULL;
	cleanup_free char *job = NULL;
	uint32_t pids[1] = {(uint32_t)pid};
	size_t props, aux;
	int rc;

	if (jf_dbus_connect(JF_SYSTEMD_SOCKET, &bus, err) < 0)
		return -1;
	memset(&body, 0, sizeof(body));
	jf_dbus_put_string(&body, unit);
	jf_dbus_put_string(&body, "fail");
	props = jf_dbus_array_begin(&body, 8);
	jf_dbus_put_prop_string(&body, "Description", description);
	if (slice[0] != '\0')
		jf_dbus_put_prop_string(&body, "Slice", slice);
	jf_dbus_put_prop_u32_array(&body, "PIDs", pids, 1);
	/* The container may make cgroups below its own (runc, crun too). */
	jf_dbus_put_prop_bool(&body, "Delegate", true);
	jf_dbus_put_prop_bool(&body, "DefaultDependencies", false);
	jf_dbus_array_end(&body, props);
	aux = jf_dbus_array_begin(&body, 8);
	jf_dbus_array_end(&body, aux);
	rc = jf_dbus_call(bus, MANAGER_DEST, MANAGER_PATH, MANAGER_IFACE,
			  "StartTransientUnit", "ssa(sv)a(sa(sv))", &body, &job,
			  err);
	if (rc == 0)
		rc = wait_job(bus, job_id(job), unit, err);
	jf_dbus_close(bus);
	if (rc < 0)
		return jf_error_wrap(err, "--systemd-cgroup: scope %s", unit);
	return 0;
}

int jf_systemd_stop_unit(const char *unit, struct jf_error *err)
{
	struct jf_dbus *bus = NULL;
	int rc;

	if (jf_dbus_connect(JF_SYSTEMD_SOCKET, &bus, err) < 0)
		return -1;
	memset(&body, 0, sizeof(body));
	jf_dbus_put_string(&body, unit);
	jf_dbus_put_string(&body, "replace");
	rc = jf_dbus_call(bus, MANAGER_DEST, MANAGER_PATH, MANAGER_IFACE,
			  "StopUnit", "ss", &body, NULL, err);
	jf_dbus_close(bus);
	if (rc < 0 && strstr(err->msg, "NoSuchUnit") != NULL)
		return 0;
	return rc;
}
