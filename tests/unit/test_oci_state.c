/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state JSON: what `jfrun state` prints and state.json keeps. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "state.h"
#include "unit.h"

static struct oci_kv web_annotations[] = {
    {"org.jfrun.rss.hard", "64M"},
};

static struct oci_state web_state(void)
{
	return (struct oci_state){
	    .oci_version = "1.2.0",
	    .id = "web",
	    .status = "running",
	    .pid = 4242,
	    .bundle = "/srv/bundles/web",
	    .annotations = web_annotations,
	    .n_annotations = 1,
	    .created = "2024-05-01T10:00:00.123456789Z",
	    .pid_start_time = 123456789012ull,
	    .rootfs = "/srv/bundles/web/rootfs",
	    .cgroup_path = "/jfrun/web",
	    .systemd_cgroup = true,
	};
}

static char *to_json(const struct oci_state *s, bool internal)
{
	struct jf_error err = {0};
	char *buf = NULL;
	size_t len = 0;

	if (oci_state_to_json(s, internal, &buf, &len, &err) < 0)
		printf("# %s\n", err.msg);
	else if (strlen(buf) != len)
		printf("# length %zu is not strlen %zu\n", len, strlen(buf));
	return buf;
}

static struct oci_state *round_trip(const struct oci_state *s)
{
	struct jf_error err = {0};
	struct oci_state *back = NULL;
	char *buf = to_json(s, true);

	if (buf != NULL && oci_state_parse(buf, strlen(buf), &back, &err) < 0)
		printf("# %s\n", err.msg);
	free(buf);
	return back;
}

static void test_public_state_is_exactly_the_oci_state(const char *name)
{
	struct oci_state s = web_state();
	char *buf = to_json(&s, false);

	CHECK_STR(buf, "{\n"
		       "  \"ociVersion\": \"1.2.0\",\n"
		       "  \"id\": \"web\",\n"
		       "  \"status\": \"running\",\n"
		       "  \"pid\": 4242,\n"
		       "  \"bundle\": \"/srv/bundles/web\",\n"
		       "  \"annotations\": {\n"
		       "    \"org.jfrun.rss.hard\": \"64M\"\n"
		       "  },\n"
		       "  \"created\": \"2024-05-01T10:00:00.123456789Z\"\n"
		       "}\n");
	free(buf);
}

static void test_state_round_trips_with_internal_fields(const char *name)
{
	struct oci_state s = web_state();
	struct oci_state *back = round_trip(&s);

	CHECK(back != NULL);
	CHECK_STR(back->oci_version, "1.2.0");
	CHECK_STR(back->id, "web");
	CHECK_STR(back->status, "running");
	CHECK(back->pid == 4242);
	CHECK_STR(back->bundle, "/srv/bundles/web");
	CHECK(back->n_annotations == 1);
	CHECK_STR(back->annotations[0].key, "org.jfrun.rss.hard");
	CHECK_STR(back->annotations[0].value, "64M");
	CHECK_STR(back->created, "2024-05-01T10:00:00.123456789Z");
	CHECK(!back->has_exit);
	CHECK(back->pid_start_time == 123456789012ull);
	CHECK_STR(back->rootfs, "/srv/bundles/web/rootfs");
	CHECK_STR(back->cgroup_path, "/jfrun/web");
	CHECK(back->systemd_cgroup);
	oci_state_free(back);
}

static void test_internal_fields_live_under_jfrun(const char *name)
{
	struct oci_state s = web_state();
	char *pub = to_json(&s, false), *internal = to_json(&s, true);
	yajl_val root = yajl_tree_parse(internal, NULL, 0);
	const char *start_time[] = {"jfrun", "pidStartTime", NULL};
	const char *systemd[] = {"jfrun", "systemdCgroup", NULL};

	CHECK(root != NULL);
	CHECK(YAJL_IS_INTEGER(yajl_tree_get(root, start_time, yajl_t_any)));
	CHECK(YAJL_IS_TRUE(yajl_tree_get(root, systemd, yajl_t_any)));
	CHECK(strstr(pub, "\"jfrun\"") == NULL);
	CHECK(strstr(pub, "\"rootfs\"") == NULL);
	yajl_tree_free(root);
	free(pub);
	free(internal);
}

