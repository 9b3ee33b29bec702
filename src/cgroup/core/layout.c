/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which cgroup hierarchies the host has: v1, v2 or hybrid, and where.
 * Found with statfs at the usual places, else read from
 * /proc/self/mountinfo by hand; not through libcgroup:
 * cgroup_init() costs ~0.5-1 ms and does not tell v1, v2 and hybrid apart,
 * and commands such as `kill` or `ps` need the layout without it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/vfs.h>

#include "cgroup/core/core.h"
#include "cleanup.h"

#define CG_USUAL_ROOT "/sys/fs/cgroup"

static const char *const v1_controllers[] = {
    "cpuset",  "cpu",	  "cpuacct", "blkio",	   "memory",
    "devices", "freezer", "net_cls", "perf_event", "net_prio",
    "hugetlb", "pids",	  "rdma",    "misc",	   "debug",
};

static struct cg_layout host_layout;
static bool host_loaded;
static struct cg_layout override_layout;
static bool overridden;

bool cg_list_has(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, word, len) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

static bool is_v1_controller(const char *opt)
{
	if (strncmp(opt, "name=", 5) == 0)
		return true;
	for (size_t i = 0; i < sizeof(v1_controllers) / sizeof(*v1_controllers);
	     i++)
		if (strcmp(opt, v1_controllers[i]) == 0)
			return true;
	return false;
}

/* "rw,cpu,cpuacct" -> "cpu,cpuacct" */
static void super_to_controllers(char *super, char *out, size_t size)
{
	char *save = NULL;
	size_t len = 0;

	out[0] = '\0';
	for (char *w = strtok_r(super, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		if (!is_v1_controller(w) || len >= size)
			continue;
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					len ? "," : "", w);
	}
}

/* Undo mountinfo's octal escapes ("\040" for a space) in place. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] &&
		    s[3]) {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
					(s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static bool has_mount(const struct cg_layout *l, const char *controllers,
		      bool v2)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->hier[i].v2 == v2 &&
		    (v2 || strcmp(l->hier[i].controllers, controllers) == 0))
			return true;
	return false;
}

/* One mountinfo line: a cgroup or cgroup2 mount is added to l. */
static void parse_line(char *line, struct cg_layout *l)
{
	char mnt[256], fstype[32], super[256], ctrls[256];
	const char *dash = strstr(line, " - ");
	bool v2;

	if (dash == NULL || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
	    sscanf(dash, " - %31s %*s %255s", fstype, super) != 2)
		return;
	v2 = strcmp(fstype, "cgroup2") == 0;
	if (!v2 && strcmp(fstype, "cgroup") != 0)
		return;
	ctrls[0] = '\0';
	if (!v2) {
		super_to_controllers(super, ctrls, sizeof(ctrls));
		if (ctrls[0] == '\0')
			return;
	}
	/* The same hierarchy mounted twice: the first mount is used. */
	if (has_mount(l, ctrls, v2) || l->n >= CG_MAX_HIER)
		return;
	unescape(mnt);
	snprintf(l->hier[l->n].mount, sizeof(l->hier[l->n].mount), "%s", mnt);
	snprintf(l->hier[l->n].controllers, sizeof(l->hier[l->n].controllers),
		 "%s", ctrls);
	l->hier[l->n].v2 = v2;
	if (v2)
		l->unified = (int)l->n;
	l->n++;
}

/* Without a v1 controller, named v1 hierarchies are of no use: v2 mode. */
static void set_mode(struct cg_layout *l)
{
	bool v1 = false;

	for (size_t i = 0; i < l->n; i++)
		if (!l->hier[i].v2 &&
		    strncmp(l->hier[i].controllers, "name=", 5) != 0)
			v1 = true;
	if (v1) {
		l->mode = l->unified >= 0 ? CG_MODE_HYBRID : CG_MODE_V1;
		return;
	}
	l->mode = CG_MODE_V2;
	if (l->unified > 0) {
		l->hier[0] = l->hier[l->unified];
		l->unified = 0;
	}
	l->n = l->unified == 0 ? 1 : 0;
}

