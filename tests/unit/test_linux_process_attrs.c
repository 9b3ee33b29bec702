/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.rlimits, oomScoreAdj, scheduler, ioPriority and linux.personality:
 * prepare here, apply in a forked child, and let the child read the value
 * back (getrlimit, /proc, personality, sched_getattr, ioprio_get).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/ioprio.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/process_attrs.h"
#include "linux/procfs.h"
#include "unit.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The child's error message, shared with the parent. */
static char *child_msg;

typedef int (*apply_fn)(const struct jf_process_attrs *, struct jf_error *);

/*
 * In a child: apply, then check() (0 = as expected).  Returns check's
 * result, 100 when apply failed (message in child_msg), 128 on a crash.
 */
static int apply_in_child(apply_fn apply, const struct jf_process_attrs *a,
			  int (*check)(void))
{
	struct jf_error err;
	int status = -1;
	pid_t pid;

	child_msg[0] = '\0';
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (apply(a, &err) < 0) {
			snprintf(child_msg, 4096, "%s", err.msg);
			_exit(100);
		}
		_exit(check ? check() : 0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* oom_score_adj through the host's procfs, as the init and exec write it. */
static int oom_apply(const struct jf_process_attrs *a, struct jf_error *err)
{
	int procfd = jf_procfs_open("/proc", err);
	int rc;

	if (procfd < 0)
		return -1;
	rc = jf_oom_score_adj_apply(a, procfd, err);
	close(procfd);
	return rc;
}

static int prepare(const struct oci_process *p,
		   const struct oci_personality *per,
		   struct jf_process_attrs *a)
{
	struct jf_error err;

	if (jf_process_attrs_prepare(p, per, a, &err) < 0) {
		printf("  prepare: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void check_prepare_error(const char *name, const struct oci_process *p,
				const struct oci_personality *per,
				const char *expect)
{
	struct jf_process_attrs a;
	struct jf_error err;

	CHECK(jf_process_attrs_prepare(p, per, &a, &err) < 0);
	CHECK(a.rlimits == NULL && a.n_rlimits == 0);
	CHECK_STR(err.msg, expect);
}

/* --- rlimits --- */

static void test_every_linux_rlimit_name_is_known(const char *name)
{
	static const char *const names[] = {
	    "RLIMIT_AS",      "RLIMIT_CORE",	 "RLIMIT_CPU",
	    "RLIMIT_DATA",    "RLIMIT_FSIZE",	 "RLIMIT_LOCKS",
	    "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	    "RLIMIT_NOFILE",  "RLIMIT_NPROC",	 "RLIMIT_RSS",
	    "RLIMIT_RTPRIO",  "RLIMIT_RTTIME",	 "RLIMIT_SIGPENDING",
	    "RLIMIT_STACK"};
	struct oci_rlimit r[ARRAY_LEN(names)];
	struct oci_process p = {.rlimits = r, .n_rlimits = ARRAY_LEN(r)};
	struct jf_process_attrs a;
	uint32_t seen = 0;

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		r[i] = (struct oci_rlimit){.type = (char *)names[i]};
	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(a.n_rlimits == ARRAY_LEN(names));
	for (size_t i = 0; i < a.n_rlimits; i++) {
		CHECK_STR(a.rlimits[i].name, names[i]);
		seen |= 1u << a.rlimits[i].resource;
	}
	jf_process_attrs_free(&a);
	CHECK(seen == (1u << RLIM_NLIMITS) - 1);
}

static void test_unknown_rlimit_names_the_field(const char *name)
{
	struct oci_rlimit r[] = {{.type = "RLIMIT_NOFILE"},
				 {.type = "RLIMIT_FOO"}};
	struct oci_process p = {.rlimits = r, .n_rlimits = 2};

	check_prepare_error(name, &p, NULL,
			    "process.rlimits[1].type: unknown rlimit "
			    "RLIMIT_FOO");
}

static void test_duplicate_rlimit_names_both_entries(const char *name)
{
	struct oci_rlimit r[] = {{.type = "RLIMIT_NOFILE"},
				 {.type = "RLIMIT_CORE"},
				 {.type = "RLIMIT_NOFILE"}};
	struct oci_process p = {.rlimits = r, .n_rlimits = 3};

	check_prepare_error(name, &p, NULL,
			    "process.rlimits[2].type: duplicate rlimit "
			    "RLIMIT_NOFILE (also process.rlimits[0])");
}

static void test_soft_rlimit_above_hard_names_the_field(const char *name)
{
	struct oci_rlimit r[] = {
	    {.type = "RLIMIT_NOFILE", .soft = 2048, .hard = 1024}};
	struct oci_process p = {.rlimits = r, .n_rlimits = 1};

	check_prepare_error(name, &p, NULL,
			    "process.rlimits[0].soft: 2048 is above hard 1024 "
			    "for RLIMIT_NOFILE");
}

/* Values nobody inherits (a skipped rlimit must show): checked against
 * this process's own before they are applied. */
#define NOFILE_SOFT   1013
#define NOFILE_HARD   1987
#define CORE_SOFT     4099
#define CORE_HARD     8191
#define MSGQUEUE_SOFT 77777
#define MSGQUEUE_HARD 88888

static bool rlimit_is(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit r;

	return getrlimit(resource, &r) == 0 && r.rlim_cur == soft &&
	       r.rlim_max == hard;
}

static int check_rlimits(void)
{
	return !(rlimit_is(RLIMIT_NOFILE, NOFILE_SOFT, NOFILE_HARD) &&
		 rlimit_is(RLIMIT_CORE, CORE_SOFT, CORE_HARD) &&
		 rlimit_is(RLIMIT_MSGQUEUE, MSGQUEUE_SOFT, MSGQUEUE_HARD));
}

static void test_rlimits_are_applied(const char *name)
{
	struct oci_rlimit r[] = {
	    {.type = "RLIMIT_NOFILE", .soft = NOFILE_SOFT, .hard = NOFILE_HARD},
	    {.type = "RLIMIT_CORE", .soft = CORE_SOFT, .hard = CORE_HARD},
	    {.type = "RLIMIT_MSGQUEUE",
	     .soft = MSGQUEUE_SOFT,
	     .hard = MSGQUEUE_HARD}};
	struct oci_process p = {.rlimits = r, .n_rlimits = 3};
	struct jf_process_attrs a;

	/* Not what this process has already. */
	CHECK(!rlimit_is(RLIMIT_NOFILE, NOFILE_SOFT, NOFILE_HARD));
	CHECK(!rlimit_is(RLIMIT_CORE, CORE_SOFT, CORE_HARD));
	CHECK(!rlimit_is(RLIMIT_MSGQUEUE, MSGQUEUE_SOFT, MSGQUEUE_HARD));
	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(apply_in_child(jf_rlimits_apply, &a, check_rlimits) == 0);
	jf_process_attrs_free(&a);
}

/* Whether this process has CAP_SYS_RESOURCE (CapEff of /proc/self/status):
 * without it the kernel refuses to raise a hard rlimit or to lower
 * oom_score_adj, and jfrun must report it; the host decides, not jfrun. */
static bool has_cap_sys_resource(void)
{
	char line[256];
	unsigned long long eff = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return (eff >> CAP_SYS_RESOURCE) & 1;
}

/* This VM has no CAP_SYS_RESOURCE: the hard nofile limit cannot grow. */
static void test_refused_rlimit_names_the_rlimit(const char *name)
{
	struct rlimit now;
	struct oci_rlimit r[1];
	struct oci_process p = {.rlimits = r, .n_rlimits = 1};
	struct jf_process_attrs a;
	char want[256];
	int rc;

	CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0);
	if (now.rlim_max == RLIM_INFINITY)
		SKIP("the hard nofile limit is unlimited");
	if (has_cap_sys_resource())
		SKIP("this process has CAP_SYS_RESOURCE: the hard limit may "
		     "grow");
	r[0] = (struct oci_rlimit){.type = "RLIMIT_NOFILE",
				   .soft = now.rlim_max + 10000,
				   .hard = now.rlim_max + 10000};
	CHECK(prepare(&p, NULL, &a) == 0);
	rc = apply_in_child(jf_rlimits_apply, &a, NULL);
	jf_process_attrs_free(&a);
	snprintf(want, sizeof(want),
		 "process.rlimits: setting RLIMIT_NOFILE to %" PRIu64
		 "/%" PRIu64 " (hard limit now %" PRIu64
		 "; raising it needs CAP_SYS_RESOURCE): Operation not "
		 "permitted",
		 r[0].soft, r[0].hard, (uint64_t)now.rlim_max);
	CHECK(rc == 100);
	CHECK_STR(child_msg, want);
}

/* --- oomScoreAdj --- */

static int read_oom_score_adj(void)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "re");
	int v = -9999;

	if (f != NULL) {
		if (fscanf(f, "%d", &v) != 1)
			v = -9999;
		fclose(f);
	}
	return v;
}

static int check_oom_500(void)
{
	return read_oom_score_adj() != 500;
}

static void test_oom_score_adj_is_written(const char *name)
{
	struct oci_process p = {.has_oom_score_adj = true,
				.oom_score_adj = 500};
	struct jf_process_attrs a;

	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(apply_in_child(oom_apply, &a, check_oom_500) == 0);
}

static void test_oom_score_adj_out_of_range_names_the_field(const char *name)
{
	struct oci_process p = {.has_oom_score_adj = true,
				.oom_score_adj = 1001};

	check_prepare_error(name, &p, NULL,
			    "process.oomScoreAdj: 1001 is out of range "
			    "[-1000, 1000]");
}

/* This VM has no CAP_SYS_RESOURCE: lowering the score is refused. */
static void test_refused_oom_score_adj_names_the_field(const char *name)
{
	static const char want[] = "process.oomScoreAdj: writing -500 to "
				   "/proc/self/oom_score_adj (lowering it "
				   "needs CAP_SYS_RESOURCE): Permission denied";
	struct oci_process p = {.has_oom_score_adj = true,
				.oom_score_adj = -500};
	struct jf_process_attrs a;
	int rc;

	if (has_cap_sys_resource())
		SKIP("this process has CAP_SYS_RESOURCE: oom_score_adj may go "
		     "negative");
	CHECK(prepare(&p, NULL, &a) == 0);
	rc = apply_in_child(oom_apply, &a, NULL);
	CHECK(rc == 100);
	CHECK_STR(child_msg, want);
}

/* --- personality --- */

static int check_linux32(void)
{
	return personality(0xffffffff) != PER_LINUX32;
}

static void test_personality_linux32_is_applied(const char *name)
{
	struct oci_personality per = {.domain = "LINUX32"};
	struct jf_process_attrs a;

	CHECK(prepare(NULL, &per, &a) == 0);
	CHECK(apply_in_child(jf_personality_apply, &a, check_linux32) == 0);
}

static void test_personality_linux_is_prepared(const char *name)
{
	struct oci_personality per = {.domain = "LINUX"};
	struct jf_process_attrs a;

	CHECK(prepare(NULL, &per, &a) == 0);
	CHECK(a.has_personality && a.personality == PER_LINUX);
}

static void test_unknown_personality_domain_names_the_field(const char *name)
{
	struct oci_personality per = {.domain = "BSD"};

	check_prepare_error(name, NULL, &per,
			    "linux.personality.domain: unknown domain \"BSD\" "
			    "(LINUX or LINUX32)");
}

static void test_personality_flags_are_refused(const char *name)
{
	char *flags[] = {"ADDR_NO_RANDOMIZE"};
	struct oci_personality per = {
	    .domain = "LINUX", .flags = flags, .n_flags = 1};

	check_prepare_error(name, NULL, &per,
			    "linux.personality.flags[0]: unsupported flag "
			    "\"ADDR_NO_RANDOMIZE\" (the runtime-spec defines "
			    "none)");
}

/* --- scheduler --- */

struct sched_attr_v1 {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
	uint32_t util_min, util_max;
};

static int get_sched(struct sched_attr_v1 *attr)
{
	memset(attr, 0, sizeof(*attr));
	return (int)syscall(SYS_sched_getattr, 0, attr, sizeof(*attr), 0);
}

/* Whether this host lets a process of ours take the policy at all (the
 * kernel's admission control, not jfrun: a cpu cgroup without realtime
 * runtime, no deadline bandwidth left, no CAP_SYS_NICE); 0 or the errno. */
static int host_refuses(const struct sched_attr_v1 *want)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct sched_attr_v1 at = *want;

		at.size = sizeof(at);
		_exit(syscall(SYS_sched_setattr, 0, &at, 0) == 0
			  ? 0
			  : errno & 0xff);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return EAGAIN;
	return WEXITSTATUS(st);
}

