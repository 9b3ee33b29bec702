/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state dir: state.json saved in place (one page, padded, under a
 * flock readers share) and by tmp + rename when bigger; never torn for a
 * reader, whatever the order of saves.  Deleted state dirs are kept as
 * spares for the next claim, and never show through an old handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs_util.h"
#include "state_dir.h"
#include "unit.h"

static char root[] = "/tmp/jfrun-unit-state-XXXXXX";

static struct jf_container *new_container(const char *id)
{
	struct jf_container *c = NULL;
	struct jf_error err = {0};
	struct oci_state *s = calloc(1, sizeof(*s));
	char created[64];

	if (s == NULL || jf_container_claim(root, id, &c, &err) < 0)
		return NULL;
	s->oci_version = strdup("1.2.0");
	s->id = strdup(id);
	s->status = strdup("creating");
	s->bundle = strdup("/b");
	jf_rfc3339_now(created, sizeof(created)); /* tells instances apart */
	s->created = strdup(created);
	s->rootfs = strdup("/b/rootfs");
	s->cgroup_path = strdup("/jfrun/x");
	c->state = s;
	if (jf_container_save(c, &err) < 0 || jf_container_publish(c, &err) < 0) {
		jf_container_close(c);
		return NULL;
	}
	return c;
}

/* lstat of <root>/<rel>. */
static bool stat_in_root(const char *rel, struct stat *st)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return lstat(path, st) == 0;
}

static off_t state_size(const char *id)
{
	char rel[256];
	struct stat st;

	snprintf(rel, sizeof(rel), "%s/state.json", id);
	return stat_in_root(rel, &st) ? st.st_size : -1;
}

static ino_t state_inode(const char *id)
{
	char rel[256];
	struct stat st;

	snprintf(rel, sizeof(rel), "%s/state.json", id);
	return stat_in_root(rel, &st) ? st.st_ino : 0;
}

static void set_status(struct jf_container *c, const char *status)
{
	free(c->state->status);
	c->state->status = strdup(status);
}

static void test_shorter_save_is_in_place_and_padded(const char *name)
{
	struct jf_container *c = new_container("pad"), *again = NULL;
	struct jf_error err = {0};
	ino_t ino;
	off_t before;

	CHECK(c != NULL);
	c->state->pid = 123456;
	CHECK(jf_container_save(c, &err) == 0);
	before = state_size("pad");
	ino = state_inode("pad");
	c->state->pid = 7;
	set_status(c, "paused");
	CHECK(jf_container_save(c, &err) == 0);
	/* The same inode, not shorter: the rest is spaces. */
	CHECK(state_inode("pad") == ino);
	CHECK(state_size("pad") == before);
	CHECK(jf_container_open(root, "pad", false, &again, &err) == 0);
	CHECK(again->state->pid == 7);
	CHECK_STR(again->state->status, "paused");
	jf_container_close(again);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
}

static void test_state_over_a_page_is_renamed_into_place(const char *name)
{
	struct jf_container *c = new_container("big"), *again = NULL;
	struct jf_error err = {0};
	char key[32];

	CHECK(c != NULL);
	c->state->n_annotations = 100;
	c->state->annotations = calloc(100, sizeof(*c->state->annotations));
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "org.example.key%d", i);
		c->state->annotations[i].key = strdup(key);
		c->state->annotations[i].value = strdup("a value of some forty bytes, give or take");
	}
	CHECK(jf_container_save(c, &err) == 0);
	CHECK(state_size("big") > 4096);
	CHECK(jf_container_open(root, "big", false, &again, &err) == 0);
	CHECK(again->state->n_annotations == 100);
	CHECK_STR(again->state->annotations[99].key, "org.example.key99");
	jf_container_close(again);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
}

/* A reader in another process opens the container over and over while
 * saves alternate between a long and a short state: every read parses. */