int cg_layout_parse(const char *mountinfo, struct cg_layout *l,
		    struct jf_error *err)
{
	cleanup_free char *copy = strdup(mountinfo);
	char *save = NULL;

	if (copy == NULL)
		return jf_error_errno(err, "cgroup layout");
	memset(l, 0, sizeof(*l));
	l->unified = -1;
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		parse_line(line, l);
	set_mode(l);
	if (l->n == 0)
		return jf_error_set(err, 0, "no cgroup filesystem is mounted");
	return 0;
}

/* The type of the filesystem path is on (a *_MAGIC), 0 when unknown. */
static unsigned long fs_type(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 ? (unsigned long)sf.f_type : 0;
}

/* v1 hierarchy "cpu,cpuacct" at /sys/fs/cgroup/cpu,cpuacct, "name=systemd"
 * at /sys/fs/cgroup/systemd, if that is a cgroup mount.  0: added; -1: not
 * there (the caller falls back to mountinfo). */
static int add_usual_v1(struct cg_layout *l, const char *controllers)
{
	const char *dir = controllers;
	struct cg_hier *h;

	if (strncmp(dir, "name=", 5) == 0)
		dir += 5;
	if (*dir == '\0' || strchr(dir, '=') != NULL ||
	    strchr(dir, '/') != NULL || l->n >= CG_MAX_HIER)
		return -1;
	h = &l->hier[l->n];
	snprintf(h->mount, sizeof(h->mount), CG_USUAL_ROOT "/%s", dir);
	snprintf(h->controllers, sizeof(h->controllers), "%s", controllers);
	if (fs_type(h->mount) != CGROUP_SUPER_MAGIC)
		return -1;
	h->v2 = false;
	l->n++;
	return 0;
}

/*
 * The layout where systemd and the distributions put it, found without
 * /proc/self/mountinfo (~0.15 ms to read here, on every create): a cgroup2
 * mount at /sys/fs/cgroup, or a tmpfs there holding each v1 hierarchy of
 * /proc/self/cgroup at /sys/fs/cgroup/<controllers> (as crun assumes), and
 * possibly cgroup2 at /sys/fs/cgroup/unified.  Each mount is checked with
 * statfs; anything else returns -1 and mountinfo decides.  Not seen: a
 * cgroup2 mount elsewhere than .../unified next to v1 hierarchies (then the
 * layout is v1, not hybrid), v1 hierarchies mounted outside a cgroup2
 * /sys/fs/cgroup (then it is v2) -- as runc and crun see them too.
 */
int cg_layout_at_usual_places(struct cg_layout *l)
{
	unsigned long root = fs_type(CG_USUAL_ROOT);
	char text[8192], *save = NULL;
	struct jf_error ignored;
	int n;

	memset(l, 0, sizeof(*l));
	l->unified = -1;
	if (root == CGROUP2_SUPER_MAGIC) {
		snprintf(l->hier[0].mount, sizeof(l->hier[0].mount),
			 CG_USUAL_ROOT);
		l->hier[0].v2 = true;
		l->n = 1;
		l->unified = 0;
		l->mode = CG_MODE_V2;
		return 0;
	}
	/* A list longer than the buffer (deep paths): mountinfo decides. */
	if (root != TMPFS_MAGIC ||
	    (n = cg_read("/proc/self/cgroup", text, sizeof(text), &ignored)) <
		0 ||
	    (size_t)n >= sizeof(text) - 1)
		return -1;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *controllers = strchr(line, ':'), *end;

		if (controllers == NULL ||
		    (end = strchr(++controllers, ':')) == NULL)
			return -1;
		*end = '\0';
		if (strncmp(line, "0:", 2) != 0) {
			if (add_usual_v1(l, controllers) < 0)
				return -1;
			continue;
		}
		/* The v2 hierarchy: mounted at .../unified, or nowhere here. */
		if (fs_type(CG_USUAL_ROOT "/unified") == CGROUP2_SUPER_MAGIC &&
		    l->n < CG_MAX_HIER) {
			snprintf(l->hier[l->n].mount,
				 sizeof(l->hier[l->n].mount),
				 CG_USUAL_ROOT "/unified");
			l->hier[l->n].v2 = true;
			l->unified = (int)l->n++;
		}
	}
	set_mode(l);
	return l->n > 0 ? 0 : -1;
}