#define NEED_POLICY(...)                                                       \
	do {                                                                   \
		struct sched_attr_v1 w_ = {__VA_ARGS__};                       \
		int e_ = host_refuses(&w_);                                    \
		if (e_ != 0)                                                   \
			SKIP("this host refuses the policy itself: %s",        \
			     strerror(e_));                                    \
	} while (0)

static int check_batch_nice_5(void)
{
	struct sched_attr_v1 at;

	return get_sched(&at) < 0 || at.policy != SCHED_BATCH || at.nice != 5;
}

static void test_scheduler_policy_and_nice_are_applied(const char *name)
{
	struct oci_scheduler s = {
	    .policy = "SCHED_BATCH", .has_nice = true, .nice = 5};
	struct oci_process p = {.scheduler = &s};
	struct jf_process_attrs a;

	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(apply_in_child(jf_scheduler_apply, &a, check_batch_nice_5) == 0);
}

static int check_rr_10_reset_on_fork(void)
{
	struct sched_attr_v1 at;

	return get_sched(&at) < 0 || at.policy != SCHED_RR ||
	       at.priority != 10 || !(at.flags & SCHED_FLAG_RESET_ON_FORK);
}

static void test_scheduler_priority_and_flags_are_applied(const char *name)
{
	NEED_POLICY(.policy = SCHED_RR, .priority = 10);
	char *flags[] = {"SCHED_FLAG_RESET_ON_FORK"};
	struct oci_scheduler s = {.policy = "SCHED_RR",
				  .has_priority = true,
				  .priority = 10,
				  .flags = flags,
				  .n_flags = 1};
	struct oci_process p = {.scheduler = &s};
	struct jf_process_attrs a;
	int rc;

	CHECK(prepare(&p, NULL, &a) == 0);
	rc = apply_in_child(jf_scheduler_apply, &a, check_rr_10_reset_on_fork);
	if (rc != 0)
		UNIT_FAIL(name, "child: %d %s", rc, child_msg);
}

