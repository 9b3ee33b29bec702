/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/: path rules, layout parsing and v1/v2 conversions (no cgroup
 * touched), then real cgroups on this host (root needed): every test makes
 * its own cgroup under /jfrun-unit-<pid>/<test name>, and everything left
 * (processes, directories) is removed at the end even when a test failed.
 * The tests of what works on every layout run once per layout: the host's,
 * then its cgroup2 mount seen as a pure v2 layout (cgroup.freeze,
 * cgroup.kill, the eBPF device filter work there); see main().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "cgroup/cgroup.h"
#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"
#include "cgroup/resources/resources.h"
#include "cgroup_test_util.h"
#include "oci_test_util.h"
#include "unit.h"

static char base[64]; /* "/jfrun-unit-<pid>" */
static pid_t spawned[64];
static size_t n_spawned;

/* ---- helpers ---- */

static struct oci_config *config(const char *name, const char *resources)
{
	static char json[1 << 14];

	snprintf(json, sizeof(json),
		 "{" MINIMAL_CONFIG ", 'linux': {'cgroupsPath': '%s/%s', "
		 "'resources': {%s}}}",
		 base, name, resources);
	return config_of(json);
}

/* Whether the test runs on a pure v2 layout (the host's, or the view of
 * its cgroup2 mount): the few checks that differ ask this. */
static bool on_v2(void)
{
	const struct cg_layout *l = cg_layout(NULL);

	return l != NULL && l->mode == CG_MODE_V2;
}

/* <the cgroup2 mount>/jfrun-unit-<pid>/<name>/<file> */
static const char *cg2path(const char *name, const char *file)
{
	static char buf[512];
	const struct cg_layout *l = cg_layout(NULL);

	snprintf(buf, sizeof(buf), "%s%s/%s/%s",
		 l && l->unified >= 0 ? l->hier[l->unified].mount
				      : "/nonexistent",
		 base, name, file);
	return buf;
}

/* The test's cgroup for these resources (JSON members, single quotes). */
static struct jf_cgroup *create(const char *name, const char *resources,
				struct jf_error *err)
{
	struct oci_config *c = config(name, resources);
	struct jf_cgroup *cg = NULL;

	if (c == NULL)
		return NULL;
	if (jf_cgroup_create(c, "unit", false, &cg, err) < 0) {
		printf("# create: %s\n", err->msg);
		cg = NULL;
	} else if (on_v2()) {
		jf_cgroup_set_cloned_into(cg, false); /* a fork, not clone3 */
	}
	oci_config_free(c);
	return cg;
}

/* <mount of ctrl's hierarchy>/jfrun-unit-<pid>/<name>[/<file>] */
static const char *cgpath(const char *ctrl, const char *name, const char *file)
{
	static char buf[4][512];
	static int k;
	const struct cg_layout *l = cg_layout(NULL);
	int h = l ? cg_layout_find(l, ctrl) : -1;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s%s/%s%s%s",
		 h >= 0 ? l->hier[h].mount : "/nonexistent", base, name,
		 file ? "/" : "", file ? file : "");
	return buf[k];
}

/* A small file, trailing newline removed; "" when unreadable. */
static const char *slurp(const char *path)
{
	static char buf[4][4096];
	static int k;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf[k = (k + 1) % 4], 4095) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return "";
	buf[k][n] = '\0';
	while (n > 0 && buf[k][n - 1] == '\n')
		buf[k][--n] = '\0';
	return buf[k];
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The tests on real cgroups read v1 files: skip where the host keeps the
 * controller elsewhere (a pure v2 host) or lacks a file (no swap
 * accounting, no 2MB huge pages, an older kernel). */
#define NEED_V1(ctrl)                                                          \
	do {                                                                   \
		const struct cg_layout *l_ = cg_layout(NULL);                  \
		int h_ = l_ ? cg_layout_find(l_, ctrl) : -1;                   \
		if (h_ < 0 || l_->hier[h_].v2)                                 \
			SKIP("needs the cgroup v1 %s controller", ctrl);       \
	} while (0)
#define NEED_HOST_FILE(ctrl, file)                                             \
	do {                                                                   \
		const struct cg_layout *l_ = cg_layout(NULL);                  \
		int h_ = l_ ? cg_layout_find(l_, ctrl) : -1;                   \
		char p_[512];                                                  \
		snprintf(p_, sizeof(p_), "%s/%s",                              \
			 h_ >= 0 ? l_->hier[h_].mount : "/nonexistent", file); \
		if (!exists(p_))                                               \
			SKIP("this host has no %s", p_);                       \
	} while (0)

#define NEED_V2_HUGETLB_2MB()                                                  \
	do {                                                                   \
		const struct cg_layout *l_ = cg_layout(NULL);                  \
		int h_ = l_ ? cg_layout_find(l_, "hugetlb") : -1;              \
		if (h_ < 0 || !l_->hier[h_].v2)                                \
			SKIP("needs hugetlb on a cgroup2 mount");              \
		if (!exists("/sys/kernel/mm/hugepages/hugepages-2048kB"))      \
			SKIP("this host has no 2MB huge pages");               \
	} while (0)

/* "major:minor" of a block device of this host (throttles need a real
 * one); false when it has none. */
