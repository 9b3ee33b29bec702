/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runtime's one event loop (event_loop.h), as `events` and the shim
 * use it.  (The shim's own use: test_shim_log.c.) */
#include <sys/epoll.h>

#include "event_loop.h"
#include "unit.h"

struct ticks {
	int n;
	int want;
};

static int on_tick(struct jf_loop *loop, int fd, uint32_t events, void *data,
		   struct jf_error *err)
{
	struct ticks *t = data;

	t->n += (int)jf_loop_timer_ack(fd);
	if (t->n >= t->want)
		loop->stop = true;
	return 0;
}

static int on_too_late(struct jf_loop *loop, int fd, uint32_t events,
		       void *data, struct jf_error *err)
{
	return jf_error_set(err, 0, "the fast timer never fired %d times",
			    ((struct ticks *)data)->want);
}

/* `events --interval 100us`: a period below a millisecond repeats. */
static void test_nanosecond_timer_repeats(const char *name)
{
	struct ticks t = {.want = 5};
	struct jf_error err = {0};
	struct jf_loop loop;

	CHECK(jf_loop_init(&loop, &err) == 0);
	CHECK(jf_loop_add_timer_ns(&loop, 100000, 100000, on_tick, &t, &err) >=
	      0);
	/* A bound, not a measurement: a loaded machine is slow, not wrong. */
	CHECK(jf_loop_add_timer(&loop, 20000, 0, on_too_late, &t, &err) >= 0);
	if (jf_loop_run(&loop, &err) < 0)
		UNIT_FAIL(name, "%s", err.msg);
	CHECK(t.n >= 5);
	jf_loop_close(&loop);
}

static int on_fail(struct jf_loop *loop, int fd, uint32_t events, void *data,
		   struct jf_error *err)
{
	return jf_error_set(err, 0, "events: stdout: broken");
}

static void
test_a_failing_callback_ends_the_loop_with_its_error(const char *name)
{
	struct jf_error err = {0};
	struct jf_loop loop;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(jf_loop_init(&loop, &err) == 0);
	CHECK(jf_loop_add(&loop, p[0], EPOLLIN, on_fail, NULL, &err) == 0);
	CHECK(jf_loop_run(&loop, &err) < 0);
	CHECK_STR(err.msg, "events: stdout: broken");
	jf_loop_close(&loop);
	close(p[0]);
	close(p[1]);
}

struct pair {
	int fds[2]; /* read ends of two readable pipes */
	int calls;
};

/* Whichever comes first removes the other: `events` drops the OOM watch
 * when the cgroup is gone, possibly in the round its event fired. */
static int on_either(struct jf_loop *loop, int fd, uint32_t events, void *data,
		     struct jf_error *err)
{
	struct pair *p = data;

	p->calls++;
	jf_loop_remove(loop, fd == p->fds[0] ? p->fds[1] : p->fds[0]);
	jf_loop_remove(loop, fd);
	loop->stop = p->calls > 1; /* a second call is the bug */
	return 0;
}

static int on_idle(struct jf_loop *loop, int fd, uint32_t events, void *data,
		   struct jf_error *err)
{
	loop->stop = true;
	return 0;
}

static void test_a_source_removed_in_its_round_is_not_called(const char *name)
{
	struct pair p = {0};
	struct jf_error err = {0};
	struct jf_loop loop;
	int a[2], b[2];

	CHECK(pipe(a) == 0 && pipe(b) == 0);
	CHECK(write(a[1], "x", 1) == 1 && write(b[1], "x", 1) == 1);
	p.fds[0] = a[0];
	p.fds[1] = b[0];
	CHECK(jf_loop_init(&loop, &err) == 0);
	CHECK(jf_loop_add(&loop, a[0], EPOLLIN, on_either, &p, &err) == 0);
	CHECK(jf_loop_add(&loop, b[0], EPOLLIN, on_either, &p, &err) == 0);
	/* Ends the run once nothing else is left to call. */
	CHECK(jf_loop_add_timer(&loop, 50, 0, on_idle, NULL, &err) >= 0);
	CHECK(jf_loop_run(&loop, &err) == 0);
	CHECK(p.calls == 1);
	jf_loop_close(&loop);
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
	}
}

static void test_a_full_table_is_an_error(const char *name)
{
	struct jf_error err = {0};
	struct jf_loop loop;
	int i;

	CHECK(jf_loop_init(&loop, &err) == 0);
	for (i = 0; i < JF_LOOP_MAX_SOURCES; i++)
		CHECK(jf_loop_add_timer(&loop, 100000, 0, on_idle, NULL,
					&err) >= 0);
	CHECK(jf_loop_add_timer(&loop, 100000, 0, on_idle, NULL, &err) < 0);
	CHECK(strstr(err.msg, "more than 16 event sources") != NULL);
	jf_loop_close(&loop);
}

int main(void)
{
	RUN(test_nanosecond_timer_repeats);
	RUN(test_a_failing_callback_ends_the_loop_with_its_error);
	RUN(test_a_source_removed_in_its_round_is_not_called);
	RUN(test_a_full_table_is_an_error);
	UNIT_EXIT();
}
