/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/exec_path.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *env_path(const struct oci_process *p)
{
	for (size_t i = 0; i < p->n_env; i++)
		if (strncmp(p->env[i], "PATH=", 5) == 0)
			return p->env[i] + 5;
	return DEFAULT_PATH;
}

int jf_find_executable(const struct oci_process *p, char *out, size_t size,
		       struct jf_error *err)
{
	const char *name = p->args[0];

	if (strchr(name, '/') != NULL) {
		snprintf(out, size, "%s", name);
		if (access(out, X_OK) < 0)
			return jf_error_errno(err, "process.args[0]: %s", name);
		return 0;
	}
	for (const char *dir = env_path(p); *dir != '\0';) {
		size_t len = strcspn(dir, ":");
		struct stat st;

		snprintf(out, size, "%.*s/%s", (int)len, len ? dir : ".", name);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
		dir += len;
		if (*dir == ':')
			dir++;
	}
	return jf_error_set(err, ENOENT,
			    "process.args[0]: executable \"%s\" not found in $PATH", name);
}