static bool host_block_dev(char *buf, size_t size)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	bool found = false;

	while (d != NULL && !found && (e = readdir(d)) != NULL) {
		char path[512];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/dev", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		found = fgets(buf, (int)size, f) != NULL;
		buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

/* Is there a directory of this test's cgroup in any hierarchy? */
static bool left_anywhere(const char *name)
{
	const struct cg_layout *l = cg_layout(NULL);
	char path[512];

	for (size_t i = 0; l != NULL && i < l->n; i++) {
		snprintf(path, sizeof(path), "%s%s/%s", l->hier[i].mount, base,
			 name);
		if (exists(path)) {
			printf("(left: %s) ", path);
			return true;
		}
	}
	return false;
}

/* A child that joins the cgroup, runs action (0: ok) and waits to be
 * killed; its pid, or -1 when joining or the action failed. */
static pid_t spawn(const struct jf_cgroup *cg, int (*action)(void))
{
	int p[2];
	char c = 'E';
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		struct jf_error err;

		close(p[0]);
		if (jf_cgroup_enter_self(cg, &err) == 0)
			c = action == NULL || action() == 0 ? 'O' : 'F';
		if (write(p[1], &c, 1) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid > 0 && n_spawned < 64)
		spawned[n_spawned++] = pid;
	if (pid < 0 || read(p[0], &c, 1) != 1)
		c = 'E';
	close(p[0]);
	return c == 'O' ? pid : -1;
}

static void reap(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

static bool in_cgroup(pid_t pid, const char *ctrl, const char *name)
{
	char path[64], want[256];
	const char *text;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	text = slurp(path);
	snprintf(want, sizeof(want), ":%s:%s/%s\n", ctrl, base, name);
	if (strstr(text, want) != NULL)
		return true;
	want[strlen(want) - 1] = '\0'; /* last line */
	return strlen(text) >= strlen(want) &&
	       strcmp(text + strlen(text) - strlen(want), want) == 0;
}

static bool pids_has(const struct jf_cgroup *cg, pid_t pid)
{
	pid_t *pids = NULL;
	size_t n = 0;
	bool found = false;
	struct jf_error err;

	if (jf_cgroup_pids(cg, &pids, &n, &err) < 0)
		return false;
	for (size_t i = 0; i < n; i++)
		found |= pids[i] == pid;
	free(pids);
	return found;
}

static size_t pids_count(const struct jf_cgroup *cg)
{
	pid_t *pids = NULL;
	size_t n = 0;
	struct jf_error err;

	jf_cgroup_pids(cg, &pids, &n, &err);
	free(pids);
	return n;
}

static void remove_tree(const char *dir)
{
	char cmd[600];

	/* depth first: children before parents */
	snprintf(cmd, sizeof(cmd),
		 "find '%s' -depth -type d -exec rmdir {} + 2>/dev/null", dir);
	if (system(cmd) < 0)
		return;
}

static void cleanup_all(void)
{
	const struct cg_layout *l = cg_layout(NULL);
	char path[512];

	for (size_t i = 0; i < n_spawned; i++)
		reap(spawned[i]);
	n_spawned = 0;
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		snprintf(path, sizeof(path), "%s%s", l->hier[i].mount, base);
		remove_tree(path);
	}
}

/* Runs the v2 tests on the cgroup2 mount of the hybrid host, as if it were
 * a pure v2 host. */
static bool use_v2_view(void)
{
	const struct cg_layout *host = cg_layout(NULL);
	struct cg_layout v2 = {.mode = CG_MODE_V2, .n = 1, .unified = 0};

	if (host == NULL || host->unified < 0)
		return false;
	v2.hier[0] = host->hier[host->unified];
	cg_layout_override(&v2);
	return true;
}

/* Plan linux.resources (single-quoted JSON object) for a layout. */
static int plan_for(enum cg_mode mode, const char *resources, struct cg_plan *p,
		    struct jf_error *err)
{
	size_t warned;

	return plan_warned(mode, resources, p, &warned, err);
}

/* The value planned for a file ("(none)" when not planned). */
static const char *planned(const struct cg_plan *p, const char *file)
{
	const char *v = planned_value(p, file);

	return v != NULL ? v : "(none)";
}

/* ---- cgroupsPath ---- */

static const char *resolved(const char *cgroups_path, bool systemd)
{
	static char out[JF_ERROR_MSG_MAX + 16];
	struct jf_error err;
	char *path = NULL;

	if (cg_path_resolve(cgroups_path, "abc", systemd, &path, &err) < 0)
		snprintf(out, sizeof(out), "error: %s", err.msg);
	else
		snprintf(out, sizeof(out), "%s", path);
	free(path);
	return out;
}

static void test_path_default_is_jfrun_id(const char *name)
{
	CHECK_STR(resolved(NULL, false), "/jfrun/abc");
}

static void test_path_relative_is_from_the_root(const char *name)
{
	CHECK_STR(resolved("pods/x", false), "/pods/x");
	CHECK_STR(resolved("/a//b/./c/", false), "/a/b/c");
}

static void test_path_dotdot_is_an_error(const char *name)
{
	CHECK(strstr(resolved("/a/../../etc", false),
		     "error: linux.cgroupsPath: \"..\"") != NULL);
}

static void test_path_root_is_an_error(const char *name)
{
	CHECK(strstr(resolved("/", false), "error: linux.cgroupsPath") != NULL);
}

static void test_path_systemd_maps_to_scope(const char *name)
{
	CHECK_STR(resolved("machine.slice:libpod:abc", true),
		  "/machine.slice/libpod-abc.scope");
	CHECK_STR(resolved("a-b.slice:p:n", true),
		  "/a.slice/a-b.slice/p-n.scope");
	CHECK_STR(resolved("-.slice:p:n", true), "/p-n.scope");
	CHECK_STR(resolved(NULL, true), "/system.slice/jfrun-abc.scope");
}

static void test_path_systemd_needs_three_parts(const char *name)
{
	CHECK(strstr(resolved("/plain/path", true),
		     "linux.cgroupsPath: with --systemd-cgroup it must be "
		     "\"slice:prefix:name\"") != NULL);
}

/* ---- layout ---- */

static const char *mi_cgroup1 =
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup "
    "rw,xattr,name=systemd\n";

static void test_layout_v1(const char *name)
{
	struct cg_layout l;
	struct jf_error err;

	CHECK(cg_layout_parse(mi_cgroup1, &l, &err) == 0);
	CHECK(l.mode == CG_MODE_V1 && l.n == 3 && l.unified == -1);
	CHECK_STR(l.hier[cg_layout_find(&l, "memory")].mount,
		  "/sys/fs/cgroup/memory");
	CHECK_STR(l.hier[2].controllers, "name=systemd");
}

static void test_layout_hybrid(const char *name)
{
	char mi[1024];
	struct cg_layout l;
	struct jf_error err;

	snprintf(
	    mi, sizeof(mi), "%s%s", mi_cgroup1,
	    "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
	CHECK(cg_layout_parse(mi, &l, &err) == 0);
	CHECK(l.mode == CG_MODE_HYBRID && l.unified == 3);
}

static void test_layout_v2(const char *name)
{
	struct cg_layout l;
	struct jf_error err;

	CHECK(cg_layout_parse("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 "
			      "cgroup2 rw,nsdelegate\n",
			      &l, &err) == 0);
	CHECK(l.mode == CG_MODE_V2 && l.n == 1 && l.unified == 0);
	CHECK_STR(l.hier[0].mount, "/sys/fs/cgroup");
}

/* This host: the statfs shortcut finds what mountinfo says, hierarchy by
 * hierarchy (in its own order), or declines. */
static void test_layout_usual_places_match_mountinfo(const char *name)
{
	struct cg_layout fast, full;
	struct jf_error err;

	CHECK(cg_layout_from_mountinfo(&full, &err) == 0);
	if (cg_layout_at_usual_places(&fast) < 0) {
		printf("(declined on this host) ");
		return;
	}
	CHECK(fast.mode == full.mode);
	CHECK(fast.n == full.n);
	CHECK((fast.unified < 0) == (full.unified < 0));
	for (size_t i = 0; i < fast.n; i++) {
		bool found = false;
		for (size_t j = 0; j < full.n; j++)
			found |= strcmp(fast.hier[i].mount,
					full.hier[j].mount) == 0 &&
				 fast.hier[i].v2 == full.hier[j].v2 &&
				 (fast.hier[i].v2 ||
				  strcmp(fast.hier[i].controllers,
					 full.hier[j].controllers) == 0);
		if (!found)
			UNIT_FAIL(name, "%s (%s) not in mountinfo",
				  fast.hier[i].mount, fast.hier[i].controllers);
	}
}

/* ---- conversions and plans (nothing touched) ---- */

static void test_shares_to_weight(const char *name)
{
	CHECK(cg_shares_to_weight(2) == 1);
	CHECK(cg_shares_to_weight(1024) == 39);
	CHECK(cg_shares_to_weight(262144) == 10000);
}

static void test_blkio_weight_to_io_weight(const char *name)
{
	CHECK(cg_blkio_to_io_weight(10) == 1);
	CHECK(cg_blkio_to_io_weight(500) == 4950);
	CHECK(cg_blkio_to_io_weight(1000) == 10000);
}

static void test_v1_swap_is_memory_plus_swap(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V1,
		       "{'memory': {'limit': 1000000, 'swap': 3000000}}", &p,
		       &err) == 0);
	CHECK_STR(planned(&p, "memory.limit_in_bytes"), "1000000");
	CHECK_STR(planned(&p, "memory.memsw.limit_in_bytes"), "3000000");
	cg_plan_free(&p);
}

