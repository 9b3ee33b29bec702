/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/intel_rdt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"

#define RESCTRL		     "/sys/fs/resctrl"
#define RDTGROUP_SUPER_MAGIC 0x7655821

bool jf_intel_rdt_mounted(void)
{
	struct statfs st;

	return statfs(RESCTRL, &st) == 0 && st.f_type == RDTGROUP_SUPER_MAGIC;
}

/* The first field the config sets, for the error. */
static const char *first_field(const struct oci_intel_rdt *r)
{
	if (r->schemata != NULL)
		return "linux.intelRdt.schemata";
	if (r->enable_monitoring)
		return "linux.intelRdt.enableMonitoring";
	if (r->l3_cache_schema != NULL)
		return "linux.intelRdt.l3CacheSchema";
	if (r->mem_bw_schema != NULL)
		return "linux.intelRdt.memBwSchema";
	if (r->clos_id != NULL)
		return "linux.intelRdt.closID";
	return "linux.intelRdt";
}

static bool has_schemas(const struct oci_intel_rdt *r)
{
	return r->l3_cache_schema != NULL || r->mem_bw_schema != NULL ||
	       r->n_schemata > 0;
}

static int check_values(const struct oci_intel_rdt *r, struct jf_error *err)
{
	const char *id = r->clos_id;

	if (id != NULL && strcmp(id, "/") != 0 &&
	    (id[0] == '\0' || strchr(id, '/') != NULL || strcmp(id, ".") == 0 ||
	     strcmp(id, "..") == 0 || strchr(id, '\n') != NULL))
		return jf_error_set(
		    err, 0,
		    "linux.intelRdt.closID: \"%.64s\": not a resctrl "
		    "group name",
		    id);
	if (r->l3_cache_schema != NULL && strchr(r->l3_cache_schema, '\n'))
		return jf_error_set(
		    err, 0, "linux.intelRdt.l3CacheSchema: has a newline");
	if (r->mem_bw_schema != NULL &&
	    (strncmp(r->mem_bw_schema, "MB:", 3) != 0 ||
	     strchr(r->mem_bw_schema, '\n')))
		return jf_error_set(
		    err, 0,
		    "linux.intelRdt.memBwSchema: must start with \"MB:\" "
		    "and have no newline");
	for (size_t i = 0; i < r->n_schemata; i++)
		if (strchr(r->schemata[i], '\n') != NULL ||
		    r->schemata[i][0] == '\0')
			return jf_error_set(
			    err, 0,
			    "linux.intelRdt.schemata[%zu]: empty or "
			    "has a newline",
			    i);
	return 0;
}

int jf_intel_rdt_check(const struct oci_config *c, struct jf_error *err)
{
	const struct oci_intel_rdt *r = c->linux_ ? c->linux_->intel_rdt : NULL;

	if (r == NULL)
		return 0;
	if (check_values(r, err) < 0)
		return -1;
	if (!jf_intel_rdt_mounted())
		return jf_error_set(
		    err, 0,
		    "%s: needs Intel RDT (resctrl), not mounted at " RESCTRL
		    " on this host",
		    first_field(r));
	return 0;
}

/* The CTRL_MON group's path. */
static void group_path(const struct oci_intel_rdt *r, const char *id, char *buf,
		       size_t size)
{
	if (r->clos_id != NULL && strcmp(r->clos_id, "/") == 0)
		snprintf(buf, size, RESCTRL);
	else
		snprintf(buf, size, RESCTRL "/%s",
			 r->clos_id ? r->clos_id : id);
}

static int write_line(const char *dir, const char *file, const char *line,
		      const char *field, struct jf_error *err)
{
	char path[4096 + 64];
	cleanup_close int fd = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, line, strlen(line)) < 0)
		return jf_error_errno(err, "%s: writing \"%.64s\" to %s", field,
				      line, path);
	return 0;
}

