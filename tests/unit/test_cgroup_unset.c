/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The values clients send to mean "unset", field by field, against runc's
 * libcontainer/cgroups fs (v1) and fs2 (v2) Set() code: Docker fills every
 * field of a section with Go zero values (`"blockIO": {"weight": 0}`,
 * `"memory": {"kernel": 0}`, `docker update`'s whole resources), and a
 * runtime that writes them (or warns) breaks Docker on hosts without the
 * file.  Each row: the "unset" spelling plans nothing and warns nothing on
 * v1 and v2; a set value still goes to its file (or is refused, or ignored
 * with a warning, as said).  Plans only: no cgroup is touched.  And what a
 * failed `update` writes back, per kind of file.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"
#include "cgroup/resources/resources.h"
#include "cgroup_test_util.h"
#include "oci_test_util.h"
#include "unit.h"

/* What a set value does on one version: "file=value", "error" (refused,
 * naming the field), "warn" (ignored with a warning). */
struct row {
	const char *field;
	const char *unset; /* the client's "unset" spelling */
	const char *set;   /* a real value */
	const char *v1;	   /* what `set` does on v1 */
	const char *v2;	   /* ... and on v2 */
	const char *runc;  /* runc 1.1's rule, for the reader */
};

static const struct row rows[] = {
    {"blockIO.weight", "{'blockIO': {'weight': 0}}",
     "{'blockIO': {'weight': 500}}", "blkio.weight=500", "io.bfq.weight=500",
     "fs: BlkioWeight != 0; fs2: isIoSet BlkioWeight != 0"},
    {"blockIO.leafWeight", "{'blockIO': {'leafWeight': 0}}",
     "{'blockIO': {'leafWeight': 500}}", "blkio.leaf_weight=500", "error",
     "fs: BlkioLeafWeight != 0; fs2: not written"},
    {"blockIO.weightDevice[].weight",
     "{'blockIO': {'weightDevice': [{'major': 8, 'minor': 0, 'weight': 0}]}}",
     "{'blockIO': {'weightDevice': [{'major': 8, 'minor': 0, 'weight': 500}]}}",
     "blkio.weight_device=8:0 500", "io.bfq.weight=8:0 500",
     "fs: wd.Weight != 0 (1.1)"},
    {"blockIO.weightDevice[].leafWeight",
     "{'blockIO': {'weightDevice': [{'major': 8, 'minor': 0, 'leafWeight': "
     "0}]}}",
     "{'blockIO': {'weightDevice': [{'major': 8, 'minor': 0, 'leafWeight': "
     "500}]}}",
     "blkio.leaf_weight_device=8:0 500", "nothing",
     "fs: wd.LeafWeight != 0 (1.1); fs2: not written"},
    {"memory.limit", "{'memory': {'limit': 0}}",
     "{'memory': {'limit': 1048576}}", "memory.limit_in_bytes=1048576",
     "memory.max=1048576",
     "setMemory: val == 0 returns; fs2 numToStr(0) = \"\""},
    {"memory.reservation", "{'memory': {'reservation': 0}}",
     "{'memory': {'reservation': 1048576}}",
     "memory.soft_limit_in_bytes=1048576", "memory.low=1048576",
     "MemoryReservation != 0"},
    {"memory.swap", "{'memory': {'swap': 0}}",
     "{'memory': {'limit': 1048576, 'swap': 2097152}}",
     "memory.memsw.limit_in_bytes=2097152", "memory.swap.max=1048576",
     "setSwap: val == 0 returns"},
    {"memory.kernel", "{'memory': {'kernel': 0}}",
     "{'memory': {'kernel': 1048576}}", "warn", "warn",
     "ignored (kernel memory limits are gone)"},
    {"memory.kernelTCP", "{'memory': {'kernelTCP': 0}}",
     "{'memory': {'kernelTCP': 1048576}}",
     "memory.kmem.tcp.limit_in_bytes=1048576", "warn",
     "ignored (1.1); jfrun still sets it on v1"},
    {"memory.swappiness", "{'memory': {'swappiness': 18446744073709551615}}",
     "{'memory': {'swappiness': 10}}", "memory.swappiness=10", "error",
     "nil or int64(-1): unset"},
    {"memory.disableOOMKiller", "{'memory': {'disableOOMKiller': false}}",
     "{'memory': {'disableOOMKiller': true}}", "memory.oom_control=1", "error",
     "OomKillDisable true only"},
    {"cpu.shares", "{'cpu': {'shares': 0}}", "{'cpu': {'shares': 1024}}",
     "cpu.shares=1024", "cpu.weight=39", "CpuShares != 0"},
    {"cpu.quota", "{'cpu': {'quota': 0}}", "{'cpu': {'quota': 50000}}",
     "cpu.cfs_quota_us=50000", "cpu.max=50000", "CpuQuota != 0"},
    {"cpu.period", "{'cpu': {'period': 0}}", "{'cpu': {'period': 100000}}",
     "cpu.cfs_period_us=100000", "cpu.max=max 100000", "CpuPeriod != 0"},
    {"cpu.realtimeRuntime", "{'cpu': {'realtimeRuntime': 0}}",
     "{'cpu': {'realtimeRuntime': 1000}}", "cpu.rt_runtime_us=1000", "error",
     "CpuRtRuntime != 0"},
    {"cpu.realtimePeriod", "{'cpu': {'realtimePeriod': 0}}",
     "{'cpu': {'realtimePeriod': 1000000}}", "cpu.rt_period_us=1000000",
     "error", "CpuRtPeriod != 0"},
    {"cpu.cpus", "{'cpu': {'cpus': ''}}", "{'cpu': {'cpus': '0'}}",
     "cpuset.cpus=0", "cpuset.cpus=0", "CpusetCpus != \"\""},
    {"cpu.mems", "{'cpu': {'mems': ''}}", "{'cpu': {'mems': '0'}}",
     "cpuset.mems=0", "cpuset.mems=0", "CpusetMems != \"\""},
    /* Not in the table: pids.limit 0 or below writes "max" (the spec's
     * "unlimited"; runc 1.1 leaves the limit as it is for 0); Docker and
     * podman send -1 or a limit, never 0.  hugepageLimits, rdma,
     * network and unified have no "unset" spelling. */
    /* What `docker update --memory 96m` sends (daemon/update_linux.go). */
    {"docker update",
     "{'blockIO': {'weight': 0}, 'cpu': {'shares': 0, "
     "'period': 0, 'quota': 0}, 'memory': {'reservation': 0, "
     "'kernel': 0}}",
     "{'blockIO': {'weight': 0}, 'cpu': {'shares': 0, 'period': 0, 'quota': "
     "0}, 'memory': {'limit': 100663296, 'reservation': 0, 'kernel': 0}}",
     "memory.limit_in_bytes=100663296", "memory.max=100663296",
     "every zero skipped"},
};

static const char *mode_name(enum cg_mode m)
{
	return m == CG_MODE_V2 ? "v2" : "v1";
}

/* "" when the unset spelling plans and warns nothing, else why. */
static bool unset_quiet(enum cg_mode mode, const struct row *row, char *why,
			size_t size)
{
	struct cg_plan p;
	struct jf_error err;
	size_t warned;
	int r = plan_warned(mode, row->unset, &p, &warned, &err);
	bool ok = r == 0 && p.n == 0 && warned == 0;

	snprintf(why, size,
		 "%s = unset on %s: %s, %zu writes (first %s), %zu bytes of "
		 "warnings",
		 row->field, mode_name(mode), r < 0 ? err.msg : "planned",
		 r < 0 ? 0 : p.n, r == 0 && p.n ? p.w[0].file : "-", warned);
	cg_plan_free(&p);
	return ok;
}

static void test_unset_values_plan_nothing_and_warn_nothing(const char *name)
{
	char why[JF_ERROR_MSG_MAX + 256];

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		if (!unset_quiet(CG_MODE_V1, &rows[i], why, sizeof(why)) ||
		    !unset_quiet(CG_MODE_V2, &rows[i], why, sizeof(why)))
			UNIT_FAIL(name, "%s", why);
}

static bool set_as_expected(enum cg_mode mode, const struct row *row,
			    const char *want, char *why, size_t size)
{
	struct cg_plan p;
	struct jf_error err;
	size_t warned;
	int r = plan_warned(mode, row->set, &p, &warned, &err);
	const char *eq = strchr(want, '=');
	bool ok;

	if (strcmp(want, "error") == 0) {
		ok = r < 0 && strstr(err.msg, row->field) != NULL;
	} else if (strcmp(want, "warn") == 0) {
		ok = r == 0 && p.n == 0 && warned > 0;
	} else if (strcmp(want, "nothing") == 0) {
		ok = r == 0 && p.n == 0;
	} else {
		char file[96];
		const char *v;

		snprintf(file, sizeof(file), "%.*s", (int)(eq - want), want);
		v = r == 0 ? planned_value(&p, file) : NULL;
		ok = v != NULL && strcmp(v, eq + 1) == 0;
	}
	snprintf(why, size, "%s set on %s: expected %s, got %s%s (%zu writes)",
		 row->field, mode_name(mode), want, r < 0 ? "error " : "",
		 r < 0 ? err.msg : "a plan", r < 0 ? 0 : p.n);
	cg_plan_free(&p);
	return ok;
}

static void test_set_values_still_apply(const char *name)
{
	char why[JF_ERROR_MSG_MAX + 256];

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		if (!set_as_expected(CG_MODE_V1, &rows[i], rows[i].v1, why,
				     sizeof(why)) ||
		    !set_as_expected(CG_MODE_V2, &rows[i], rows[i].v2, why,
				     sizeof(why)))
			UNIT_FAIL(name, "%s", why);
	}
}