static void test_v2_swap_is_swap_alone(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V2,
		       "{'memory': {'limit': 1000000, 'swap': 3000000}}", &p,
		       &err) == 0);
	CHECK_STR(planned(&p, "memory.max"), "1000000");
	CHECK_STR(planned(&p, "memory.swap.max"), "2000000");
	cg_plan_free(&p);
}

static void test_v2_unlimited_memory_is_max(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V2, "{'memory': {'limit': -1}}", &p, &err) == 0);
	CHECK_STR(planned(&p, "memory.max"), "max");
	CHECK_STR(planned(&p, "memory.swap.max"), "max");
	cg_plan_free(&p);
}

static void test_swap_below_limit_names_field(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V1,
		       "{'memory': {'limit': 3000000, 'swap': 1000000}}", &p,
		       &err) < 0);
	CHECK(
	    strstr(err.msg, "linux.resources.memory.swap: 1000000 is below") ==
	    err.msg);
	cg_plan_free(&p);
}

static void test_v2_cpu_max_and_weight(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(
		  CG_MODE_V2,
		  "{'cpu': {'shares': 1024, 'quota': 50000, 'period': 100000,"
		  " 'burst': 1000}}",
		  &p, &err) == 0);
	CHECK_STR(planned(&p, "cpu.weight"), "39");
	CHECK_STR(planned(&p, "cpu.max"), "50000 100000");
	CHECK_STR(planned(&p, "cpu.max.burst"), "1000");
	cg_plan_free(&p);
}

static void test_v2_realtime_names_field(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V2, "{'cpu': {'realtimeRuntime': 1000}}", &p,
		       &err) < 0);
	CHECK(strstr(err.msg, "linux.resources.cpu.realtimeRuntime:") ==
	      err.msg);
	cg_plan_free(&p);
}

static void test_v2_io_weight_and_throttle(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V2,
		       "{'blockIO': {'weight': 500, 'throttleReadBpsDevice': "
		       "[{'major': 8, 'minor': 0, 'rate': 1048576}]}}",
		       &p, &err) == 0);
	CHECK_STR(planned(&p, "io.bfq.weight"), "500");
	CHECK_STR(p.w[0].alt_file, "io.weight");
	CHECK_STR(p.w[0].alt_value, "4950");
	CHECK_STR(planned(&p, "io.max"), "8:0 rbps=1048576");
	cg_plan_free(&p);
}

