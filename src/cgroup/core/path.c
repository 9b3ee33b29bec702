/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.cgroupsPath -> the cgroup path used in every hierarchy.
 *
 * cgroupfs: absent means "/jfrun/<id>" (a test hook, JFRUN_TEST_CGROUP_PARENT,
 * puts it under another parent: test runs side by side on one host then do
 * not share /jfrun/<id>); a relative path is taken from the
 * root of the hierarchy, as crun does (runc starts from its own cgroup,
 * which differs per hierarchy and would not fit in one state.json path).
 * --systemd-cgroup: "slice:prefix:name" becomes the path systemd uses,
 * "<slice path>/<prefix>-<name>.scope"; where systemd runs the scope is
 * also started through it, so that it knows the unit (see systemd/).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cleanup.h"
#include "path_clean.h"
#include "systemd/scope.h"

#define FIELD "linux.cgroupsPath"

/* in made clean (base/path_clean.h), refusing ".." and the root. */
static int clean_path(const char *in, char *out, size_t size, const char *what,
		      struct jf_error *err)
{
	bool dotdot;

	if (jf_path_clean(in, out, size, &dotdot) < 0)
		return jf_error_set(err, 0, "%s: too long", what);
	if (dotdot)
		return jf_error_set(err, 0, "%s: \"..\" is not allowed: %s",
				    what, in);
	if (strcmp(out, "/") == 0)
		return jf_error_set(
		    err, 0, "%s: the root cgroup cannot be used: \"%s\"", what,
		    in);
	return 0;
}

int cg_path_check(const char *path, const char *what, struct jf_error *err)
{
	char clean[4096];

	if (path == NULL || path[0] != '/')
		return jf_error_set(err, 0, "%s: not an absolute path: %s",
				    what, path ? path : "(none)");
	if (clean_path(path, clean, sizeof(clean), what, err) < 0)
		return -1;
	if (strcmp(clean, path) != 0)
		return jf_error_set(err, 0, "%s: not a clean path: %s", what,
				    path);
	return 0;
}

/* "a-b.slice" -> "/a.slice/a-b.slice"; "-.slice" (the root slice) -> "". */
static int expand_slice(const char *slice, char *out, size_t size,
			struct jf_error *err)
{
	size_t n = strlen(slice), len = 0;

	if (strcmp(slice, "-.slice") == 0) {
		out[0] = '\0';
		return 0;
	}
	if (n <= 6 || strcmp(slice + n - 6, ".slice") != 0 ||
	    strchr(slice, '/') != NULL || slice[0] == '-' ||
	    strstr(slice, "--") != NULL || slice[n - 7] == '-')
		return jf_error_set(err, 0, FIELD ": invalid slice \"%s\"",
				    slice);
	for (size_t i = 0; i <= n - 6; i++) {
		if (i < n - 6 && slice[i] != '-')
			continue;
		if (len + i + 8 > size)
			return jf_error_set(err, 0, FIELD ": too long");
		len += (size_t)snprintf(out + len, size - len, "/%.*s.slice",
					(int)i, slice);
	}
	return 0;
}

/* Where systemd runs, the scope is started through it (container_create.c,
 * lifecycle/destroy.c); elsewhere the same path is managed through cgroupfs. */
static void note_no_systemd(void)
{
	static bool noted;

	if (noted || jf_systemd_available())
		return;
	noted = true;
	cg_warn("--systemd-cgroup: systemd is not running here; "
		"managing the cgroup through cgroupfs");
}

static int systemd_path(const char *spec, char *out, size_t size,
			struct jf_error *err)
{
	char slice_path[2048];
	char copy[1024];
	char *slice, *prefix, *name;
	size_t n;

	if (snprintf(copy, sizeof(copy), "%s", spec) >= (int)sizeof(copy))
		return jf_error_set(err, 0, FIELD ": too long");
	slice = copy;
	prefix = strchr(slice, ':');
	name = prefix ? strchr(prefix + 1, ':') : NULL;
	if (name == NULL || strchr(name + 1, ':') != NULL || name[1] == '\0' ||
	    strchr(name + 1, '/') != NULL ||
	    memchr(prefix, '/', (size_t)(name - prefix)))
		return jf_error_set(err, 0,
				    FIELD ": with --systemd-cgroup it must be "
					  "\"slice:prefix:name\", got \"%s\"",
				    spec);
	*prefix++ = '\0';
	*name++ = '\0';
	if (expand_slice(*slice ? slice : "system.slice", slice_path,
			 sizeof(slice_path), err) < 0)
		return -1;
	n = strlen(name);
	if (n > 6 && strcmp(name + n - 6, ".slice") == 0)
		snprintf(out, size, "%s/%s", slice_path, name);
	else
		snprintf(out, size, "%s/%s%s%s.scope", slice_path, prefix,
			 *prefix ? "-" : "", name);
	note_no_systemd();
	return 0;
}

int cg_path_resolve(const char *cgroups_path, const char *id, bool systemd,
		    char **ret, struct jf_error *err)
{
	char raw[4096], clean[4096];

	if (systemd) {
		if (cgroups_path == NULL || *cgroups_path == '\0')
			snprintf(raw, sizeof(raw), "system.slice:jfrun:%s", id);
		else
			snprintf(raw, sizeof(raw), "%s", cgroups_path);
		if (systemd_path(raw, clean, sizeof(clean), err) < 0)
			return -1;
		snprintf(raw, sizeof(raw), "%s", clean);
	} else if (cgroups_path == NULL || *cgroups_path == '\0') {
		const char *parent = getenv("JFRUN_TEST_CGROUP_PARENT");

		if (parent == NULL || parent[0] != '/')
			parent = "/jfrun";
		if (snprintf(raw, sizeof(raw), "%s/%s", parent, id) >=
		    (int)sizeof(raw))
			return jf_error_set(err, 0, "container id too long");
	} else {
		snprintf(raw, sizeof(raw), "%s", cgroups_path);
	}
	if (clean_path(raw, clean, sizeof(clean), FIELD, err) < 0)
		return -1;
	*ret = strdup(clean);
	if (*ret == NULL)
		return jf_error_errno(err, FIELD);
	return 0;
}

int jf_cgroup_resolve_path(const struct oci_config *c, const char *id,
			   bool systemd, char **ret, struct jf_error *err)
{
	const struct oci_linux *lx = c->linux_;

	return cg_path_resolve(lx ? lx->cgroups_path : NULL, id, systemd, ret,
			       err);
}