static int check_deadline(void)
{
	struct sched_attr_v1 at;

	return get_sched(&at) < 0 || at.policy != SCHED_DEADLINE ||
	       at.runtime != 1000000 || at.deadline != 5000000 ||
	       at.period != 10000000;
}

static void test_scheduler_deadline_parameters_are_applied(const char *name)
{
	NEED_POLICY(.policy = SCHED_DEADLINE, .runtime = 1000000,
		    .deadline = 5000000, .period = 10000000);
	struct oci_scheduler s = {.policy = "SCHED_DEADLINE",
				  .has_runtime = true,
				  .runtime = 1000000,
				  .has_deadline = true,
				  .deadline = 5000000,
				  .has_period = true,
				  .period = 10000000};
	struct oci_process p = {.scheduler = &s};
	struct jf_process_attrs a;
	int rc;

	CHECK(prepare(&p, NULL, &a) == 0);
	rc = apply_in_child(jf_scheduler_apply, &a, check_deadline);
	if (rc != 0)
		UNIT_FAIL(name, "child: %d %s", rc, child_msg);
}

static void test_refused_scheduler_names_the_policy(const char *name)
{
	NEED_POLICY(.policy = SCHED_DEADLINE, .runtime = 1000000,
		    .deadline = 5000000, .period = 10000000);
	/* Deadline runtime above the deadline: the kernel says EINVAL. */
	struct oci_scheduler s = {.policy = "SCHED_DEADLINE",
				  .runtime = 5000000,
				  .deadline = 1000000,
				  .period = 10000000};
	struct oci_process p = {.scheduler = &s};
	struct jf_process_attrs a;

	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(apply_in_child(jf_scheduler_apply, &a, NULL) == 100);
	CHECK_STR(child_msg, "process.scheduler: setting SCHED_DEADLINE (nice "
			     "0, priority 0, runtime 5000000, deadline "
			     "1000000, period 10000000): Invalid argument");
}

