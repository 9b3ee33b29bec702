/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `jfrun features` JSON and the default config.json of `jfrun spec`. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "config.h"
#include "oci_test_util.h"
#include "runtime_features.h"
#include "spec_default.h"
#include "state.h"
#include "unit.h"

static const char *const hooks[] = {"prestart", "poststop", NULL};
static const char *const namespaces[] = {"pid", "mount", NULL};
static const char *const actions[] = {"SCMP_ACT_ALLOW", NULL};
static const char *const annotations[] = {
    "org.jfrun.version", "0.1", "io.github.seccomp.libseccomp.version", "2.5.4",
    NULL};

static struct oci_features sample_features(void)
{
	return (struct oci_features){
	    .oci_version_min = "1.0.0",
	    .oci_version_max = "1.3.0",
	    .hooks = hooks,
	    .namespaces = namespaces,
	    .cgroup_v1 = true,
	    .cgroup_v2 = true,
	    .seccomp_enabled = true,
	    .seccomp_actions = actions,
	    .mount_ext_idmap = true,
	    .annotation_keys = annotations,
	};
}

static yajl_val features_tree(const struct oci_features *f)
{
	struct jf_error err = {0};
	char errbuf[256];
	char *buf = NULL;
	size_t len;
	yajl_val root;

	if (oci_features_to_json(f, &buf, &len, &err) < 0) {
		printf("# %s\n", err.msg);
		return NULL;
	}
	root = yajl_tree_parse(buf, errbuf, sizeof(errbuf));
	if (root == NULL)
		printf("# invalid JSON: %s\n%s", errbuf, buf);
	free(buf);
	return root;
}

static yajl_val at(yajl_val root, const char *a, const char *b, const char *c)
{
	const char *path[] = {a, b, c, NULL};

	return yajl_tree_get(root, path, yajl_t_any);
}

static void test_features_is_valid_json_with_the_spec_keys(const char *name)
{
	struct oci_features f = sample_features();
	yajl_val root = features_tree(&f);

	CHECK(root != NULL);
	CHECK_STR(YAJL_GET_STRING(at(root, "ociVersionMin", NULL, NULL)),
		  "1.0.0");
	CHECK_STR(YAJL_GET_STRING(at(root, "ociVersionMax", NULL, NULL)),
		  "1.3.0");
	CHECK(YAJL_GET_ARRAY(at(root, "hooks", NULL, NULL))->len == 2);
	CHECK(YAJL_IS_ARRAY(at(root, "linux", "namespaces", NULL)));
	CHECK(YAJL_IS_TRUE(at(root, "linux", "cgroup", "v1")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "cgroup", "systemdUser")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "cgroup", "rdma")));
	CHECK(YAJL_IS_TRUE(at(root, "linux", "seccomp", "enabled")));
	CHECK(YAJL_IS_ARRAY(at(root, "linux", "seccomp", "actions")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "apparmor", "enabled")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "selinux", "enabled")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "intelRdt", "enabled")));
	CHECK(YAJL_IS_OBJECT(at(root, "linux", "mountExtensions", "idmap")));
	CHECK_STR(
	    YAJL_GET_STRING(at(root, "annotations",
			       "io.github.seccomp.libseccomp.version", NULL)),
	    "2.5.4");
	yajl_tree_free(root);
}

static void test_features_omits_lists_that_are_null(const char *name)
{
	struct oci_features f = sample_features();
	yajl_val root = features_tree(&f);

	CHECK(root != NULL);
	CHECK(at(root, "mountOptions", NULL, NULL) == NULL);
	CHECK(at(root, "linux", "capabilities", NULL) == NULL);
	CHECK(at(root, "linux", "seccomp", "archs") == NULL);
	CHECK(at(root, "potentiallyUnsafeConfigAnnotations", NULL, NULL) ==
	      NULL);
	yajl_tree_free(root);
}

