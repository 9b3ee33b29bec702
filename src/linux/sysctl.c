/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/procfs.h"

#define FIELD "linux.sysctl"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The namespace that owns a key: CLONE_NEWIPC, CLONE_NEWNET, or 0 for none
 * (a key of the host). */
static int owner(const char *key)
{
	if (has_prefix(key, "kernel.msg") || has_prefix(key, "kernel.sem") ||
	    has_prefix(key, "kernel.shm") || has_prefix(key, "fs.mqueue."))
		return CLONE_NEWIPC;
	if (has_prefix(key, "net."))
		return CLONE_NEWNET;
	return 0;
}

/* Dot-separated names: no empty component, no '/', nothing a path walk
 * could take for something else. */
static bool key_well_formed(const char *key)
{
	const char *p = key;

	if (*key == '\0' || *key == '.' || key[strlen(key) - 1] == '.' ||
	    strstr(key, "..") != NULL)
		return false;
	for (; *p; p++)
		if (*p == '/' || (unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/* Is fd the runtime's own namespace of this type (the host's)? */
static bool is_host_ns(int fd, const char *name)
{
	struct stat theirs, ours;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	return fstat(fd, &theirs) == 0 && stat(path, &ours) == 0 &&
	       theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev;
}

/* Does the container have a namespace of this type that is not the host's? */
static bool own_ns(const struct jf_namespaces *ns, int type, const char *name)
{
	if (ns->new_flags & (unsigned long)type)
		return true;
	for (size_t i = 0; i < ns->n_join; i++)
		if (ns->join[i].type == type)
			return !is_host_ns(ns->join[i].fd, name);
	return false;
}

int jf_sysctl_check(const struct oci_config *c, const struct jf_namespaces *ns,
		    struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;

	for (size_t i = 0; l != NULL && i < l->n_sysctl; i++) {
		const char *key = l->sysctl[i].key;
		int type;

		if (!key_well_formed(key))
			return jf_error_set(err, 0,
					    FIELD
					    "[\"%.64s\"]: not a sysctl name "
					    "(dot-separated, no '/')",
					    key);
		if (strcmp(key, "kernel.hostname") == 0 ||
		    strcmp(key, "kernel.domainname") == 0)
			return jf_error_set(err, 0,
					    FIELD
					    "[\"%s\"]: refused, set %s in the "
					    "config instead",
					    key, key + strlen("kernel."));
		type = owner(key);
		if (type == 0)
			return jf_error_set(
			    err, 0,
			    FIELD "[\"%.64s\"]: refused, it belongs "
				  "to no namespace and would change the "
				  "host",
			    key);
		if (!own_ns(ns, type, type == CLONE_NEWIPC ? "ipc" : "net"))
			return jf_error_set(
			    err, 0,
			    FIELD "[\"%.64s\"]: refused, the "
				  "container has no %s namespace of its "
				  "own, so it would change the host's",
			    key, type == CLONE_NEWIPC ? "ipc" : "network");
	}
	return 0;
}

int jf_sysctl_apply(const struct oci_config *c, int procfd,
		    struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;

	for (size_t i = 0; l != NULL && i < l->n_sysctl; i++) {
		const char *key = l->sysctl[i].key;
		const char *value = l->sysctl[i].value;
		char rel[PATH_MAX];
		int n = snprintf(rel, sizeof(rel), "sys/%s", key);

		if (n < 0 || (size_t)n >= sizeof(rel))
			return jf_error_set(err, 0,
					    FIELD "[\"%.64s\"]: too long", key);
		for (char *p = rel + 4; *p; p++)
			if (*p == '.')
				*p = '/';
		if (jf_procfs_write(procfd, rel, value, strlen(value), err) <
		    0) {
			if (err->errnum == ENOENT)
				return jf_error_wrap(err,
						     FIELD
						     "[\"%s\"]: unknown, or "
						     "not per namespace",
						     key);
			return jf_error_wrap(err, FIELD "[\"%s\"]", key);
		}
	}
	return 0;
}