/* cgroup.controllers of the cgroup2 root: "cpu io memory" -> "cpu,io,memory" */
static int load_v2_controllers(struct cg_hier *h, struct jf_error *err)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/cgroup.controllers", h->mount);
	if (cg_read(path, h->controllers, sizeof(h->controllers), err) < 0)
		return -1;
	h->controllers[strcspn(h->controllers, "\n")] = '\0';
	for (char *p = h->controllers; *p != '\0'; p++)
		if (*p == ' ')
			*p = ',';
	return 0;
}

int cg_layout_from_mountinfo(struct cg_layout *l, struct jf_error *err)
{
	cleanup_free char *text = NULL;

	if (cg_read_alloc("/proc/self/mountinfo", &text, err) < 0)
		return -1;
	return cg_layout_parse(text, l, err);
}

const struct cg_layout *cg_layout(struct jf_error *err)
{

	if (overridden)
		return &override_layout;
	if (host_loaded)
		return &host_layout;
	if (cg_layout_at_usual_places(&host_layout) < 0 &&
	    cg_layout_from_mountinfo(&host_layout, err) < 0)
		return NULL;
	if (host_layout.unified >= 0 &&
	    load_v2_controllers(&host_layout.hier[host_layout.unified], err) <
		0)
		return NULL;
	host_loaded = true;
	return &host_layout;
}

_Static_assert(sizeof(struct cg_layout) <= JF_CGROUP_LAYOUT_BYTES,
	       "JF_CGROUP_LAYOUT_BYTES too small");

int jf_cgroup_layout_export(unsigned char buf[JF_CGROUP_LAYOUT_BYTES],
			    struct jf_error *err)
{
	const struct cg_layout *l = cg_layout(err);

	if (l == NULL)
		return -1;
	memset(buf, 0, JF_CGROUP_LAYOUT_BYTES);
	memcpy(buf, l, sizeof(*l));
	return 0;
}

void jf_cgroup_layout_import(const unsigned char buf[JF_CGROUP_LAYOUT_BYTES])
{
	memcpy(&host_layout, buf, sizeof(host_layout));
	host_loaded = true;
}

bool cg_host_has_usual_v1(void)
{
	if (overridden || host_loaded)
		return cg_layout(NULL)->mode != CG_MODE_V2;
	/* The devices hierarchy, which every v1 container uses, where it
	 * usually is: then whatever finds the whole layout finds v1 too. */
	return fs_type(CG_USUAL_ROOT) == TMPFS_MAGIC &&
	       fs_type(CG_USUAL_ROOT "/devices") == CGROUP_SUPER_MAGIC;
}

int jf_cgroup_host_mounts(struct jf_cgroup_mount_info *out, size_t max,
			  size_t *ret_n, struct jf_error *err)
{
	const struct cg_layout *l = cg_layout(err);
	size_t n = 0;

	if (l == NULL)
		return -1;
	for (size_t i = 0; i < l->n && n < max; i++)
		out[n++] = (struct jf_cgroup_mount_info){
		    .mountpoint = l->hier[i].mount,
		    .controllers = l->hier[i].controllers,
		    .v2 = l->hier[i].v2,
		};
	*ret_n = n;
	return 0;
}

void cg_layout_override(const struct cg_layout *l)
{
	overridden = l != NULL;
	if (l != NULL)
		override_layout = *l;
}

int cg_layout_find(const struct cg_layout *l, const char *controller)
{
	/* v1 first: on the hybrid layout a controller is in one of them. */
	for (size_t i = 0; i < l->n; i++)
		if (!l->hier[i].v2 &&
		    cg_list_has(l->hier[i].controllers, controller))
			return (int)i;
	if (l->unified >= 0 &&
	    cg_list_has(l->hier[l->unified].controllers, controller))
		return l->unified;
	return -1;
}

const char *cg_hier_lib_name(const struct cg_hier *h, char *buf, size_t size)
{
	if (h->v2)
		return "cgroup";
	snprintf(buf, size, "%.*s", (int)strcspn(h->controllers, ","),
		 h->controllers);
	return buf;
}