/* jfrun reports AppArmor and SELinux as supported (as runc does): the
 * writer must carry the flags, not a constant. */
static void test_features_reports_apparmor_and_selinux_when_set(const char *name)
{
	struct oci_features f = sample_features();
	yajl_val root;

	f.apparmor_enabled = true;
	f.selinux_enabled = true;
	root = features_tree(&f);
	CHECK(root != NULL);
	CHECK(YAJL_IS_TRUE(at(root, "linux", "apparmor", "enabled")));
	CHECK(YAJL_IS_TRUE(at(root, "linux", "selinux", "enabled")));
	CHECK(YAJL_IS_FALSE(at(root, "linux", "intelRdt", "enabled")));
	yajl_tree_free(root);
}

/* runc's file with our version and hostname. */
static char *expected_spec(const char *file)
{
	size_t len = 0;
	char *text = read_data(file, &len), *out, *p;
	const char *subst[][2] = {{"\"1.0.2-dev\"", "\"" OCI_VERSION "\""},
				  {"\"runc\"", "\"jfrun\""}};

	if (text == NULL)
		return NULL;
	out = malloc(len + 64);
	strcpy(out, text);
	free(text);
	for (size_t i = 0; i < 2; i++) {
		p = strstr(out, subst[i][0]);
		if (p == NULL)
			continue;
		memmove(p + strlen(subst[i][1]), p + strlen(subst[i][0]),
			strlen(p + strlen(subst[i][0])) + 1);
		memcpy(p, subst[i][1], strlen(subst[i][1]));
	}
	return out;
}

static char *default_spec(bool rootless, unsigned uid, unsigned gid)
{
	struct jf_error err = {0};
	char *buf = NULL;
	size_t len = 0;

	if (oci_spec_default_json(rootless, uid, gid, &buf, &len, &err) < 0)
		printf("# %s\n", err.msg);
	return buf;
}

static void test_default_spec_is_what_runc_spec_writes(const char *name)
{
	char *want = expected_spec("runc-spec.json");
	char *got = default_spec(false, 0, 0);

	CHECK(want != NULL && got != NULL);
	CHECK_STR(got, want);
	free(want);
	free(got);
}

static void test_rootless_spec_is_what_runc_writes(const char *name)
{
	char *want = expected_spec("runc-spec-rootless.json");
	char *got = default_spec(true, 0, 0);

	CHECK(want != NULL && got != NULL);
	CHECK_STR(got, want);
	free(want);
	free(got);
}

static void test_default_specs_parse(const char *name)
{
	struct jf_error err = {0};
	struct oci_config *c = NULL;
	char *text = default_spec(true, 1000, 1001);

	CHECK(oci_config_parse(text, strlen(text), &c, &err) == 0);
	free(text);
	CHECK(c->linux_->uid_mappings[0].host_id == 1000);
	CHECK(c->linux_->gid_mappings[0].host_id == 1001);
	CHECK(c->linux_->uid_mappings[0].container_id == 0);
	CHECK(oci_namespace_find(c, "user") != NULL);
	CHECK(oci_namespace_find(c, "network") == NULL);
	CHECK(c->linux_->resources == NULL);
	oci_config_free(c);
	text = default_spec(false, 0, 0);
	CHECK(oci_config_parse(text, strlen(text), &c, &err) == 0);
	free(text);
	CHECK_STR(c->oci_version, OCI_VERSION);
	CHECK(oci_namespace_find(c, "network") != NULL);
	oci_config_free(c);
}

int main(void)
{
	RUN(test_features_is_valid_json_with_the_spec_keys);
	RUN(test_features_omits_lists_that_are_null);
	RUN(test_features_reports_apparmor_and_selinux_when_set);
	RUN(test_default_spec_is_what_runc_spec_writes);
	RUN(test_rootless_spec_is_what_runc_writes);
	RUN(test_default_specs_parse);
	UNIT_EXIT();
}
