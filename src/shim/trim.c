/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "shim/trim.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

void jf_shim_trim(void)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	unsigned long start = 0, end = 0;
	char line[512], perms[8] = "";
	bool candidate = false;

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
			/* Read-only, private, backed by a file (not [vdso]). */
			candidate = perms[0] == 'r' && perms[1] == '-' &&
				    perms[3] == 'p' && path[0] == '/';
			continue;
		}
		if (candidate && sscanf(line, "Anonymous: %lu kB", &kb) == 1) {
			if (kb == 0)
				madvise((void *)start, end - start,
					MADV_DONTNEED);
			candidate = false;
		}
	}
	fclose(f);
}
