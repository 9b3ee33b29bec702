/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * process.capabilities: names to masks, and the sets a process ends with
 * after the runtime's sequence (drop bounding, change uid, apply), checked
 * from /proc/self/status inside a forked child.
 */
#include <grp.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/caps.h"
#include "log.h"
#include "unit.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(c)	     (UINT64_C(1) << (c))

static char *bounding[] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE",
			   "CAP_SETPCAP"};
static char *permitted[] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
static char *effective[] = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE"};
static char *inheritable[] = {"CAP_KILL", "CAP_NET_BIND_SERVICE"};
static char *ambient[] = {"CAP_NET_BIND_SERVICE"};

static const uint64_t want_bnd = BIT(CAP_CHOWN) | BIT(CAP_KILL) |
				 BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SETPCAP);
static const uint64_t want_prm =
    BIT(CAP_CHOWN) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);
static const uint64_t want_eff = BIT(CAP_CHOWN) | BIT(CAP_NET_BIND_SERVICE);
static const uint64_t want_inh = BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);
static const uint64_t want_amb = BIT(CAP_NET_BIND_SERVICE);

static struct oci_capabilities sample_caps(void)
{
	return (struct oci_capabilities){
	    .bounding = bounding,
	    .n_bounding = ARRAY_LEN(bounding),
	    .effective = effective,
	    .n_effective = ARRAY_LEN(effective),
	    .inheritable = inheritable,
	    .n_inheritable = ARRAY_LEN(inheritable),
	    .permitted = permitted,
	    .n_permitted = ARRAY_LEN(permitted),
	    .ambient = ambient,
	    .n_ambient = ARRAY_LEN(ambient),
	};
}

/* "CapEff:\t0000000000000000" from /proc/self/status. */
static int status_mask(const char *key, uint64_t *ret)
{
	char line[256];
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "re");
	int found = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			*ret = strtoull(line + n + 1, NULL, 16);
			found = 0;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Child side: 0 when every set is what `want` says, else 10+index of the
 * first set that differs (printed to stderr). */
static int check_sets(const uint64_t want[5])
{
	static const char *const keys[] = {"CapBnd", "CapPrm", "CapEff",
					   "CapInh", "CapAmb"};
	uint64_t got;

	for (int i = 0; i < 5; i++) {
		if (status_mask(keys[i], &got) < 0 || got != want[i]) {
			fprintf(stderr, "%s: %#" PRIx64 ", want %#" PRIx64 "\n",
				keys[i], got, want[i]);
			return 10 + i;
		}
	}
	return 0;
}

/* The runtime's order: bounding as root, then the ids, then the rest. */
static int become(uid_t uid, const struct jf_caps *c, struct jf_error *err)
{
	if (jf_caps_drop_bounding(c, err) < 0)
		return 1;
	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return 2;
	if (jf_caps_apply(c, err) < 0)
		return 3;
	return 0;
}

struct child_args {
	uid_t uid;
	const struct jf_caps *caps;
	uint64_t want[5]; /* bnd, prm, eff, inh, amb */
};

static int exit_code_of(struct child_args *a)
{
	struct jf_error err;
	pid_t pid;
	int status = -1, rc;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		rc = become(a->uid, a->caps, &err);
		if (rc != 0) {
			fprintf(stderr, "step %d: %s\n", rc, err.msg);
			_exit(rc);
		}
		_exit(check_sets(a->want));
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void test_names_map_to_bits(const char *name)
{
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.present);
	CHECK(caps.bounding == want_bnd);
	CHECK(caps.permitted == want_prm);
	CHECK(caps.effective == want_eff);
	CHECK(caps.inheritable == want_inh);
	CHECK(caps.ambient == want_amb);
}

static void test_absent_capabilities_mean_none(const char *name)
{
	struct jf_caps caps = {.bounding = 1};
	struct jf_error err;

	/* As runc and crun: no process.capabilities, no capabilities. */
	CHECK(jf_caps_prepare(NULL, &caps, &err) == 0);
	CHECK(caps.present);
	CHECK(caps.bounding == 0 && caps.effective == 0 && caps.permitted == 0 &&
	      caps.inheritable == 0 && caps.ambient == 0);
}

