/* SPDX-License-Identifier: GPL-2.0-or-later */
/* linux/lsm.c: the mount label's context= option, and the refusals of
 * jf_lsm_prepare on a host without the LSM. */
#include <stdlib.h>
#include <string.h>

#include "linux/lsm.h"
#include "unit.h"

#define LABEL "system_u:object_r:container_file_t:s0:c1,c2"

static void test_mount_label_added_to_tmpfs_options(const char *name)
{
	struct jf_error err = {0};
	char data[256] = "mode=755,size=65536k";

	CHECK(jf_lsm_mount_data(LABEL, "tmpfs", data, sizeof(data), "mounts[1]",
				&err) == 0);
	CHECK_STR(data, "mode=755,size=65536k,context=\"" LABEL "\"");
}

static void test_mount_label_alone_has_no_comma(const char *name)
{
	struct jf_error err = {0};
	char data[256] = "";

	CHECK(jf_lsm_mount_data(LABEL, "devpts", data, sizeof(data),
				"mounts[2]", &err) == 0);
	CHECK_STR(data, "context=\"" LABEL "\"");
}

static void test_mount_label_not_for_proc_sysfs_mqueue_cgroup(const char *name)
{
	static const char *const types[] = {
	    "proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind", NULL};
	struct jf_error err = {0};

	for (size_t i = 0; types[i] != NULL; i++) {
		char data[64] = "nosuid";
		CHECK(jf_lsm_mount_data(LABEL, types[i], data, sizeof(data),
					"m", &err) == 0);
		CHECK_STR(data, "nosuid");
	}
}

static void test_no_mount_label_changes_nothing(const char *name)
{
	struct jf_error err = {0};
	char data[64] = "mode=755";

	CHECK(jf_lsm_mount_data(NULL, "tmpfs", data, sizeof(data), "m", &err) ==
	      0);
	CHECK(jf_lsm_mount_data("", "tmpfs", data, sizeof(data), "m", &err) ==
	      0);
	CHECK_STR(data, "mode=755");
}

static void test_mount_label_too_long_names_the_field(const char *name)
{
	struct jf_error err = {0};
	char data[32] = "mode=755";

	CHECK(jf_lsm_mount_data(LABEL, "tmpfs", data, sizeof(data), "mounts[4]",
				&err) < 0);
	CHECK(strstr(err.msg, "mounts[4]") != NULL);
	CHECK(strstr(err.msg, "linux.mountLabel") != NULL);
}

/* Decided from the host, never from jfrun (the host may have an LSM). */
static void test_prepare_refuses_apparmor_where_disabled(const char *name)
{
	struct oci_process p = {.apparmor_profile = "jfrun-test"};
	struct jf_lsm l;
	struct jf_error err = {0};
	FILE *f = fopen("/sys/module/apparmor/parameters/enabled", "r");

	if (f != NULL) {
		fclose(f);
		SKIP("this host has AppArmor built in (the integration tests "
		     "decide)");
	}
	CHECK(jf_lsm_prepare(&p, NULL, &l, &err) < 0);
	CHECK(strstr(err.msg, "process.apparmorProfile \"jfrun-test\"") !=
	      NULL);
	CHECK(strstr(err.msg, "AppArmor is not enabled") != NULL);
	CHECK(l.proc_fd == -1);
}

static void test_prepare_with_nothing_asked_opens_nothing(const char *name)
{
	struct oci_process p = {.apparmor_profile = "", .selinux_label = NULL};
	struct jf_lsm l;
	struct jf_error err = {0};

	CHECK(jf_lsm_prepare(&p, "", &l, &err) == 0);
	CHECK(l.proc_fd == -1);
	CHECK(l.apparmor_profile == NULL && l.selinux_label == NULL);
	CHECK(jf_lsm_apply(&l, &err) == 0);
}

int main(void)
{
	RUN(test_mount_label_added_to_tmpfs_options);
	RUN(test_mount_label_alone_has_no_comma);
	RUN(test_mount_label_not_for_proc_sysfs_mqueue_cgroup);
	RUN(test_no_mount_label_changes_nothing);
	RUN(test_mount_label_too_long_names_the_field);
	RUN(test_prepare_refuses_apparmor_where_disabled);
	RUN(test_prepare_with_nothing_asked_opens_nothing);
	UNIT_EXIT();
}
