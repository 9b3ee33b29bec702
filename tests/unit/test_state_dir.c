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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"
#include "state_dir.h"
#include "unit.h"

/* Each test has a root of its own, made and removed around it by main():
 * a test that fails leaves nothing for the next. */
static char root[64];

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
	if (jf_container_save(c, &err) < 0 ||
	    jf_container_publish(c, &err) < 0) {
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
		c->state->annotations[i].value =
		    strdup("a value of some forty bytes, give or take");
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

/* Whether process `pid` (a child) is blocked in flock(): 1 it is, 0 it
 * exited first (its status in *status), -1 neither within 10 s.  How the
 * tests below order two processes without a race: no sleep decides. */
static int blocked_in_flock(pid_t pid, int *status)
{
	char path[64], text[64];
	struct timespec tick = {0, 1000 * 1000};

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (int i = 0; i < 10000; i++) {
		int fd = open(path, O_RDONLY), n = -1;
		if (fd >= 0) {
			n = (int)read(fd, text, sizeof(text) - 1);
			close(fd);
		}
		if (n > 0) {
			text[n] = '\0';
			if (atol(text) == SYS_flock && text[0] != 'r')
				return 1;
		}
		if (waitpid(pid, status, WNOHANG) == pid)
			return 0;
		nanosleep(&tick, NULL);
	}
	return -1;
}

/* The state.json of <root>/<id>, opened for the tests' own locking. */
static int open_state(const char *id, int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/state.json", root, id);
	return open(path, flags | O_CLOEXEC);
}

/* A reader that comes while a save is half done (the test plays the saver:
 * state.json locked as save_in_place locks it, half of the new text
 * written) waits for the lock, then reads the whole new state, never the
 * torn one. */
static void test_reader_waits_for_a_save_in_progress(const char *name)
{
	struct jf_container *c = new_container("torn");
	struct jf_error err = {0};
	char *json = NULL;
	size_t len;
	int fd, status = 0, blocked;
	pid_t reader;

	CHECK(c != NULL);
	c->state->pid = 1;
	CHECK(jf_container_save(c, &err) == 0);
	c->state->pid = 1234567;
	set_status(c, "running");
	CHECK(oci_state_to_json(c->state, true, &json, &len, &err) == 0);
	fd = open_state("torn", O_WRONLY);
	CHECK(fd >= 0);
	CHECK(flock(fd, LOCK_EX) == 0);
	CHECK(pwrite(fd, json, len / 2, 0) == (ssize_t)(len / 2));
	reader = fork();
	if (reader == 0) {
		struct jf_container *r = NULL;
		struct jf_error e = {0};
		close(fd); /* the saver's lock, shared by fork */
		if (jf_container_open(root, "torn", false, &r, &e) < 0) {
			printf("reader: %s\n", e.msg);
			_exit(1);
		}
		_exit(r->state != NULL && r->state->pid == 1234567 ? 0 : 2);
	}
	CHECK(reader > 0);
	blocked = blocked_in_flock(reader, &status);
	if (blocked != 1) {
		if (blocked < 0)
			kill(reader, SIGKILL), waitpid(reader, &status, 0);
		UNIT_FAIL(name,
			  "the reader did not wait for the save's lock "
			  "(it %s)",
			  blocked == 0 ? "read the half-saved state" : "hung");
	}
	/* The save completes, then unlocks. */
	CHECK(pwrite(fd, json, len, 0) == (ssize_t)len);
	CHECK(ftruncate(fd, (off_t)len) == 0);
	close(fd);
	free(json);
	CHECK(waitpid(reader, &status, 0) == reader);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(jf_container_remove(c, &err) == 0);
	jf_container_close(c);
}

/* A save that comes while a reader holds state.json (the test plays the
 * reader: its shared lock, as load_state takes it) waits for it: the file
 * does not change under the reader; once it is done the save completes. */
static void test_save_waits_for_a_reader(const char *name)
{
	struct jf_container *c = new_container("torn"), *again = NULL;
	struct jf_error err = {0};
	char before[4096], now[4096];
	ssize_t n_before, n_now;
	int fd, status = 0, blocked;
	pid_t saver;

	CHECK(c != NULL);
	c->state->pid = 1;
	CHECK(jf_container_save(c, &err) == 0);
	fd = open_state("torn", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(flock(fd, LOCK_SH) == 0);
	n_before = pread(fd, before, sizeof(before), 0);
	CHECK(n_before > 0);
	saver = fork();
	if (saver == 0) {
		struct jf_error e = {0};
		close(fd); /* the reader's lock, shared by fork */
		c->state->pid = 1234567;
		set_status(c, "running");
		_exit(jf_container_save(c, &e) == 0 ? 0 : 1);
	}
	CHECK(saver > 0);
	blocked = blocked_in_flock(saver, &status);
	if (blocked != 1) {
		if (blocked < 0)
			kill(saver, SIGKILL), waitpid(saver, &status, 0);
		UNIT_FAIL(name,
			  "the save did not wait for the reader's lock "
			  "(it %s)",
			  blocked == 0 ? "wrote under the reader" : "hung");
	}
	n_now = pread(fd, now, sizeof(now), 0);
	CHECK(n_now == n_before && memcmp(now, before, (size_t)n_now) == 0);
	close(fd); /* the reader is done */
	CHECK(waitpid(saver, &status, 0) == saver);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(jf_container_open(root, "torn", false, &again, &err) == 0);
	CHECK(again->state->pid == 1234567);
	jf_container_close(again);
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
	/* Deleted only once the waiter waits for the lock (it may get the
	 * lock before or after the next claim takes the spare). */
	CHECK(blocked_in_flock(waiter, &status) == 1);
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

/* Runs a test in a root of its own, removed after it, pass or fail. */
static void run_in_root(void (*test)(const char *), const char *test_name)
{
	struct jf_error err = {0};

	snprintf(root, sizeof(root), "/tmp/jfrun-unit-state-XXXXXX");
	if (mkdtemp(root) == NULL) {
		unit_record("FAIL", test_name, "mkdtemp failed");
		return;
	}
	unit_run(test, test_name, 0);
	if (jf_remove_tree_at(AT_FDCWD, root, &err) < 0)
		unit_record("FAIL", test_name, err.msg);
}

#define RUN_IN_ROOT(test) run_in_root(test, #test)

int main(void)
{
	RUN_IN_ROOT(test_shorter_save_is_in_place_and_padded);
	RUN_IN_ROOT(test_state_over_a_page_is_renamed_into_place);
	RUN_IN_ROOT(test_reader_waits_for_a_save_in_progress);
	RUN_IN_ROOT(test_save_waits_for_a_reader);
	RUN_IN_ROOT(test_delete_keeps_a_spare_for_the_next_claim);
	RUN_IN_ROOT(test_waiter_never_sees_the_spares_next_owner);
	RUN_IN_ROOT(test_waiter_never_sees_a_new_container_of_its_id);
	RUN_IN_ROOT(test_spares_are_bounded);
	UNIT_EXIT();
}