static void test_v2_swappiness_names_field(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V2, "{'memory': {'swappiness': 10}}", &p, &err) <
	      0);
	CHECK(strstr(err.msg, "linux.resources.memory.swappiness:") == err.msg);
	cg_plan_free(&p);
}

static void test_unified_on_v1_host_names_field(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V1, "{'unified': {'memory.high': '1000000'}}",
		       &p, &err) < 0);
	CHECK(strstr(err.msg, "linux.resources.unified: needs cgroup v2") ==
	      err.msg);
	cg_plan_free(&p);
}

static void test_hybrid_hugetlb_is_written_the_v2_way(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(
		  CG_MODE_HYBRID,
		  "{'hugepageLimits': [{'pageSize': '2MB', 'limit': 2097152}]}",
		  &p, &err) == 0);
	CHECK_STR(planned(&p, "hugetlb.2MB.max"), "2097152");
	CHECK(p.need == 1u << 7);
	cg_plan_free(&p);
}

static void test_bad_page_size_names_field(const char *name)
{
	struct cg_plan p;
	struct jf_error err;

	CHECK(plan_for(CG_MODE_V1,
		       "{'hugepageLimits': [{'pageSize': '../x', 'limit': 1}]}",
		       &p, &err) < 0);
	CHECK(strstr(err.msg, "linux.resources.hugepageLimits[0].pageSize:") ==
	      err.msg);
	cg_plan_free(&p);
}

static void test_device_rules_deny_all_then_spec_then_defaults(const char *name)
{
	struct oci_device_cgroup d[2] = {
	    {.allow = false, .access = "rwm"},
	    {.allow = true,
	     .type = "c",
	     .has_major = true,
	     .major = 10,
	     .has_minor = true,
	     .minor = 200,
	     .access = "rw"},
	};
	struct cg_dev_rule *r = NULL;
	size_t n = 0;
	struct jf_error err;

	CHECK(cg_dev_rules(d, 2, &r, &n, &err) == 0);
	CHECK(n == 13); /* the spec's deny-all stands for ours */
	CHECK(!r[0].allow && r[0].type == 'a');
	CHECK(r[1].allow && r[1].major == 10 &&
	      r[1].access == (CG_DEV_R | CG_DEV_W));
	CHECK(r[2].allow && r[2].type == 'c' && r[2].major == -1);
	free(r);
}

static void test_bad_device_access_names_field(const char *name)
{
	struct oci_device_cgroup d = {.allow = true, .access = "rx"};
	struct cg_dev_rule *r = NULL;
	size_t n;
	struct jf_error err;

	CHECK(cg_dev_rules(&d, 1, &r, &n, &err) < 0);
	CHECK(strstr(err.msg, "linux.resources.devices[0].access:") == err.msg);
}

/* ---- real cgroups: create ---- */

static void test_memory_values_are_set(const char *name)
{
	NEED_V1("memory");
	NEED_HOST_FILE("memory", "memory.memsw.limit_in_bytes");
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name,
		   "'memory': {'limit': 104857600, 'swap': 209715200, "
		   "'reservation': 52428800, 'swappiness': 10, "
		   "'disableOOMKiller': true}",
		   &err);

	CHECK(cg != NULL);
	CHECK_STR(slurp(cgpath("memory", name, "memory.limit_in_bytes")),
		  "104857600");
	CHECK_STR(slurp(cgpath("memory", name, "memory.memsw.limit_in_bytes")),
		  "209715200");
	CHECK_STR(slurp(cgpath("memory", name, "memory.soft_limit_in_bytes")),
		  "52428800");
	CHECK_STR(slurp(cgpath("memory", name, "memory.swappiness")), "10");
	CHECK(strstr(slurp(cgpath("memory", name, "memory.oom_control")),
		     "oom_kill_disable 1") != NULL);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_kernel_memory_is_ignored(const char *name)
{
	NEED_V1("memory");
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'memory': {'kernel': 1048576}", &err);

	/* Made (a cgroupsPath is given: see add_managed_hierarchies) but no
	 * limit set: the kernel value is only warned about. */
	CHECK(cg != NULL);
	CHECK(
	    !exists(cgpath("memory", name, "memory.kmem.limit_in_bytes")) ||
	    strstr(slurp(cgpath("memory", name, "memory.kmem.limit_in_bytes")),
		   "1048576") == NULL);
	jf_cgroup_destroy(cg, &err);
	jf_cgroup_free(cg);
}