/* `update` puts old values back (cgroup/resources/rollback.c): what it writes
 * for each kind of file, from what it read before. */
static void test_restore_values_by_file_kind(const char *name)
{
	static const struct {
		const char *file, *value, *old, *restore;
	} cases[] = {
	    {"memory.limit_in_bytes", "100663296", "67108864\n", "67108864"},
	    {"memory.max", "100663296", "max\n", "max"},
	    {"cpu.max", "50000 100000", "max 100000\n", "max 100000"},
	    {"memory.oom_control", "1",
	     "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "0"},
	    {"io.weight", "4950", "default 100\n", "100"},
	    {"io.bfq.weight", "8:0 500", "default 100\n8:0 300\n", "8:0 300"},
	    {"io.bfq.weight", "8:0 500", "default 100\n", "8:0 default"},
	    {"io.max", "8:0 rbps=1048576",
	     "8:16 rbps=1 wbps=max riops=max wiops=max\n",
	     "8:0 rbps=max wbps=max riops=max wiops=max"},
	    {"io.max", "8:0 rbps=1048576",
	     "8:0 rbps=5 wbps=max riops=max wiops=max\n",
	     "8:0 rbps=5 wbps=max riops=max wiops=max"},
	    {"blkio.throttle.read_bps_device", "8:0 1048576", "", "8:0 0"},
	    {"blkio.throttle.read_bps_device", "8:0 1048576", "8:16 7\n8:0 9\n",
	     "8:0 9"},
	    {"blkio.weight_device", "8:0 500", "", "8:0 0"},
	    {"rdma.max", "mlx4_0 hca_handle=2", "",
	     "mlx4_0 hca_handle=max hca_object=max"},
	    {"net_prio.ifpriomap", "eth0 5", "lo 0\neth0 2\n", "eth0 2"},
	};
	char buf[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct cg_write w = {.value = (char *)cases[i].value};
		const char *got = cg_restore_value(
		    cases[i].file, &w, cases[i].old, buf, sizeof(buf));

		if (strcmp(got, cases[i].restore) != 0)
			UNIT_FAIL(name,
				  "%s after \"%s\": \"%s\", expected \"%s\"",
				  cases[i].file, cases[i].value, got,
				  cases[i].restore);
	}
}

int main(void)
{
	RUN(test_unset_values_plan_nothing_and_warn_nothing);
	RUN(test_set_values_still_apply);
	RUN(test_restore_values_by_file_kind);
	UNIT_EXIT();
}