static void test_unknown_scheduler_policy_names_the_field(const char *name)
{
	struct oci_scheduler s = {.policy = "SCHED_FAST"};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.policy: unknown policy "
			    "\"SCHED_FAST\"");
}

static void test_missing_scheduler_policy_names_the_field(const char *name)
{
	struct oci_scheduler s = {0};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.policy: missing");
}

static void test_unknown_scheduler_flag_names_the_field(const char *name)
{
	char *flags[] = {"SCHED_FLAG_RECLAIM", "SCHED_FLAG_TURBO"};
	struct oci_scheduler s = {
	    .policy = "SCHED_OTHER", .flags = flags, .n_flags = 2};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.flags[1]: unknown flag "
			    "\"SCHED_FLAG_TURBO\"");
}

static void test_nice_out_of_range_names_the_field(const char *name)
{
	struct oci_scheduler s = {
	    .policy = "SCHED_OTHER", .has_nice = true, .nice = 20};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.nice: 20 is out of range "
			    "[-20, 19]");
}

static void
test_realtime_priority_out_of_range_names_the_field(const char *name)
{
	struct oci_scheduler s = {.policy = "SCHED_FIFO"};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.priority: 0 is out of range "
			    "[1, 99] for SCHED_FIFO");
}

static void
test_priority_without_realtime_policy_names_the_field(const char *name)
{
	struct oci_scheduler s = {
	    .policy = "SCHED_OTHER", .has_priority = true, .priority = 3};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler.priority: only SCHED_FIFO and "
			    "SCHED_RR take one, not SCHED_OTHER");
}