static void test_cpu_values_are_set(const char *name)
{
	NEED_V1("cpu");
	NEED_HOST_FILE("cpu", "cpu.cfs_burst_us");
	NEED_HOST_FILE("cpu", "cpu.idle");
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name,
		   "'cpu': {'shares': 512, 'quota': 20000, 'period': 50000, "
		   "'burst': 1000, 'idle': 0}",
		   &err);

	CHECK(cg != NULL);
	CHECK_STR(slurp(cgpath("cpu", name, "cpu.shares")), "512");
	CHECK_STR(slurp(cgpath("cpu", name, "cpu.cfs_quota_us")), "20000");
	CHECK_STR(slurp(cgpath("cpu", name, "cpu.cfs_period_us")), "50000");
	CHECK_STR(slurp(cgpath("cpu", name, "cpu.cfs_burst_us")), "1000");
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_cpuset_mems_copied_from_parent(const char *name)
{
	NEED_V1("cpuset");
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "'cpu': {'cpus': '0'}", &err);
	char root_mems[64];

	CHECK(cg != NULL);
	snprintf(root_mems, sizeof(root_mems), "%s",
		 slurp("/sys/fs/cgroup/cpuset/cpuset.mems"));
	CHECK_STR(slurp(cgpath("cpuset", name, "cpuset.cpus")), "0");
	CHECK_STR(slurp(cgpath("cpuset", name, "cpuset.mems")), root_mems);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_pids_limit_is_set(const char *name)
{
	NEED_V1("pids");
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "'pids': {'limit': 42}", &err);

	CHECK(cg != NULL);
	CHECK_STR(slurp(cgpath("pids", name, "pids.max")), "42");
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_blkio_throttle_is_set(const char *name)
{
	char dev[32], res[512], want[64];
	unsigned major = 0, minor = 0;
	struct jf_error err;
	struct jf_cgroup *cg;

	NEED_V1("blkio");
	if (!host_block_dev(dev, sizeof(dev)) ||
	    sscanf(dev, "%u:%u", &major, &minor) != 2)
		SKIP("this host has no block device to throttle");
	snprintf(res, sizeof(res),
		 "'blockIO': {'throttleReadBpsDevice': [{'major': %u, 'minor': "
		 "%u, 'rate': 1048576}], 'throttleWriteIOPSDevice': [{'major': "
		 "%u, 'minor': %u, 'rate': 100}]}",
		 major, minor, major, minor);
	cg = create(name, res, &err);
	CHECK(cg != NULL);
	snprintf(want, sizeof(want), "%u:%u 1048576", major, minor);
	CHECK_STR(
	    slurp(cgpath("blkio", name, "blkio.throttle.read_bps_device")),
	    want);
	snprintf(want, sizeof(want), "%u:%u 100", major, minor);
	CHECK_STR(
	    slurp(cgpath("blkio", name, "blkio.throttle.write_iops_device")),
	    want);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* Does this host's blkio hierarchy have a weight file (CFQ or BFQ)?  The
 * host decides what to expect, never jfrun's answer. */
static bool host_has_blkio_weight(void)
{
	const struct cg_layout *l = cg_layout(NULL);
	int h = l ? cg_layout_find(l, "blkio") : -1;
	char path[512];

	if (h < 0)
		return false;
	snprintf(path, sizeof(path), "%s/blkio.weight", l->hier[h].mount);
	if (exists(path))
		return true;
	snprintf(path, sizeof(path), "%s/blkio.bfq.weight", l->hier[h].mount);
	return exists(path);
}

/* Without CFQ the weight goes to BFQ's file, as runc and crun do. */
static void test_blkio_weight_falls_back_to_bfq(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg;

	if (!host_has_blkio_weight())
		SKIP("this host's block devices have neither CFQ nor BFQ (no "
		     "blkio.weight, no blkio.bfq.weight)");
	cg = create(name, "'blockIO': {'weight': 500}", &err);
	CHECK(cg != NULL);
	if (exists(cgpath("blkio", name, "blkio.weight")))
		CHECK_STR(slurp(cgpath("blkio", name, "blkio.weight")), "500");
	else
		CHECK_STR(slurp(cgpath("blkio", name, "blkio.bfq.weight")),
			  "500");
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* Where the host has no weight file, a weight is refused, naming the
 * field, and nothing is left. */
static void test_blkio_weight_unsupported_names_field(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg;

	if (host_has_blkio_weight())
		SKIP("this host has a blkio weight file: no error to check");
	cg = create(name, "'blockIO': {'weight': 500}", &err);
	if (cg != NULL) {
		jf_cgroup_destroy(cg, &err);
		jf_cgroup_free(cg);
		UNIT_FAIL(name, "a weight was accepted without a weight file");
	}
	CHECK(strstr(err.msg, "linux.resources.blockIO.weight") != NULL);
	CHECK(strstr(err.msg, "not supported") != NULL);
	CHECK(!left_anywhere(name));
}

static void test_blkio_leaf_weight_missing_names_field(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'blockIO': {'leafWeight': 500}", &err);

	if (cg != NULL) {
		printf("# this host has blkio.leaf_weight: nothing to check\n");
		jf_cgroup_destroy(cg, &err);
		jf_cgroup_free(cg);
		return;
	}
	CHECK_STR(err.msg,
		  "linux.resources.blockIO.leafWeight: not supported by "
		  "this host (no blkio.leaf_weight)");
	CHECK(!left_anywhere(name));
}

static void test_network_without_net_cls_names_field(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'network': {'classID': 1048577}", &err);

	if (cg_layout_find(cg_layout(NULL), "net_cls") >= 0) {
		printf("# this host has net_cls: nothing to check\n");
		jf_cgroup_destroy(cg, &err);
		jf_cgroup_free(cg);
		return;
	}
	CHECK(cg == NULL);
	CHECK(strstr(err.msg, "linux.resources.network.classID: the net_cls "
			      "cgroup controller is not available on this "
			      "host") == err.msg);
	CHECK(!left_anywhere(name));
}

static void test_unified_key_on_hybrid_cgroup2_mount(const char *name)
{
	NEED_V2_HUGETLB_2MB();
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'unified': {'hugetlb.2MB.max': '2097152'}", &err);

	CHECK(cg != NULL);
	CHECK_STR(slurp(cgpath("hugetlb", name, "hugetlb.2MB.max")), "2097152");
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_unified_key_of_v1_controller_names_it(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'unified': {'memory.high': '1M'}", &err);

	CHECK(cg == NULL);
	CHECK(strstr(err.msg, "linux.resources.unified.memory.high: the memory "
			      "controller is not on") == err.msg);
	CHECK(!left_anywhere(name));
}

static void test_default_device_rules(const char *name)
{
	NEED_V1("devices");
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name,
	    "'devices': [{'allow': false, 'access': 'rwm'}, {'allow': true, "
	    "'type': 'c', 'major': 10, 'minor': 200, 'access': 'rwm'}]",
	    &err);
	const char *list;

	CHECK(cg != NULL);
	list = slurp(cgpath("devices", name, "devices.list"));
	CHECK(strstr(list, "c 10:200 rwm\n") != NULL);
	CHECK(strstr(list, "c 1:3 rwm\n") != NULL);
	CHECK(strstr(list, "c 136:* rwm\n") != NULL);
	CHECK(strstr(list, "a *:* rwm") == NULL);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void
test_kernel_rejected_value_names_field_and_leaves_nothing(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'pids': {'limit': 10}, 'cpu': {'cpus': '999'}", &err);

	CHECK(cg == NULL);
	CHECK(strstr(err.msg, "linux.resources.cpu.cpus: writing \"999\" to "
			      "cpuset.cpus: ") == err.msg);
	CHECK(!left_anywhere(name));
}

static void test_busy_cgroup_is_refused(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	struct jf_cgroup *again;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	again = create(name, "", &err);
	CHECK(again == NULL);
	CHECK(strstr(err.msg, "already has processes") != NULL);
	CHECK(pids_has(cg, pid));
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* ---- real cgroups: processes ---- */

static void test_child_joins_every_hierarchy(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name, "'memory': {'limit': 104857600}, 'pids': {'limit': 100}",
	    &err);
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(in_cgroup(pid, "memory", name));
	CHECK(in_cgroup(pid, "pids", name));
	CHECK(in_cgroup(pid, "devices", name));
	/* A config with a cgroupsPath also gets the usual hierarchies (what
	 * podman and containerd read); freezer waits for the first pause. */
	CHECK(in_cgroup(pid, "cpu", name));
	CHECK(!in_cgroup(pid, "freezer", name));
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_pids_lists_the_child(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(pids_has(cg, pid));
	CHECK(pids_count(cg) == 1);
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static int fork_grandchild(void)
{
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			pause();
	return pid > 0 ? 0 : -1;
}

static bool wait_empty(const struct jf_cgroup *cg)
{
	for (int i = 0; i < 2000; i++) {
		if (pids_count(cg) == 0)
			return true;
		usleep(1000);
	}
	return false;
}

static void test_kill_all_sends_the_signal(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	int status = 0;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(jf_cgroup_kill_all(cg, SIGTERM, &err) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static char proc_state(pid_t pid)
{
	char path[64];
	const char *stat;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	stat = strrchr(slurp(path), ')');
	return stat ? stat[2] : '?';
}

static void test_open_finds_the_cgroup(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "'pids': {'limit': 10}", &err);
	struct jf_cgroup *again = NULL;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(jf_cgroup_open(jf_cgroup_path(cg), false, &again, &err) == 0);
	CHECK_STR(jf_cgroup_path(again), jf_cgroup_path(cg));
	CHECK(pids_has(again, pid));
	reap(pid);
	CHECK(jf_cgroup_destroy(again, &err) == 0);
	CHECK(!left_anywhere(name));
	jf_cgroup_free(again);
	jf_cgroup_free(cg);
}

static void test_attach_pid_puts_a_process_everywhere(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "'pids': {'limit': 10}", &err);
	pid_t pid = fork();

	if (pid == 0)
		for (;;)
			pause();
	spawned[n_spawned++] = pid;
	CHECK(cg != NULL);
	CHECK(jf_cgroup_attach_pid(cg, pid, &err) == 0);
	CHECK(in_cgroup(pid, "pids", name));
	CHECK(in_cgroup(pid, "devices", name));
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* ---- update, stats, destroy ---- */

static void test_update_lowers_memory_and_swap(const char *name)
{
	NEED_V1("memory");
	NEED_HOST_FILE("memory", "memory.memsw.limit_in_bytes");
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name, "'memory': {'limit': 209715200, 'swap': 419430400}", &err);
	struct oci_resources *r = NULL;
	const char *json =
	    dq("{'memory': {'limit': 52428800, 'swap': 104857600}}");

	CHECK(cg != NULL);
	CHECK(oci_resources_parse(json, strlen(json), &r, &err) == 0);
	CHECK(jf_cgroup_update(cg, r, &err) == 0);
	CHECK_STR(slurp(cgpath("memory", name, "memory.limit_in_bytes")),
		  "52428800");
	CHECK_STR(slurp(cgpath("memory", name, "memory.memsw.limit_in_bytes")),
		  "104857600");
	oci_resources_free(r);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_update_joins_a_new_controller(const char *name)
{
	NEED_V1("pids");
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	struct oci_resources *r = NULL;
	const char *json = dq("{'pids': {'limit': 7}}");
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(oci_resources_parse(json, strlen(json), &r, &err) == 0);
	CHECK(jf_cgroup_update(cg, r, &err) == 0);
	oci_resources_free(r);
	CHECK_STR(slurp(cgpath("pids", name, "pids.max")), "7");
	CHECK(in_cgroup(pid, "pids", name));
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	CHECK(!left_anywhere(name));
	jf_cgroup_free(cg);
}

static void test_update_bad_value_names_field(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	struct oci_resources *r = NULL;
	const char *json = dq("{'memory': {'swappiness': 101}}");

	CHECK(cg != NULL);
	CHECK(oci_resources_parse(json, strlen(json), &r, &err) == 0);
	CHECK(jf_cgroup_update(cg, r, &err) < 0);
	oci_resources_free(r);
	CHECK(strstr(err.msg, "linux.resources.memory.swappiness: 101") ==
	      err.msg);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_stats_json_parses(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name, "'memory': {'limit': 104857600}, 'pids': {'limit': 10}",
	    &err);
	const char *limit_path[] = {"memory", "usage", "limit", NULL};
	char *json = NULL;
	yajl_val tree;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(jf_cgroup_stats_json(cg, &json, &err) == 0);
	tree = yajl_tree_parse(json, NULL, 0);
	CHECK(tree != NULL && YAJL_IS_OBJECT(tree));
	CHECK(YAJL_IS_INTEGER(yajl_tree_get(tree, limit_path, yajl_t_number)));
	CHECK(YAJL_GET_INTEGER(
		  yajl_tree_get(tree, limit_path, yajl_t_number)) == 104857600);
	/* A cgroupsPath: the usual hierarchies (hugetlb is not one). */
	for (const char *k = "cpu\0memory\0pids\0blkio\0"; *k;
	     k += strlen(k) + 1) {
		const char *path[] = {k, NULL};

		CHECK(yajl_tree_get(tree, path, yajl_t_object) != NULL);
	}
	yajl_tree_free(tree);
	free(json);
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

static void test_destroy_kills_and_leaves_nothing(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name,
		   "'memory': {'limit': 104857600}, 'pids': {'limit': 10}, "
		   "'cpu': {'shares': 100, 'cpus': '0'}, "
		   "'hugepageLimits': [{'pageSize': '2MB', 'limit': 2097152}]",
		   &err);
	pid_t pid;

	CHECK(cg != NULL);
	jf_cgroup_set_cloned_into(cg, false);
	pid = spawn(cg, fork_grandchild);
	CHECK(pid > 0);
	CHECK(in_cgroup(pid, "", name)); /* the cgroup2 mount, for hugetlb */
	CHECK(in_cgroup(pid, "cpuset", name));
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	CHECK(!left_anywhere(name));
	waitpid(pid, NULL, 0);
	jf_cgroup_free(cg);
}

static void test_destroy_accepts_null(const char *name)
{
	struct jf_error err;

	CHECK(jf_cgroup_destroy(NULL, &err) == 0);
}

/* ---- every layout (main() runs these once per layout) ---- */

static void test_kill_all_kills_forked_processes(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, fork_grandchild);
	CHECK(pid > 0);
	CHECK(pids_count(cg) == 2);
	CHECK(jf_cgroup_kill_all(cg, SIGKILL, &err) == 0);
	waitpid(pid, NULL, 0);
	CHECK(wait_empty(cg));
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* v1: the freezer hierarchy, joined on the way, and tasks in D; v2: the
 * cgroup's own cgroup.freeze. */
static void test_freeze_then_thaw(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	bool frozen = false;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(jf_cgroup_freeze(cg, true, &err) == 0);
	CHECK(jf_cgroup_is_frozen(cg, &frozen, &err) == 0 && frozen);
	if (on_v2()) {
		CHECK_STR(slurp(cg2path(name, "cgroup.freeze")), "1");
	} else {
		CHECK(in_cgroup(pid, "freezer", name)); /* joined on the way */
		CHECK(proc_state(pid) == 'D');
	}
	CHECK(jf_cgroup_freeze(cg, false, &err) == 0);
	CHECK(jf_cgroup_is_frozen(cg, &frozen, &err) == 0 && !frozen);
	/* A thawed task is 'R' (woken, maybe not yet run on an idle vCPU)
	 * before it sleeps again: give it a moment to get there. */
	for (int i = 0; i < 200 && proc_state(pid) != 'S'; i++)
		usleep(10000);
	CHECK(proc_state(pid) == 'S');
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	CHECK(!left_anywhere(name));
	jf_cgroup_free(cg);
}

static int open_kmsg_fails(void)
{
	int null = open("/dev/null", O_RDONLY);
	int kmsg = open("/dev/kmsg", O_RDONLY);

	return null >= 0 && kmsg < 0 && errno == EPERM ? 0 : -1;
}

/* The default rules: /dev/null allowed, /dev/kmsg not (v1 devices.deny,
 * v2 the eBPF filter). */
static void test_device_rules_deny_an_unlisted_device(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	pid_t pid;

	CHECK(cg != NULL);
	if (on_v2())
		CHECK(jf_cgroup_v2_fd(cg) >= 0);
	pid = spawn(cg, open_kmsg_fails);
	CHECK(pid > 0);
	CHECK(in_cgroup(pid, on_v2() ? "" : "devices", name));
	reap(pid);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* hugetlb is a v2 controller on both: the hybrid host has it on its
 * cgroup2 mount. */
static void test_hugetlb_limit_is_set(const char *name)
{
	NEED_V2_HUGETLB_2MB();
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name, "'hugepageLimits': [{'pageSize': '2MB', 'limit': 4194304}]",
	    &err);

	CHECK(cg != NULL);
	CHECK_STR(slurp(cgpath("hugetlb", name, "hugetlb.2MB.max")), "4194304");
	CHECK(jf_cgroup_v2_fd(cg) >= 0);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* A cgroupsPath puts a v1 container in cpu,cpuacct too; cpu.stat is in
 * every v2 cgroup. */
static void test_stats_start_with_cpu_usage_and_destroy(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg = create(name, "", &err);
	char *json = NULL;
	pid_t pid;

	CHECK(cg != NULL);
	pid = spawn(cg, NULL);
	CHECK(pid > 0);
	CHECK(jf_cgroup_stats_json(cg, &json, &err) == 0);
	CHECK(strncmp(json, "{\"cpu\":{\"usage\":{\"total\":", 25) == 0);
	free(json);
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	CHECK(!left_anywhere(name));
	waitpid(pid, NULL, 0);
	jf_cgroup_free(cg);
}

/* A failed update puts back what it wrote before the failure: a good value
 * through hugepageLimits, then a bad one through unified (hugetlb is on the
 * cgroup2 mount of either layout). */
static void test_failed_update_puts_old_values_back(const char *name)
{
	NEED_V2_HUGETLB_2MB();
	struct jf_error err;
	struct jf_cgroup *cg = create(
	    name, "'hugepageLimits': [{'pageSize': '2MB', 'limit': 2097152}]",
	    &err);
	struct oci_resources *r = NULL;
	const char *json = dq("{'hugepageLimits': [{'pageSize': '2MB', "
			      "'limit': 4194304}], 'unified': "
			      "{'hugetlb.2MB.max': 'lots'}}");
	int rc;

	CHECK(cg != NULL);
	CHECK(oci_resources_parse(json, strlen(json), &r, &err) == 0);
	rc = jf_cgroup_update(cg, r, &err);
	oci_resources_free(r);
	CHECK(rc < 0);
	CHECK(strstr(err.msg, "linux.resources.unified.hugetlb.2MB.max") ==
	      err.msg);
	CHECK(strstr(err.msg, "(the old values are back)") != NULL);
	CHECK_STR(slurp(cgpath("hugetlb", name, "hugetlb.2MB.max")), "2097152");
	CHECK(jf_cgroup_destroy(cg, &err) == 0);
	jf_cgroup_free(cg);
}

/* ---- only the v2 view: its cgroup2 mount has no memory controller ---- */

static void test_memory_on_host_without_it_names_field(const char *name)
{
	struct jf_error err;
	struct jf_cgroup *cg =
	    create(name, "'memory': {'limit': 1048576}", &err);

	CHECK(cg == NULL);
	CHECK(strstr(err.msg,
		     "linux.resources.memory: the memory cgroup "
		     "controller is not available on this host") == err.msg);
	CHECK(!left_anywhere(name));
}

/* What works the same on every layout. */
static const struct {
	const char *name;
	void (*fn)(const char *);
} every_layout[] = {
#define T(t)                                                                   \
	{                                                                      \
#t, t                                                          \
	}
    T(test_busy_cgroup_is_refused),
    T(test_pids_lists_the_child),
    T(test_kill_all_kills_forked_processes),
    T(test_kill_all_sends_the_signal),
    T(test_freeze_then_thaw),
    T(test_device_rules_deny_an_unlisted_device),
    T(test_hugetlb_limit_is_set),
    T(test_stats_start_with_cpu_usage_and_destroy),
    T(test_failed_update_puts_old_values_back),
#undef T
};

/* Each of every_layout[], named "<test>" on the host's layout and
 * "<test>.v2" on the view of its cgroup2 mount as a pure v2 layout. */
static void run_every_layout(const char *suffix)
{
	char name[128];

	for (size_t i = 0; i < sizeof(every_layout) / sizeof(every_layout[0]);
	     i++) {
		snprintf(name, sizeof(name), "%s%s", every_layout[i].name,
			 suffix);
		unit_run(every_layout[i].fn, name, 0);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF,
		0); /* forked children must not flush it */
	snprintf(base, sizeof(base), "/jfrun-unit-%d", (int)getpid());
	RUN(test_path_default_is_jfrun_id);
	RUN(test_path_relative_is_from_the_root);
	RUN(test_path_dotdot_is_an_error);
	RUN(test_path_root_is_an_error);
	RUN(test_path_systemd_maps_to_scope);
	RUN(test_path_systemd_needs_three_parts);
	RUN(test_layout_v1);
	RUN(test_layout_hybrid);
	RUN(test_layout_v2);
	RUN(test_layout_usual_places_match_mountinfo);
	RUN(test_shares_to_weight);
	RUN(test_blkio_weight_to_io_weight);
	RUN(test_v1_swap_is_memory_plus_swap);
	RUN(test_v2_swap_is_swap_alone);
	RUN(test_v2_unlimited_memory_is_max);
	RUN(test_swap_below_limit_names_field);
	RUN(test_v2_cpu_max_and_weight);
	RUN(test_v2_realtime_names_field);
	RUN(test_v2_io_weight_and_throttle);
	RUN(test_v2_swappiness_names_field);
	RUN(test_unified_on_v1_host_names_field);
	RUN(test_hybrid_hugetlb_is_written_the_v2_way);
	RUN(test_bad_page_size_names_field);
	RUN(test_device_rules_deny_all_then_spec_then_defaults);
	RUN(test_bad_device_access_names_field);
	if (geteuid() != 0 || cg_layout(NULL) == NULL) {
		unit_skip("test_*_on_real_cgroups", "not root or no cgroups");
		UNIT_EXIT();
	}
	RUN(test_memory_values_are_set);
	RUN(test_kernel_memory_is_ignored);
	RUN(test_cpu_values_are_set);
	RUN(test_cpuset_mems_copied_from_parent);
	RUN(test_pids_limit_is_set);
	RUN(test_blkio_throttle_is_set);
	RUN(test_blkio_weight_falls_back_to_bfq);
	RUN(test_blkio_weight_unsupported_names_field);
	RUN(test_blkio_leaf_weight_missing_names_field);
	RUN(test_network_without_net_cls_names_field);
	RUN(test_unified_key_on_hybrid_cgroup2_mount);
	RUN(test_unified_key_of_v1_controller_names_it);
	RUN(test_default_device_rules);
	RUN(test_kernel_rejected_value_names_field_and_leaves_nothing);
	RUN(test_child_joins_every_hierarchy);
	RUN(test_open_finds_the_cgroup);
	RUN(test_attach_pid_puts_a_process_everywhere);
	RUN(test_update_lowers_memory_and_swap);
	RUN(test_update_joins_a_new_controller);
	RUN(test_update_bad_value_names_field);
	RUN(test_stats_json_parses);
	RUN(test_destroy_kills_and_leaves_nothing);
	RUN(test_destroy_accepts_null);
	run_every_layout("");
	if (use_v2_view()) {
		run_every_layout(".v2");
		RUN(test_memory_on_host_without_it_names_field);
		cg_layout_override(NULL);
	} else {
		unit_skip("test_*.v2", "no cgroup2 mount");
	}
	cleanup_all();
	UNIT_EXIT();
}
