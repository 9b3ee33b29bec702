/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs a command with the seccomp instruction budget of its process tree
 * nearly spent (tests/integration/start_order.sh): the kernel refuses, with
 * ENOMEM, any filter that would make the filters of one process longer than
 * MAX_INSNS_PER_PATH (32768 instructions, as the kernel counts them after
 * translating them, plus 4 per filter).  This loads filters that allow
 * everything until no filter of more than LEFT instructions loads any more
 * (tried in children), then execs COMMAND: a container created by it gets a
 * real load failure for any longer filter of its own.
 *
 *   seccomp_budget LEFT COMMAND [ARG...]
 *
 * Needs CAP_SYS_ADMIN (no no_new_privs is set: the command must not inherit
 * it).  The filters only load the syscall number before allowing, so the
 * kernel's per-syscall cache skips them: nothing gets slower.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sock_filter prog[BPF_MAXINSNS];

static int load(unsigned short len)
{
	struct sock_fprog fprog = {.len = len, .filter = prog};

	for (unsigned short i = 0; i + 1 < len; i++)
		prog[i] = (struct sock_filter)BPF_STMT(
		    BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	prog[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog);
}

/* Whether a filter of len instructions would load now (in a child: it
 * stays attached when it does). */
static bool fits(long len)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(load((unsigned short)len) < 0 ? 1 : 0);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

/* The length of the longest filter that loads now, 0 when none does. */
static long largest_fit(void)
{
	long lo = 0, hi = BPF_MAXINSNS;

	while (lo < hi) {
		long mid = (lo + hi + 1) / 2;

		if (fits(mid))
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int main(int argc, char **argv)
{
	long left, room;

	if (argc < 3 || (left = strtol(argv[1], NULL, 10)) < 1 ||
	    left >= BPF_MAXINSNS) {
		fprintf(stderr, "usage: seccomp_budget LEFT COMMAND [ARG...]\n");
		return 2;
	}
	while ((room = largest_fit()) > left) {
		if (load((unsigned short)(room - left)) < 0) {
			fprintf(stderr, "seccomp_budget: loading a filter: %s\n",
				strerror(errno));
			return 1;
		}
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "seccomp_budget: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
