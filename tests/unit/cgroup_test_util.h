/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cgroup unit tests (test_cgroup*.c). */
#ifndef JF_CGROUP_TEST_UTIL_H
#define JF_CGROUP_TEST_UTIL_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/resources/resources.h"
#include "oci_test_util.h"

#ifndef TEST_HELPER
#define TEST_HELPER static __attribute__((unused))
/* Plans linux.resources (single-quoted JSON) for a fake layout; *warned:
 * bytes jfrun wrote to stderr meanwhile (warnings). */
TEST_HELPER int plan_warned(enum cg_mode mode, const char *resources,
			    struct cg_plan *p, size_t *warned,
			    struct jf_error *err)
{
	struct cg_layout l = fake_layout(mode);
	struct cg_build b = {&l, p, NULL};
	struct oci_resources *r = NULL;
	const char *text = dq(resources);
	char tmpl[] = "/tmp/jfrun-unit-warn-XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	int ret = -1;

	memset(p, 0, sizeof(*p));
	*warned = 0;
	if (fd < 0 || saved < 0)
		return jf_error_set(err, 0, "test setup: mkstemp/dup");
	unlink(tmpl);
	if (oci_resources_parse(text, strlen(text), &r, err) == 0) {
		fflush(stderr);
		dup2(fd, 2);
		ret = cg_build_resources(&b, r, err);
		fflush(stderr);
		dup2(saved, 2);
		*warned = (size_t)lseek(fd, 0, SEEK_END);
	}
	close(saved);
	close(fd);
	oci_resources_free(r);
	return ret;
}

/* The value planned for a file, NULL when none. */
TEST_HELPER const char *planned_value(const struct cg_plan *p, const char *file)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->w[i].file, file) == 0)
			return p->w[i].value;
	return NULL;
}

#endif

/* A v1, a hybrid and a v2 layout that plans can be built for. */
TEST_HELPER struct cg_layout fake_layout(enum cg_mode mode)
{
	static const char *const v1[] = {"cpu,cpuacct", "memory", "devices",
					 "pids",	"blkio",  "cpuset",
					 "freezer"};
	struct cg_layout l = {.mode = mode, .unified = -1};

	if (mode == CG_MODE_V2) {
		snprintf(l.hier[0].mount, sizeof(l.hier[0].mount),
			 "/sys/fs/cgroup");
		snprintf(l.hier[0].controllers, sizeof(l.hier[0].controllers),
			 "cpuset,cpu,io,memory,hugetlb,pids,rdma");
		l.hier[0].v2 = true;
		l.n = 1;
		l.unified = 0;
		return l;
	}
	for (size_t i = 0; i < 7; i++) {
		snprintf(l.hier[i].mount, sizeof(l.hier[i].mount),
			 "/sys/fs/cgroup/%s", v1[i]);
		snprintf(l.hier[i].controllers, sizeof(l.hier[i].controllers),
			 "%s", v1[i]);
	}
	l.n = 7;
	if (mode == CG_MODE_HYBRID) {
		snprintf(l.hier[7].mount, sizeof(l.hier[7].mount),
			 "/sys/fs/cgroup/unified");
		snprintf(l.hier[7].controllers, sizeof(l.hier[7].controllers),
			 "hugetlb");
		l.hier[7].v2 = true;
		l.unified = 7;
		l.n = 8;
	}
	return l;
}

/* Plans linux.resources (single-quoted JSON) for a fake layout; *warned:
 * bytes jfrun wrote to stderr meanwhile (warnings). */
TEST_HELPER int plan_warned(enum cg_mode mode, const char *resources,
			    struct cg_plan *p, size_t *warned,
			    struct jf_error *err)
{
	struct cg_layout l = fake_layout(mode);
	struct cg_build b = {&l, p, NULL};
	struct oci_resources *r = NULL;
	const char *text = dq(resources);
	char tmpl[] = "/tmp/jfrun-unit-warn-XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	int ret = -1;

	memset(p, 0, sizeof(*p));
	*warned = 0;
	if (fd < 0 || saved < 0)
		return jf_error_set(err, 0, "test setup: mkstemp/dup");
	unlink(tmpl);
	if (oci_resources_parse(text, strlen(text), &r, err) == 0) {
		fflush(stderr);
		dup2(fd, 2);
		ret = cg_build_resources(&b, r, err);
		fflush(stderr);
		dup2(saved, 2);
		*warned = (size_t)lseek(fd, 0, SEEK_END);
	}
	close(saved);
	close(fd);
	oci_resources_free(r);
	return ret;
}

/* The value planned for a file, NULL when none. */
TEST_HELPER const char *planned_value(const struct cg_plan *p, const char *file)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->w[i].file, file) == 0)
			return p->w[i].value;
	return NULL;
}

#endif
