/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A test hook: JFRUN_TEST_KILL_AT=<point> makes jfrun SIGKILL itself when
 * it reaches the named point, so that tests can crash it deterministically
 * between any two steps of create and delete and check what is left.
 *
 * It is compiled into every build: the tests run on the binaries that ship
 * (release and ASan), and it gives nothing to whoever sets it, who could
 * kill jfrun anyway.  When it fires it says so on stderr, so that a stray
 * variable can never make a crash look mysterious.
 *
 * "<point>:<ms>" sleeps ms milliseconds there first, so that other
 * processes (the container's init) can run ahead.
 * JFRUN_TEST_PAUSE_AT=<point>:<ms> only sleeps there and goes on: a
 * window held open for a test.
 *
 * Points of create, in order: claimed published cgroup-created fifo-made
 * cloned pid-saved setup-done created.
 * Points of delete: delete-killed delete-cgroup-removed.
 * Points of every state.json save (state_dir.c): in place, with the file's
 * lock held, state-writing (before the write) and state-written (after
 * it); through a temporary file, state-renaming (written, not renamed).
 * Points of the init (its own pid): init-unshared init-joined init-mounted
 * init-sealing init-sealed init-ready init-exec (just before execve).
 *
 * JFRUN_TRACE_PHASES=1 makes every point print "jfrun-phase PID µs NAME"
 * on stderr (a monotonic clock): where the time of a create goes, without
 * strace's distortion (tests/bench/phase-trace.sh sums it up).
 */
#ifndef JF_FAULT_H
#define JF_FAULT_H

#define JF_FAULT_ENV "JFRUN_TEST_KILL_AT"
#define JF_TRACE_PHASES_ENV "JFRUN_TRACE_PHASES"
#define JF_PAUSE_ENV "JFRUN_TEST_PAUSE_AT"

void jf_fault_point(const char *name);

#endif