static void test_exit_is_shown_once_stopped(const char *name)
{
	struct oci_state s = web_state();
	struct oci_state *back;
	char *buf;

	s.status = "stopped";
	s.pid = 0;
	s.has_exit = true;
	s.exit_code = 137;
	s.exit_signal = 9;
	s.exit_reason = "rss-hard-limit";
	buf = to_json(&s, false);
	CHECK(strstr(buf, "  \"exit\": {\n    \"code\": 137,\n"
			  "    \"signal\": 9,\n"
			  "    \"reason\": \"rss-hard-limit\"\n  }\n") != NULL);
	free(buf);
	back = round_trip(&s);
	CHECK(back != NULL && back->has_exit);
	CHECK(back->exit_code == 137 && back->exit_signal == 9);
	CHECK_STR(back->exit_reason, "rss-hard-limit");
	oci_state_free(back);
}

static void test_pid_is_omitted_only_when_zero_and_not_live(const char *name)
{
	struct oci_state s = web_state();
	char *buf;

	s.pid = 0;
	s.status = "stopped";
	buf = to_json(&s, false);
	CHECK(strstr(buf, "\"pid\"") == NULL);
	free(buf);
	s.status = "created";
	buf = to_json(&s, false);
	CHECK(strstr(buf, "\"pid\": 0,") != NULL);
	free(buf);
}

static void test_annotations_are_always_an_object(const char *name)
{
	struct oci_state s = web_state();
	char *buf;

	s.annotations = NULL;
	s.n_annotations = 0;
	buf = to_json(&s, false);
	CHECK(strstr(buf, "  \"annotations\": {},\n") != NULL);
	free(buf);
}

static void test_strings_are_escaped(const char *name)
{
	struct oci_state s = web_state();
	struct oci_state *back;
	char *buf;

	s.id = "a\"b\\c\nd\x01";
	buf = to_json(&s, false);
	CHECK(strstr(buf, "\"id\": \"a\\\"b\\\\c\\nd\\u0001\"") != NULL);
	free(buf);
	back = round_trip(&s);
	CHECK(back != NULL);
	CHECK_STR(back->id, "a\"b\\c\nd\x01");
	oci_state_free(back);
}

static void test_non_utf8_paths_survive_a_round_trip(const char *name)
{
	struct oci_state s = web_state();
	struct oci_state *back;

	s.bundle = "/srv/caf\xe9";
	back = round_trip(&s);
	CHECK(back != NULL);
	CHECK_STR(back->bundle, "/srv/caf\xe9");
	oci_state_free(back);
}

static void test_state_parse_needs_id_and_status(const char *name)
{
	const char *text = "{\"ociVersion\": \"1.2.0\", \"status\": \"x\"}";
	struct jf_error err = {0};
	struct oci_state *s = NULL;

	CHECK(oci_state_parse(text, strlen(text), &s, &err) < 0);
	CHECK_STR(err.msg, "state.json: id: required field is missing");
	text = "{\"ociVersion\": \"1.2.0\", \"id\": \"a\", \"status\": \"x\", "
	       "\"pid\": -4}";
	CHECK(oci_state_parse(text, strlen(text), &s, &err) < 0);
	CHECK_STR(err.msg,
		  "state.json: pid: -4 is out of range (0 to 2147483647)");
}

static void test_missing_version_defaults_to_ours(const char *name)
{
	struct oci_state s = web_state();
	char *buf;

	s.oci_version = NULL;
	buf = to_json(&s, false);
	CHECK(strstr(buf, "\"ociVersion\": \"" OCI_VERSION "\"") != NULL);
	free(buf);
	oci_state_free(NULL);
}

int main(void)
{
	RUN(test_public_state_is_exactly_the_oci_state);
	RUN(test_state_round_trips_with_internal_fields);
	RUN(test_internal_fields_live_under_jfrun);
	RUN(test_exit_is_shown_once_stopped);
	RUN(test_pid_is_omitted_only_when_zero_and_not_live);
	RUN(test_annotations_are_always_an_object);
	RUN(test_strings_are_escaped);
	RUN(test_non_utf8_paths_survive_a_round_trip);
	RUN(test_state_parse_needs_id_and_status);
	RUN(test_missing_version_defaults_to_ours);
	UNIT_EXIT();
}
