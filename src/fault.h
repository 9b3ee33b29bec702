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
 * The points, by who reaches them:
 *   main:    main
 *   create:  parsed claimed published cgroup-created fifo-made cloned
 *            scope-started pid-saved cgroup-values-set setup-done created
 *   init:    init-unshared init-joined init-mounted init-sealing init-sealed
 *            init-ready init-exec
 *   run:     run-started run-exited run-deleted
 *   run -d:  run-d-forked shim-created shim-running shim-reported
 *   delete:  delete-killed delete-cgroup-removed
 *   state:   state-writing state-written state-renaming
 *
 * create's are in the order of a create whose cgroup comes first (pure
 * cgroup v2, a user namespace, namespaces to join); where the cgroup comes
 * late the init is cloned first: parsed cloned claimed published fifo-made
 * cgroup-created pid-saved cgroup-values-set setup-done created.
 * scope-started only with --systemd-cgroup, cgroup-values-set only with the
 * cgroup late.  The init's (its own pid) are in its order, init-sealing and
 * init-sealed where it seals itself (a pid namespace of its own), init-exec
 * just before the execve.  A foreground run reaches create's, then run's;
 * run -d: run-d-forked in the CLI, then create's and shim-* in the shim.
 * state's are in every state.json save (state_dir.c): in place, with the
 * file's lock held, state-writing before the write and state-written after
 * it; through a temporary file, state-renaming (written, not renamed).
 * tests/integration/reliability.sh checks that this list and the code's
 * jf_fault_point() calls name the same points.
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
