/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "commands/commands.h"
#include "fs_util.h"
#include "spec_default.h"

int jf_cmd_spec(int argc, char **argv, const struct jf_globals *g,
		struct jf_error *err)
{
	static const struct option opts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"rootless", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	cleanup_free char *json = NULL;
	const char *bundle = ".";
	bool rootless = false;
	char path[PATH_MAX];
	size_t len;
	int ch;

	while ((ch = getopt_long(argc, argv, "+b:", opts, NULL)) != -1) {
		if (ch == 'b')
			bundle = optarg;
		else if (ch == 'r')
			rootless = true;
		else
			return jf_error_set(err, 0, "spec: bad option");
	}
	snprintf(path, sizeof(path), "%s/config.json", bundle);
	if (access(path, F_OK) == 0)
		return jf_error_set(err, EEXIST, "spec: %s exists, remove it first", path);
	if (oci_spec_default_json(rootless, getuid(), getgid(), &json, &len, err) < 0)
		return -1;
	if (jf_write_file_at(AT_FDCWD, path, json, len, 0644, err) < 0)
		return jf_error_wrap(err, "spec");
	return 0;
}