static void test_deadline_fields_need_sched_deadline(const char *name)
{
	struct oci_scheduler s = {
	    .policy = "SCHED_BATCH", .has_runtime = true, .runtime = 1000};
	struct oci_process p = {.scheduler = &s};

	check_prepare_error(name, &p, NULL,
			    "process.scheduler: runtime, deadline and period "
			    "are for SCHED_DEADLINE only, not SCHED_BATCH");
}

/* --- ioPriority --- */

static int check_be_6(void)
{
	return syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0) !=
	       IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 6);
}

static void test_io_priority_is_applied(const char *name)
{
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_BE",
				     .priority = 6};
	struct oci_process p = {.io_priority = &io};
	struct jf_process_attrs a;

	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(apply_in_child(jf_io_priority_apply, &a, check_be_6) == 0);
}

static void test_io_priority_classes_map_to_kernel_values(const char *name)
{
	static const struct {
		const char *name;
		int class_;
	} classes[] = {{"IOPRIO_CLASS_RT", IOPRIO_CLASS_RT},
		       {"IOPRIO_CLASS_BE", IOPRIO_CLASS_BE},
		       {"IOPRIO_CLASS_IDLE", IOPRIO_CLASS_IDLE}};
	struct oci_io_priority io = {.priority = 7};
	struct oci_process p = {.io_priority = &io};
	struct jf_process_attrs a;

	for (size_t i = 0; i < ARRAY_LEN(classes); i++) {
		io.class_ = (char *)classes[i].name;
		CHECK(prepare(&p, NULL, &a) == 0);
		CHECK(a.io_priority ==
		      (int)IOPRIO_PRIO_VALUE(classes[i].class_, 7));
	}
}