/* An existing closID group must hold the config's lines already. */
static int compare_schemata(const struct oci_intel_rdt *r, const char *dir,
			    struct jf_error *err)
{
	cleanup_free char *have = NULL;
	char path[4096 + 64];
	size_t len;
	const char *want[3 + 64];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/schemata", dir);
	if (jf_read_file_at(AT_FDCWD, path, 1 << 20, &have, &len, err) < 0)
		return jf_error_wrap(err, "linux.intelRdt.closID");
	if (r->l3_cache_schema)
		want[n++] = r->l3_cache_schema;
	if (r->mem_bw_schema)
		want[n++] = r->mem_bw_schema;
	for (size_t i = 0;
	     i < r->n_schemata && n < sizeof(want) / sizeof(want[0]); i++)
		want[n++] = r->schemata[i];
	for (size_t i = 0; i < n; i++)
		if (strstr(have, want[i]) == NULL)
			return jf_error_set(
			    err, 0,
			    "linux.intelRdt.closID: group \"%s\" exists "
			    "with other schemata than \"%.64s\"",
			    r->clos_id, want[i]);
	return 0;
}

static int write_schemata(const struct oci_intel_rdt *r, const char *dir,
			  struct jf_error *err)
{
	if (r->l3_cache_schema &&
	    write_line(dir, "schemata", r->l3_cache_schema,
		       "linux.intelRdt.l3CacheSchema", err) < 0)
		return -1;
	if (r->mem_bw_schema &&
	    write_line(dir, "schemata", r->mem_bw_schema,
		       "linux.intelRdt.memBwSchema", err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_schemata; i++)
		if (write_line(dir, "schemata", r->schemata[i],
			       "linux.intelRdt.schemata", err) < 0)
			return -1;
	return 0;
}

static int ctrl_group(const struct oci_intel_rdt *r, const char *dir,
		      struct jf_error *err)
{
	bool root = r->clos_id != NULL && strcmp(r->clos_id, "/") == 0;

	if (!has_schemas(r)) {
		if (r->clos_id != NULL && access(dir, F_OK) < 0)
			return jf_error_errno(err, "linux.intelRdt.closID: %s",
					      dir);
		if (r->clos_id == NULL && mkdir(dir, 0755) < 0)
			return jf_error_errno(err, "linux.intelRdt: %s", dir);
		return 0;
	}
	if (!root && mkdir(dir, 0755) < 0) {
		if (errno != EEXIST || r->clos_id == NULL)
			return jf_error_errno(err, "%s: %s", first_field(r),
					      dir);
		return compare_schemata(r, dir, err);
	}
	return write_schemata(r, dir, err);
}

int jf_intel_rdt_apply(const struct oci_config *c, const char *id, pid_t pid,
		       struct jf_error *err)
{
	const struct oci_intel_rdt *r = c->linux_ ? c->linux_->intel_rdt : NULL;
	char dir[4096], mon[4096 + 300], pidstr[32];

	if (r == NULL)
		return 0;
	group_path(r, id, dir, sizeof(dir));
	if (ctrl_group(r, dir, err) < 0)
		return -1;
	snprintf(pidstr, sizeof(pidstr), "%d", (int)pid);
	if (write_line(dir, "tasks", pidstr, "linux.intelRdt", err) < 0)
		return -1;
	if (!r->enable_monitoring)
		return 0;
	snprintf(mon, sizeof(mon), "%s/mon_groups/%s", dir, id);
	if (mkdir(mon, 0755) < 0)
		return jf_error_errno(
		    err, "linux.intelRdt.enableMonitoring: %s", mon);
	return write_line(mon, "tasks", pidstr,
			  "linux.intelRdt.enableMonitoring", err);
}

void jf_intel_rdt_remove(const struct oci_config *c, const char *id)
{
	const struct oci_intel_rdt *r =
	    c != NULL && c->linux_ ? c->linux_->intel_rdt : NULL;
	char dir[4096], mon[4096 + 300];

	if (r == NULL || !jf_intel_rdt_mounted())
		return;
	group_path(r, id, dir, sizeof(dir));
	if (r->enable_monitoring) {
		snprintf(mon, sizeof(mon), "%s/mon_groups/%s", dir, id);
		rmdir(mon);
	}
	if (r->clos_id == NULL)
		rmdir(dir);
}
