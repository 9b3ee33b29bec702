/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The limit: a measuring stick for make bench, not a runtime.
 *
 *   limit ROOTFS [CMD [ARG...]]
 *
 * Does, in one static process and its one child, exactly the work the
 * bench's config.json asks of a runtime (`runc spec`, terminal off, args
 * /bin/true, root read-only), hard-coded, and nothing else: no parsing, no
 * state, no re-exec, no library but libc.  What it costs is about the least
 * any runtime can spend on this config on this machine, a better floor
 * than `unshare`, whose time here is mostly dynamic linking.
 *
 * The parent makes a v1 devices cgroup with the default device rules
 * (skipped on pure cgroup v2), clones the child into new pid, mount,
 * network, ipc and uts namespaces, waits for it, removes the cgroup and
 * exits with the child's status.  The child joins the cgroup itself
 * ("0" to `tasks`: cheap even when the machine was idle), builds the root
 * (binds, the config's mounts, /sys/fs/cgroup, device nodes and links),
 * pivots into it, masks and write-protects the config's paths, sets the
 * hostname, RLIMIT_NOFILE, the user, the capabilities and no_new_privs,
 * and execs CMD (default /bin/true, an absolute path) with the config's
 * environment.  ROOTFS is an absolute path.  A failure prints
 * "limit: STEP: ERROR" and exits 1; nothing is left behind.
 *
 * No path safety checks (the rootfs is trusted) and no fallback for
 * kernels before 5.12 (mount_setattr): those are a runtime's business.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define CGROUP_ROOT  "/sys/fs/cgroup"
#define DEVICES_ROOT CGROUP_ROOT "/devices"

/* process.capabilities: AUDIT_WRITE, KILL and NET_BIND_SERVICE in the
 * bounding, effective and permitted sets; ambient has no effect without
 * inheritable, which the config leaves empty. */
#define CAPS                                                                   \
	((1ULL << CAP_AUDIT_WRITE) | (1ULL << CAP_KILL) |                      \
	 (1ULL << CAP_NET_BIND_SERVICE))

#define NAMESPACES                                                             \
	(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS |           \
	 CLONE_NEWNS)

struct ctx {
	const char *rootfs;
	char *const *argv;
	char cgroup[64]; /* the devices cgroup's directory, "" for none */
};

/* linux.resources.devices (deny all) and then the devices every runtime
 * allows, written one rule per write(2). */
static const char *const allowed_devices[] = {
    "c *:* m",	 "b *:* m",	"c 1:3 rwm", "c 1:8 rwm",
    "c 1:7 rwm", "c 5:0 rwm",	"c 1:5 rwm", "c 1:9 rwm",
    "c 5:1 rwm", "c 136:* rwm", "c 5:2 rwm",
};

/* The config's mounts, relative to the rootfs (the cwd while mounting). */
static const struct {
	const char *source, *target, *type;
	unsigned long flags;
	const char *data;
	bool mkdir; /* the target is in the fresh /dev */
} config_mounts[] = {
    {"proc", "proc", "proc", 0, NULL, false},
    {"tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
     "mode=755,size=65536k", false},
    {"devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
     "newinstance,ptmxmode=0666,mode=0620,gid=5", true},
    {"shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV,
     "mode=1777,size=65536k", true},
    {"mqueue", "dev/mqueue", "mqueue", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL,
     true},
    {"sysfs", "sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY,
     NULL, false},
};

static const struct {
	const char *name;
	unsigned major, minor;
} device_nodes[] = {
    {"null", 1, 3},   {"zero", 1, 5},	 {"full", 1, 7},
    {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct {
	const char *target, *name;
} device_links[] = {
    {"/proc/self/fd", "dev/fd"},       {"/proc/self/fd/0", "dev/stdin"},
    {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"},
    {"/proc/kcore", "dev/core"},       {"pts/ptmx", "dev/ptmx"},
};

static const char *const masked_paths[] = {
    "/proc/acpi",	 "/proc/asound",	"/proc/kcore",
    "/proc/keys",	 "/proc/latency_stats", "/proc/timer_list",
    "/proc/timer_stats", "/proc/sched_debug",	"/sys/firmware",
    "/proc/scsi",
};

static const char *const readonly_paths[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static char *const default_argv[] = {"/bin/true", NULL};

static char *const config_env[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "TERM=xterm",
    NULL,
};

/* ---- helpers ---- */

static int write_str(int fd, const char *s)
{
	ssize_t len = (ssize_t)strlen(s);

	return write(fd, s, (size_t)len) == len ? 0 : -1;
}

/* Mount attributes added, the others kept: one mount or a whole tree. */
static int set_mount_attrs(const char *path, __u64 attrs, bool recursive)
{
	struct mount_attr attr = {.attr_set = attrs};

	return mount_setattr(AT_FDCWD, path, recursive ? AT_RECURSIVE : 0,
			     &attr, sizeof(attr));
}

/* ---- the parent: the devices cgroup ---- */

static int write_device_rules(const char *dir)
{
	char path[96];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/devices.deny", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_str(fd, "a") < 0)
		rc = -1;
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/devices.allow", dir);
	fd = rc == 0 ? open(path, O_WRONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return -1;
	for (size_t i = 0;
	     rc == 0 && i < sizeof(allowed_devices) / sizeof(*allowed_devices);
	     i++)
		rc = write_str(fd, allowed_devices[i]);
	close(fd);
	return rc;
}

/* 0 with ctx->cgroup set, or left empty on pure cgroup v2. */
static int create_cgroup(struct ctx *c)
{
	snprintf(c->cgroup, sizeof(c->cgroup), DEVICES_ROOT "/limit-%d",
		 (int)getpid());
	if (mkdir(c->cgroup, 0755) < 0) {
		int e = errno;

		c->cgroup[0] = '\0';
		errno = e;
		if (e == ENOENT && access(DEVICES_ROOT, F_OK) < 0)
			return 0;
		return -1;
	}
	return 0;
}

static void remove_cgroup(const struct ctx *c)
{
	if (c->cgroup[0] != '\0' && rmdir(c->cgroup) < 0)
		fprintf(stderr, "limit: removing the devices cgroup %s: %s\n",
			c->cgroup, strerror(errno));
}

static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* ---- the child: each step returns -1 with errno set on failure ---- */

static int join_cgroup(const struct ctx *c)
{
	char path[96];
	int fd, rc;

	if (c->cgroup[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "%s/tasks", c->cgroup);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = write_str(fd, "0");
	close(fd);
	return rc;
}

static int make_mounts_private(const struct ctx *c)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/* Binds the rootfs onto itself (pivot_root wants a mount point) and goes
 * into it: every later path until the pivot is relative to it. */
static int bind_rootfs(const struct ctx *c)
{
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	return chdir(c->rootfs);
}

static int mount_config_mounts(const struct ctx *c)
{
	for (size_t i = 0; i < sizeof(config_mounts) / sizeof(*config_mounts);
	     i++) {
		if (config_mounts[i].mkdir &&
		    mkdir(config_mounts[i].target, 0755) < 0)
			return -1;
		if (mount(config_mounts[i].source, config_mounts[i].target,
			  config_mounts[i].type, config_mounts[i].flags,
			  config_mounts[i].data) < 0)
			return -1;
	}
	return 0;
}

/* The controllers field of a /proc/self/cgroup line as the directory of
 * its hierarchy under /sys/fs/cgroup: "cpu,cpuacct", "name=systemd" ->
 * "systemd", "" (v2) -> "unified"; "" when v2 is alone. */
static void hierarchy_dir(const char *ctrl, int len, bool hybrid, char *buf,
			  size_t size)
{
	if (len >= 5 && strncmp(ctrl, "name=", 5) == 0) {
		ctrl += 5;
		len -= 5;
	}
	if (len == 0)
		snprintf(buf, size, "%s", hybrid ? "unified" : "");
	else
		snprintf(buf, size, "%.*s", len, ctrl);
}

/* A read-only bind of the process's own cgroup in one hierarchy, if that
 * hierarchy is mounted under /sys/fs/cgroup on the host. */
static int bind_hierarchy(const char *dir, const char *own, int own_len,
			  dev_t host_tmpfs)
{
	char src[PATH_MAX], dst[PATH_MAX];
	struct stat st;

	snprintf(src, sizeof(src), CGROUP_ROOT "/%s", dir);
	if (stat(src, &st) < 0 || st.st_dev == host_tmpfs)
		return 0; /* not mounted (bench.sh unmounts unified) */
	snprintf(src, sizeof(src), CGROUP_ROOT "/%s%.*s", dir, own_len, own);
	snprintf(dst, sizeof(dst), "sys/fs/cgroup/%s", dir);
	if (dir[0] != '\0' && mkdir(dst, 0755) < 0)
		return -1;
	return mount(src, dst, NULL, MS_BIND | MS_REC, NULL);
}

/* The mount of type cgroup at /sys/fs/cgroup, ro, without a cgroup
 * namespace: on v1 a tmpfs with a bind of each hierarchy, on pure v2 a
 * bind of the one hierarchy; then read-only all at once. */
static int mount_cgroups(const struct ctx *c)
{
	char text[4096], dir[256];
	const unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	bool hybrid = c->cgroup[0] != '\0';
	int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;
	struct stat host;

	if (fd >= 0)
		close(fd);
	if (n < 0 || stat(CGROUP_ROOT, &host) < 0)
		return -1;
	text[n] = '\0';
	if (hybrid &&
	    mount("tmpfs", "sys/fs/cgroup", "tmpfs", flags, "mode=755") < 0)
		return -1;
	for (char *line = text, *end; *line != '\0'; line = end + 1) {
		char *ctrl = strchr(line, ':'), *own;

		end = strchrnul(line, '\n');
		own = ctrl != NULL ? strchr(ctrl + 1, ':') : NULL;
		if (own == NULL || own > end)
			break;
		hierarchy_dir(ctrl + 1, (int)(own - ctrl - 1), hybrid, dir,
			      sizeof(dir));
		if (bind_hierarchy(dir, own + 1, (int)(end - own - 1),
				   hybrid ? host.st_dev : 0) < 0)
			return -1;
		if (*end == '\0')
			break;
	}
	return set_mount_attrs("sys/fs/cgroup",
			       MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				   MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
			       true);
}

/* mknod, or a bind of the host's node where mknod is not allowed. */
static int make_device(const char *name, unsigned major, unsigned minor)
{
	char path[32], host[32];
	int fd;

	snprintf(path, sizeof(path), "dev/%s", name);
	if (mknod(path, S_IFCHR | 0666, makedev(major, minor)) == 0)
		return 0;
	if (errno != EPERM)
		return -1;
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	close(fd);
	snprintf(host, sizeof(host), "/dev/%s", name);
	return mount(host, path, NULL, MS_BIND, NULL);
}

static int make_device_nodes(const struct ctx *c)
{
	mode_t old = umask(0);
	int rc = 0;

	for (size_t i = 0;
	     rc == 0 && i < sizeof(device_nodes) / sizeof(*device_nodes); i++)
		rc = make_device(device_nodes[i].name, device_nodes[i].major,
				 device_nodes[i].minor);
	umask(old);
	return rc;
}

static int make_device_links(const struct ctx *c)
{
	for (size_t i = 0; i < sizeof(device_links) / sizeof(*device_links);
	     i++)
		if (symlink(device_links[i].target, device_links[i].name) < 0)
			return -1;
	return 0;
}

/* The old root ends up stacked on the new one; detaching it leaves the
 * new root alone (/ is private: nothing propagates to the host). */
static int enter_rootfs(const struct ctx *c)
{
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -1;
	if (umount2(".", MNT_DETACH) < 0)
		return -1;
	return chdir("/");
}

static int set_hostname(const struct ctx *c)
{
	return sethostname("runc", 4);
}

/* Files get /dev/null; directories share one empty read-only tmpfs. */
static int mask_paths(const struct ctx *c)
{
	const char *first_dir = NULL;

	for (size_t i = 0; i < sizeof(masked_paths) / sizeof(*masked_paths);
	     i++) {
		const char *p = masked_paths[i];
		struct stat st;
		int r;

		if (stat(p, &st) < 0) {
			if (errno == ENOENT)
				continue;
			return -1;
		}
		if (!S_ISDIR(st.st_mode))
			r = mount("/dev/null", p, NULL, MS_BIND, NULL);
		else if (first_dir != NULL)
			r = mount(first_dir, p, NULL, MS_BIND, NULL);
		else
			r = mount("tmpfs", p, "tmpfs", MS_RDONLY,
				  "size=0,nr_inodes=1");
		if (r < 0)
			return -1;
		if (S_ISDIR(st.st_mode) && first_dir == NULL)
			first_dir = p;
	}
	return 0;
}

static int readonly_config_paths(const struct ctx *c)
{
	for (size_t i = 0; i < sizeof(readonly_paths) / sizeof(*readonly_paths);
	     i++) {
		const char *p = readonly_paths[i];

		if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			return -1;
		}
		if (set_mount_attrs(p, MOUNT_ATTR_RDONLY, false) < 0)
			return -1;
	}
	return 0;
}

static int readonly_root(const struct ctx *c)
{
	return set_mount_attrs("/", MOUNT_ATTR_RDONLY, false);
}

static int set_rlimits(const struct ctx *c)
{
	struct rlimit nofile = {1024, 1024};

	return setrlimit(RLIMIT_NOFILE, &nofile);
}

static int enter_cwd(const struct ctx *c)
{
	return chdir("/");
}

/* Every capability out of the bounding set but the config's; the loop
 * ends at the kernel's last capability (EINVAL). */
static int drop_bounding_set(const struct ctx *c)
{
	for (int cap = 0; cap < 64; cap++) {
		if (CAPS & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return errno == EINVAL ? 0 : -1;
	}
	return 0;
}

/* process.user: uid 0, gid 0, no additional groups. */
static int set_user(const struct ctx *c)
{
	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0)
		return -1;
	return setresuid(0, 0, 0);
}

static int set_capabilities(const struct ctx *c)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {
	    {(__u32)CAPS, (__u32)CAPS, 0},
	    {(__u32)(CAPS >> 32), (__u32)(CAPS >> 32), 0},
	};

	if (syscall(SYS_capset, &hdr, data) < 0)
		return -1;
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

static int set_no_new_privs(const struct ctx *c)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static int exec_process(const struct ctx *c)
{
	return execve(c->argv[0], c->argv, config_env);
}

static const struct {
	const char *name;
	int (*run)(const struct ctx *c);
} child_steps[] = {
    {"joining the devices cgroup", join_cgroup},
    {"making / private", make_mounts_private},
    {"binding the rootfs", bind_rootfs},
    {"mounts", mount_config_mounts},
    {"/sys/fs/cgroup", mount_cgroups},
    {"device nodes", make_device_nodes},
    {"/dev symlinks", make_device_links},
    {"pivot_root", enter_rootfs},
    {"hostname", set_hostname},
    {"maskedPaths", mask_paths},
    {"readonlyPaths", readonly_config_paths},
    {"read-only root", readonly_root},
    {"rlimits", set_rlimits},
    {"cwd", enter_cwd},
    {"bounding set", drop_bounding_set},
    {"user", set_user},
    {"capabilities", set_capabilities},
    {"no_new_privs", set_no_new_privs},
    {"exec", exec_process},
};

static __attribute__((noreturn)) void run_child(const struct ctx *c)
{
	for (size_t i = 0; i < sizeof(child_steps) / sizeof(*child_steps);
	     i++) {
		if (child_steps[i].run(c) < 0) {
			fprintf(stderr, "limit: %s: %s\n", child_steps[i].name,
				strerror(errno));
			_exit(1);
		}
	}
	_exit(1); /* exec returned 0: cannot happen */
}

int main(int argc, char **argv)
{
	struct ctx c = {.argv = argc > 2 ? argv + 2 : default_argv};
	pid_t pid;
	int status;

	if (argc < 2 || argv[1][0] != '/' || c.argv[0][0] != '/') {
		fprintf(stderr, "usage: limit /ROOTFS [/CMD [ARG...]]\n");
		return 2;
	}
	c.rootfs = argv[1];
	if (create_cgroup(&c) < 0) {
		fprintf(stderr, "limit: devices cgroup: %s\n", strerror(errno));
		return 1;
	}
	if (c.cgroup[0] != '\0' && write_device_rules(c.cgroup) < 0) {
		fprintf(stderr, "limit: device rules: %s\n", strerror(errno));
		remove_cgroup(&c);
		return 1;
	}
	/* fork(2) with namespaces: the child runs on a copy of this stack. */
	pid = (pid_t)syscall(SYS_clone, NAMESPACES | SIGCHLD, NULL, NULL, NULL,
			     NULL);
	if (pid == 0)
		run_child(&c);
	if (pid < 0) {
		fprintf(stderr, "limit: clone: %s\n", strerror(errno));
		remove_cgroup(&c);
		return 1;
	}
	status = reap(pid);
	if (status < 0)
		fprintf(stderr, "limit: waitpid: %s\n", strerror(errno));
	remove_cgroup(&c);
	return status < 0 ? 1 : status;
}