static void test_io_priority_out_of_range_names_the_field(const char *name)
{
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_BE",
				     .priority = 8};
	struct oci_process p = {.io_priority = &io};

	check_prepare_error(name, &p, NULL,
			    "process.ioPriority.priority: 8 is out of range "
			    "[0, 7]");
}

static void test_negative_io_priority_names_the_field(const char *name)
{
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_RT",
				     .priority = -1};
	struct oci_process p = {.io_priority = &io};

	check_prepare_error(name, &p, NULL,
			    "process.ioPriority.priority: -1 is out of range "
			    "[0, 7]");
}

static void test_unknown_io_priority_class_names_the_field(const char *name)
{
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_NONE"};
	struct oci_process p = {.io_priority = &io};

	check_prepare_error(name, &p, NULL,
			    "process.ioPriority.class: unknown class "
			    "\"IOPRIO_CLASS_NONE\"");
}

/* --- nothing asked, nothing done --- */

static void test_absent_attributes_apply_nothing(const char *name)
{
	struct oci_process p = {0};
	struct jf_process_attrs a;
	struct jf_error err;

	CHECK(prepare(&p, NULL, &a) == 0);
	CHECK(jf_rlimits_apply(&a, &err) == 0);
	CHECK(oom_apply(&a, &err) == 0);
	CHECK(jf_personality_apply(&a, &err) == 0);
	CHECK(jf_scheduler_apply(&a, &err) == 0);
	CHECK(jf_io_priority_apply(&a, &err) == 0);
	jf_process_attrs_free(&a);
}

int main(void)
{
	child_msg = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (child_msg == MAP_FAILED)
		return 1;
	RUN(test_every_linux_rlimit_name_is_known);
	RUN(test_unknown_rlimit_names_the_field);
	RUN(test_duplicate_rlimit_names_both_entries);
	RUN(test_soft_rlimit_above_hard_names_the_field);
	RUN(test_rlimits_are_applied);
	RUN(test_refused_rlimit_names_the_rlimit);
	RUN(test_oom_score_adj_is_written);
	RUN(test_oom_score_adj_out_of_range_names_the_field);
	RUN(test_refused_oom_score_adj_names_the_field);
	RUN(test_personality_linux32_is_applied);
	RUN(test_personality_linux_is_prepared);
	RUN(test_unknown_personality_domain_names_the_field);
	RUN(test_personality_flags_are_refused);
	RUN(test_scheduler_policy_and_nice_are_applied);
	RUN(test_scheduler_priority_and_flags_are_applied);
	RUN(test_scheduler_deadline_parameters_are_applied);
	RUN(test_refused_scheduler_names_the_policy);
	RUN(test_unknown_scheduler_policy_names_the_field);
	RUN(test_missing_scheduler_policy_names_the_field);
	RUN(test_unknown_scheduler_flag_names_the_field);
	RUN(test_nice_out_of_range_names_the_field);
	RUN(test_realtime_priority_out_of_range_names_the_field);
	RUN(test_priority_without_realtime_policy_names_the_field);
	RUN(test_deadline_fields_need_sched_deadline);
	RUN(test_io_priority_is_applied);
	RUN(test_io_priority_classes_map_to_kernel_values);
	RUN(test_io_priority_out_of_range_names_the_field);
	RUN(test_negative_io_priority_names_the_field);
	RUN(test_unknown_io_priority_class_names_the_field);
	RUN(test_absent_attributes_apply_nothing);
	UNIT_EXIT();
}
