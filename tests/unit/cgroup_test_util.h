/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cgroup unit tests (test_cgroup*.c). */
#ifndef JF_CGROUP_TEST_UTIL_H
#define JF_CGROUP_TEST_UTIL_H

#include <stdio.h>

#include "cgroup/internal.h"

#ifndef TEST_HELPER
#define TEST_HELPER static __attribute__((unused))
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

#endif