static void test_absent_set_is_empty(const char *name)
{
	struct oci_capabilities c = {.bounding = bounding,
				     .n_bounding = ARRAY_LEN(bounding)};
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.bounding == want_bnd);
	CHECK(caps.effective == 0 && caps.permitted == 0);
	CHECK(caps.inheritable == 0 && caps.ambient == 0);
}

static void check_prepare_error(const char *name,
				const struct oci_capabilities *c,
				const char *expect)
{
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(c, &caps, &err) < 0);
	CHECK_STR(err.msg, expect);
}

/* Warnings go to stderr and to the --log file: read them from the file. */
static char log_path[] = "/tmp/jfrun-unit-caps-log.XXXXXX";

static void log_to_file(void)
{
	int fd = mkstemp(log_path);

	if (fd >= 0)
		close(fd);
	jf_log_init(log_path, JF_LOG_TEXT, false);
}

static char *read_log(void)
{
	static char buf[4096];
	FILE *f = fopen(log_path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f != NULL)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* runtime-spec 1.2: an unknown capability is a warning, not an error. */
static void test_unknown_capability_is_ignored_with_a_warning(const char *name)
{
	char *names[] = {"CAP_CHOWN", "CAP_KILL", "CAP_FOO"};
	struct oci_capabilities c = {.bounding = names, .n_bounding = 3};
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.bounding == (BIT(CAP_CHOWN) | BIT(CAP_KILL)));
	CHECK(strstr(read_log(),
		     "warning: process.capabilities.bounding[2]: "
		     "unknown capability CAP_FOO: ignored") != NULL);
}

static void test_unknown_capability_in_ambient_names_the_field(const char *name)
{
	char *names[] = {"CAP_CHWON"};
	struct oci_capabilities c = {.ambient = names, .n_ambient = 1};
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.ambient == 0);
	CHECK(strstr(read_log(), "process.capabilities.ambient[0]: unknown "
				 "capability CAP_CHWON: ignored") != NULL);
}

/* libcap alone would accept a number or a bare "chown": neither is a
 * capability name, so neither grants anything. */
static void test_capability_number_is_not_a_name(const char *name)
{
	char *names[] = {"12", "chown"};
	struct oci_capabilities c = {.permitted = names, .n_permitted = 2};
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.permitted == 0);
	CHECK(strstr(read_log(), "process.capabilities.permitted[0]: unknown "
				 "capability 12: ignored") != NULL);
	CHECK(strstr(read_log(), "process.capabilities.permitted[1]: unknown "
				 "capability chown: ignored") != NULL);
}

/* An ignored name in effective is not "outside permitted". */
static void test_unknown_effective_capability_is_not_checked(const char *name)
{
	char *eff[] = {"CAP_CHOWN", "CAP_NOT_YET_INVENTED"};
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;

	c.effective = eff;
	c.n_effective = 2;
	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.effective == BIT(CAP_CHOWN));
}

/* A name libcap knows but the kernel lacks: CAP_CHECKPOINT_RESTORE (40)
 * on a kernel older than 5.9, which knows 40 capabilities. */
static void test_capability_the_kernel_lacks_is_ignored(const char *name)
{
	char *names[] = {"CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"};
	struct oci_capabilities c = {.bounding = names, .n_bounding = 2};
	struct jf_caps caps;
	struct jf_error err;

	CHECK(jf_caps_prepare_for_kernel(&c, 40, &caps, &err) == 0);
	CHECK(caps.bounding == BIT(CAP_CHOWN));
	CHECK(strstr(read_log(), "process.capabilities.bounding[1]: "
				 "CAP_CHECKPOINT_RESTORE is not known to this "
				 "kernel: ignored") != NULL);
	/* A kernel that has it. */
	CHECK(jf_caps_prepare_for_kernel(&c, 41, &caps, &err) == 0);
	CHECK(caps.bounding == (BIT(CAP_CHOWN) | BIT(40)));
}

