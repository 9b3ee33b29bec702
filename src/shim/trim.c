/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/trim.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_RANGES 32
/* The stack in use: this much under the current frame is kept. */
#define STACK_KEEP (16 * 1024)

struct range {
	unsigned long start, end;
};

/* create's deep calls left their pages in the stack mapping: those under
 * the current frame (with a margin) come back only if used again. */
static void trim_stack(unsigned long start)
{
	unsigned long page = (unsigned long)getpagesize();
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	unsigned long end = (sp - STACK_KEEP) & ~(page - 1);

	if (start != 0 && end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

void jf_shim_trim(void)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	struct range drop[MAX_RANGES];
	unsigned long start = 0, end = 0, stack = 0;
	char line[512], perms[8] = "";
	bool candidate = false;
	size_t n = 0;

	/* The heap create freed (the top given back, free pages dropped). */
	malloc_trim(0);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long a, b, kb;
		char path[256] = "";

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &a, &b, perms,
			   path) >= 3 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			start = a;
			end = b;
			/* Read-only or code, private, backed by a file (not
			 * [vdso]). */
			candidate = perms[0] == 'r' && perms[1] == '-' &&
				    perms[3] == 'p' && path[0] == '/';
			if (strcmp(path, "[stack]") == 0)
				stack = start;
			continue;
		}
		if (candidate && sscanf(line, "Anonymous: %lu kB", &kb) == 1) {
			if (kb == 0 && n < MAX_RANGES)
				drop[n++] = (struct range){start, end};
			candidate = false;
		}
	}
	fclose(f);
	/* Only now: reading smaps (stdio, scanf) would fault them back. */
	for (size_t i = 0; i < n; i++)
		madvise((void *)drop[i].start, drop[i].end - drop[i].start,
			MADV_DONTNEED);
	trim_stack(stack);
}