static void test_reader_never_sees_a_torn_state(const char *name)
{
	struct jf_container *c = new_container("torn");
	struct jf_error err = {0};
	int status;
	pid_t reader;

	CHECK(c != NULL);
	/* What the reader may see from its first read on. */
	c->state->pid = 1;
	CHECK(jf_container_save(c, &err) == 0);
	reader = fork();
	if (reader == 0) {
		for (int i = 0; i < 3000; i++) {
			struct jf_container *r = NULL;
			struct jf_error e = {0};
			if (jf_container_open(root, "torn", false, &r, &e) < 0) {
				fprintf(stderr, "reader: %s\n", e.msg);
				_exit(1);
			}
			if (r->state == NULL ||
			    (r->state->pid != 1 && r->state->pid != 1234567)) {
				fprintf(stderr, "reader: state %p pid %d\n",
					(void *)r->state, r->state ? r->state->pid : -1);
				_exit(2);
			}
			jf_container_close(r);
		}
		_exit(0);
	}
	CHECK(reader > 0);
	for (int i = 0; waitpid(reader, &status, WNOHANG) == 0; i++) {
		c->state->pid = i % 2 ? 1 : 1234567;
		set_status(c, i % 2 ? "running" : "creating");
		if (jf_container_save(c, &err) < 0) {
			kill(reader, SIGKILL);
			waitpid(reader, &status, 0);
			break;
		}
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
}

static bool exists_in_root(const char *name)
{
	struct stat st;

	return stat_in_root(name, &st);
}

static ino_t dir_inode(const char *name)
{
	struct stat st;

	return stat_in_root(name, &st) ? st.st_ino : 0;
}

/* Deleting keeps the directory as a spare, emptied but for the two files
 * the next claim writes over; that claim takes it (same inode). */
static void test_delete_keeps_a_spare_for_the_next_claim(const char *name)
{
	struct jf_container *c = new_container("old"), *again = NULL;
	struct jf_error err = {0};
	char **ids = NULL;
	size_t n = 0;
	ino_t ino = dir_inode("old");

	CHECK(c != NULL);
	CHECK(mkfifoat(c->dirfd, JF_EXEC_FIFO, 0600) == 0);
	CHECK(jf_write_file_at(c->dirfd, JF_CONFIG_COPY, "{\"a\": 1}", 8, 0600,
			       &err) == 0);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
	CHECK(!exists_in_root("old"));
	CHECK(dir_inode(".spare-0") == ino);
	CHECK(exists_in_root(".spare-0/state.json"));
	CHECK(exists_in_root(".spare-0/config.json"));
	CHECK(!exists_in_root(".spare-0/" JF_EXEC_FIFO)); /* "created" */
	{
		/* Nothing of the deleted container is kept: zeros. */
		char path[4096], buf[16] = "x";
		int fd;
		snprintf(path, sizeof(path), "%s/.spare-0/config.json", root);
		fd = open(path, O_RDONLY);
		CHECK(fd >= 0);
		CHECK(read(fd, buf, sizeof(buf)) == 8);
		close(fd);
		for (int i = 0; i < 8; i++)
			CHECK(buf[i] == '\0');
	}
	CHECK(jf_container_list_ids(root, &ids, &n, &err) == 0);
	CHECK(n == 0);
	free(ids);
	CHECK(jf_container_open(root, "old", false, &again, &err) < 0);
	CHECK(err.errnum == ENOENT);

	c = new_container("new");
	CHECK(c != NULL);
	CHECK(dir_inode("new") == ino);
	CHECK(!exists_in_root(".spare-0"));
	CHECK(jf_container_open(root, "new", false, &again, &err) == 0);
	CHECK_STR(again->state->id, "new");
	jf_container_close(again);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
}

/* A command waiting for the lock of a container that is deleted meanwhile
 * finds no container, even after the spare became another one, of another
 * id or of the same (then the same inode is at <root>/<id> again). */
static void waiter_case(const char *name, const char *next_id)
{
	struct jf_container *c = new_container("gone"), *next;
	struct jf_error err = {0};
	int status, go[2];
	pid_t waiter;

	CHECK(c != NULL);
	CHECK(pipe(go) == 0);
	waiter = fork();
	if (waiter == 0) {
		struct jf_container *w = NULL;
		struct jf_error e = {0};
		char byte;
		close(c->dirfd); /* the parent's lock, shared by fork */
		close(go[1]);
		if (read(go[0], &byte, 1) != 1)
			_exit(3);
		/* Blocks on the lock the parent holds. */
		if (jf_container_open(root, "gone", true, &w, &e) == 0)
			_exit(1);
		_exit(e.errnum == ENOENT ? 0 : 2);
	}
	CHECK(waiter > 0);
	close(go[0]);
	CHECK(write(go[1], "x", 1) == 1);
	close(go[1]);
	usleep(100 * 1000); /* not an assertion: only makes the race likely */
	/* Unlocks it (the waiter may get the lock before or after the next
	 * claim takes the spare). */
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
	next = new_container(next_id);
	CHECK(next != NULL);
	jf_container_close(next); /* same inode: the waiter may need it */
	CHECK(waitpid(waiter, &status, 0) == waiter);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(jf_container_open(root, next_id, true, &next, &err) == 0);
	CHECK(jf_container_remove(next, &err) == 0);
	jf_container_close(next);
}

static void test_waiter_never_sees_the_spares_next_owner(const char *name)
{
	waiter_case(name, "other");
}

static void test_waiter_never_sees_a_new_container_of_its_id(const char *name)
{
	waiter_case(name, "gone");
}

static void test_spares_are_bounded(const char *name)
{
	struct jf_container *c[6];
	struct jf_error err = {0};
	char id[32];
	int spares = 0;

	for (int i = 0; i < 6; i++) {
		snprintf(id, sizeof(id), "many%d", i);
		c[i] = new_container(id);
		CHECK(c[i] != NULL);
	}
	for (int i = 0; i < 6; i++) {
		CHECK(jf_container_remove(c[i], &err) == 0);
		jf_container_close(c[i]);
	}
	for (int i = 0; i < 8; i++) {
		snprintf(id, sizeof(id), ".spare-%d", i);
		spares += exists_in_root(id);
	}
	CHECK(spares == 4);
	CHECK(!exists_in_root("many5"));
}

int main(void)
{
	struct jf_error err = {0};
	int rc;

	if (mkdtemp(root) == NULL)
		return 1;
	RUN(test_shorter_save_is_in_place_and_padded);
	RUN(test_state_over_a_page_is_renamed_into_place);
	RUN(test_reader_never_sees_a_torn_state);
	RUN(test_delete_keeps_a_spare_for_the_next_claim);
	RUN(test_waiter_never_sees_the_spares_next_owner);
	RUN(test_waiter_never_sees_a_new_container_of_its_id);
	RUN(test_spares_are_bounded);
	rc = jf_remove_tree_at(AT_FDCWD, root, &err);
	return unit_failed || rc < 0 ? 1 : 0;
}