static void test_effective_outside_permitted_names_the_field(const char *name)
{
	char *eff[] = {"CAP_CHOWN", "CAP_SYS_ADMIN"};
	struct oci_capabilities c = sample_caps();

	c.effective = eff;
	c.n_effective = 2;
	check_prepare_error(name, &c,
			    "process.capabilities.effective[1]: CAP_SYS_ADMIN "
			    "is not in process.capabilities.permitted");
}

/* The kernel cannot raise them; runc and crun skip them too. */
static void test_ambient_needs_permitted_and_inheritable(const char *name)
{
	char *amb[] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;

	c.ambient = amb;
	c.n_ambient = 3;
	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(caps.ambient == (BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE)));
}

static void
test_non_root_user_keeps_exactly_the_requested_sets(const char *name)
{
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;
	struct child_args a = {
	    .uid = 1000,
	    .caps = &caps,
	    .want = {want_bnd, want_prm, want_eff, want_inh, want_amb},
	};

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(exit_code_of(&a) == 0);
}

static void test_root_user_keeps_exactly_the_requested_sets(const char *name)
{
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;
	struct child_args a = {
	    .uid = 0,
	    .caps = &caps,
	    .want = {want_bnd, want_prm, want_eff, want_inh, want_amb},
	};

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(exit_code_of(&a) == 0);
}

static void test_empty_sets_leave_a_non_root_user_nothing(const char *name)
{
	struct oci_capabilities c = {0};
	struct jf_caps caps;
	struct jf_error err;
	struct child_args a = {.uid = 1000, .caps = &caps, .want = {0}};

	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	CHECK(exit_code_of(&a) == 0);
}

/* capset refuses a new inheritable capability outside the bounding set. */
static void test_refused_capset_names_the_sets(const char *name)
{
	char *inh[] = {"CAP_SYS_ADMIN"};
	struct oci_capabilities c = sample_caps();
	struct jf_caps caps;
	struct jf_error err;
	pid_t pid;
	int status = -1;

	c.inheritable = inh;
	c.n_inheritable = 1;
	c.n_ambient = 0;
	CHECK(jf_caps_prepare(&c, &caps, &err) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (become(1000, &caps, &err) != 3)
			_exit(1);
		_exit(strcmp(err.msg,
			     "process.capabilities: setting effective "
			     "0x401, permitted 0x421, inheritable "
			     "0x200000: Operation not permitted") != 0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_known_names_are_the_libcap_names(const char *name)
{
	const char **names = jf_caps_known_names();
	bool chown = false, checkpoint = false, all_libcap = true;
	size_t n = 0;
	cap_value_t v;

	CHECK(names != NULL);
	for (; names[n] != NULL; n++) {
		all_libcap &= cap_from_name(names[n], &v) == 0 &&
			      strncmp(names[n], "CAP_", 4) == 0;
		chown |= strcmp(names[n], "CAP_CHOWN") == 0;
		checkpoint |= strcmp(names[n], "CAP_CHECKPOINT_RESTORE") == 0;
	}
	free(names);
	CHECK(all_libcap);
	CHECK(chown && checkpoint);
	CHECK(n == (size_t)CAP_LAST_CAP + 1);
}

int main(void)
{
	log_to_file();
	RUN(test_names_map_to_bits);
	RUN(test_absent_capabilities_mean_none);
	RUN(test_absent_set_is_empty);
	RUN(test_unknown_capability_is_ignored_with_a_warning);
	RUN(test_unknown_capability_in_ambient_names_the_field);
	RUN(test_unknown_effective_capability_is_not_checked);
	RUN(test_capability_the_kernel_lacks_is_ignored);
	RUN(test_capability_number_is_not_a_name);
	RUN(test_effective_outside_permitted_names_the_field);
	RUN(test_ambient_needs_permitted_and_inheritable);
	RUN(test_non_root_user_keeps_exactly_the_requested_sets);
	RUN(test_root_user_keeps_exactly_the_requested_sets);
	RUN(test_empty_sets_leave_a_non_root_user_nothing);
	RUN(test_refused_capset_names_the_sets);
	RUN(test_known_names_are_the_libcap_names);
	unlink(log_path);
	UNIT_EXIT();
}
