/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "fs_util.h"
#include "linux/procfs.h"

#ifndef SELINUX_MAGIC
#define SELINUX_MAGIC 0xf97cff8c
#endif

/* A small file's text (malloc'd), NULL when it cannot be read here. */
static char *read_small(const char *path)
{
	struct jf_error err = {0};
	char *text = NULL;

	if (jf_read_file_at(AT_FDCWD, path, 4096, &text, NULL, &err) < 0)
		return NULL;
	return text;
}

/* 1 or 0 when the kernel lists its active LSMs (securityfs), -1 when the
 * list cannot be read here. */
static int lsm_listed(const char *name)
{
	cleanup_free char *list = read_small("/sys/kernel/security/lsm");
	size_t len = strlen(name);

	if (list == NULL)
		return -1;
	for (char *p = list; *p != '\0'; p += strcspn(p, ",")) {
		p += *p == ',';
		if (strncmp(p, name, len) == 0 &&
		    (p[len] == ',' || p[len] == '\0' || p[len] == '\n'))
			return 1;
	}
	return 0;
}

bool jf_lsm_apparmor_enabled(void)
{
	cleanup_free char *enabled = NULL, *current = NULL;
	struct stat st;
	int listed = lsm_listed("apparmor");

	if (listed >= 0)
		return listed == 1;
	/* Built in is not enabled: "Y" stays when another LSM was chosen at
	 * boot, but then apparmorfs is not there. */
	enabled = read_small("/sys/module/apparmor/parameters/enabled");
	if (enabled == NULL || enabled[0] != 'Y')
		return false;
	if (stat("/sys/kernel/security/apparmor", &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return true;
	/* No securityfs here: AppArmor's own attribute answers only when it
	 * is active (EINVAL otherwise). */
	current = read_small("/proc/thread-self/attr/apparmor/current");
	return current != NULL;
}

bool jf_lsm_selinux_enabled(void)
{
	struct statfs sf;
	int listed = lsm_listed("selinux");

	if (listed >= 0)
		return listed == 1;
	return statfs("/sys/fs/selinux", &sf) == 0 &&
	       (unsigned long)sf.f_type == (unsigned long)SELINUX_MAGIC &&
	       access("/sys/fs/selinux/enforce", F_OK) == 0;
}

static const char *nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

int jf_lsm_prepare(const struct oci_process *p, const char *mount_label,
		   struct jf_lsm *ret, struct jf_error *err)
{
	const char *aa = p != NULL ? nonempty(p->apparmor_profile) : NULL;
	const char *se = p != NULL ? nonempty(p->selinux_label) : NULL;
	const char *ml = nonempty(mount_label);

	ret->apparmor_profile = ret->selinux_label = NULL;
	ret->proc_fd = -1;
	if (aa != NULL && !jf_lsm_apparmor_enabled())
		return jf_error_set(
		    err, 0,
		    "process.apparmorProfile \"%s\": AppArmor is not "
		    "enabled on this host",
		    aa);
	if (se != NULL && !jf_lsm_selinux_enabled())
		return jf_error_set(
		    err, 0,
		    "process.selinuxLabel \"%s\": SELinux is not enabled "
		    "on this host",
		    se);
	if (ml != NULL && !jf_lsm_selinux_enabled())
		return jf_error_set(
		    err, 0,
		    "linux.mountLabel \"%s\": SELinux is not enabled on "
		    "this host",
		    ml);
	if (ml != NULL && strchr(ml, '"') != NULL)
		return jf_error_set(err, 0,
				    "linux.mountLabel \"%s\": has a '\"'", ml);
	if (aa == NULL && se == NULL)
		return 0;
	ret->proc_fd = jf_procfs_open("/proc", err);
	if (ret->proc_fd < 0)
		return jf_error_wrap(err, "%s",
				     aa != NULL ? "process.apparmorProfile"
						: "process.selinuxLabel");
	ret->apparmor_profile = aa;
	ret->selinux_label = se;
	return 0;
}

/* The process is single-threaded here: self is the thread (the attribute
 * files are per thread). */
static int apply_apparmor(int proc_fd, const char *profile,
			  struct jf_error *err)
{
	char cmd[4096];
	const char *attr;
	int n = snprintf(cmd, sizeof(cmd), "exec %s", profile);

	if (n < 0 || (size_t)n >= sizeof(cmd))
		return jf_error_set(err, ENAMETOOLONG,
				    "process.apparmorProfile");
	/* AppArmor's own (Linux 5.1+), else the shared one.  (Only a
	 * kernel feature is looked up here; the write checks its file.) */
	attr = faccessat(proc_fd, "self/attr/apparmor", F_OK, 0) == 0
		   ? "self/attr/apparmor/exec"
		   : "self/attr/exec";
	if (jf_procfs_write(proc_fd, attr, cmd, (size_t)n, err) < 0)
		return jf_error_wrap(
		    err,
		    "process.apparmorProfile \"%s\": cannot apply it "
		    "(is the profile loaded?)",
		    profile);
	return 0;
}

static int apply_selinux(int proc_fd, const char *label, struct jf_error *err)
{
	if (jf_procfs_write(proc_fd, "self/attr/exec", label, strlen(label),
			    err) < 0)
		return jf_error_wrap(err, "process.selinuxLabel \"%s\"", label);
	return 0;
}

int jf_lsm_apply(struct jf_lsm *l, struct jf_error *err)
{
	int rc = 0;

	if (l->apparmor_profile != NULL)
		rc = apply_apparmor(l->proc_fd, l->apparmor_profile, err);
	if (rc == 0 && l->selinux_label != NULL)
		rc = apply_selinux(l->proc_fd, l->selinux_label, err);
	jf_lsm_free(l); /* the host's procfs: no longer needed in here */
	return rc;
}

void jf_lsm_free(struct jf_lsm *l)
{
	if (l->proc_fd >= 0)
		close(l->proc_fd);
	l->proc_fd = -1;
}

int jf_lsm_mount_data(const char *label, const char *type, char *data,
		      size_t size, const char *field, struct jf_error *err)
{
	/* proc and sysfs have their own labels, mqueue and cgroup take none
	 * as an option (runc and crun leave them out too). */
	static const char *const unlabelled[] = {
	    "proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind", NULL};
	size_t len = strlen(data);
	int n;

	if (nonempty(label) == NULL || type == NULL)
		return 0;
	for (size_t i = 0; unlabelled[i] != NULL; i++)
		if (strcmp(type, unlabelled[i]) == 0)
			return 0;
	n = snprintf(data + len, size - len, "%scontext=\"%s\"",
		     len > 0 ? "," : "", label);
	if (n < 0 || (size_t)n >= size - len)
		return jf_error_set(
		    err, E2BIG, "%s: too long with linux.mountLabel", field);
	return 0;
}
