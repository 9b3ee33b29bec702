/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * src/cgroup/core/: what every other part of src/cgroup/ stands on, and
 * which stands on nothing of theirs: the host's layout, the container's
 * cgroup (its directories and files), linux.cgroupsPath, the plan of file
 * writes, libcgroup, and reading and writing cgroup files.
 */
#ifndef JF_CGROUP_CORE_H
#define JF_CGROUP_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup/cgroup.h"
#include "config.h"
#include "error.h"

/* ---- layout.c: which hierarchies the host has ---- */

#define CG_MAX_HIER 16

enum cg_mode {
	CG_MODE_V1,	/* v1 hierarchies only */
	CG_MODE_HYBRID, /* v1 hierarchies plus a cgroup2 mount */
	CG_MODE_V2,	/* one cgroup2 mount, no v1 controller */
};

struct cg_hier {
	char mount[256];       /* "/sys/fs/cgroup/memory" */
	char controllers[256]; /* comma list: "cpu,cpuacct", "name=systemd";
				  v2: from the root's cgroup.controllers */
	bool v2;
};

struct cg_layout {
	enum cg_mode mode;
	size_t n;
	struct cg_hier hier[CG_MAX_HIER];
	int unified; /* index of the cgroup2 mount, -1 when none */
};

/* The host's layout, found once per process (layout.c). */
const struct cg_layout *cg_layout(struct jf_error *err);
/* The two ways cg_layout() finds it (v2 controllers not yet filled in):
 * statfs of the usual mount points, -1 when the host is unusual; and
 * /proc/self/mountinfo. */
int cg_layout_at_usual_places(struct cg_layout *l);
int cg_layout_from_mountinfo(struct cg_layout *l, struct jf_error *err);
/* Parse mountinfo text (v2 controllers are filled in by the caller). */
int cg_layout_parse(const char *mountinfo, struct cg_layout *l,
		    struct jf_error *err);
/* Whether the host has v1 controllers where they usually are (two statfs,
 * without the whole layout); false when unsure. */
bool cg_host_has_usual_v1(void);
/* Tests: use this layout instead of the host's (NULL: back to the host). */
void cg_layout_override(const struct cg_layout *l);
/* The hierarchy holding a controller ("memory", "name=systemd"), or -1. */
int cg_layout_find(const struct cg_layout *l, const char *controller);
/* The name libcgroup knows a hierarchy by: its first controller; "cgroup"
 * (libcgroup's name for the cgroup.* files) for a v2 mount. */
const char *cg_hier_lib_name(const struct cg_hier *h, char *buf, size_t size);
bool cg_list_has(const char *comma_list, const char *word);

/* ---- handle.c: the container's cgroup ---- */

struct jf_cgroup {
	char *path; /* "/jfrun/<id>": the same in every hierarchy */
	bool systemd;
	const struct cg_layout *layout;
	/* bit i: the cgroup exists in layout->hier[i] (as made, found by
	 * jf_cgroup_open, or joined since: jf_cgroup_destroy relies on it) */
	uint32_t hiers;
	int track; /* hierarchy whose cgroup.procs lists every process */
	int enter_fd[CG_MAX_HIER]; /* v1 `tasks` files for enter_self */
	size_t n_enter_fd;
	int v2_dirfd;		 /* the cgroup2 directory, or -1 */
	bool cloned_into;	 /* the child was born in v2_dirfd */
	struct cg_plan *pending; /* jf_cgroup_create_late: values still due */
};

struct jf_cgroup *cg_new(char *path, bool systemd, const struct cg_layout *l);
/* "<mount><path>[/<file>]" of hierarchy h into buf; -1 when too long. */
int cg_dir(const struct jf_cgroup *cg, int h, char *buf, size_t size);
int cg_file(const struct jf_cgroup *cg, int h, const char *file, char *buf,
	    size_t size);
/* Whether the directory exists in hierarchy h (a stat, not the cache). */
bool cg_dir_exists(const struct jf_cgroup *cg, int h);
/* The hierarchy to list processes from (v1: devices when there). */
int cg_pick_track(const struct jf_cgroup *cg);
/* Open cg->v2_dirfd when the cgroup has a cgroup2 directory. */
int cg_open_v2_dir(struct jf_cgroup *cg, struct jf_error *err);
static inline bool cg_has(const struct jf_cgroup *cg, int h)
{
	return h >= 0 && (cg->hiers & (1u << h)) != 0;
}

/* ---- path.c: linux.cgroupsPath ---- */

int cg_path_resolve(const char *cgroups_path, const char *id, bool systemd,
		    char **ret, struct jf_error *err);
/* A path given back by state.json: absolute, no "..", not the root. */
int cg_path_check(const char *path, const char *what, struct jf_error *err);

/* ---- plan.c: the file writes that apply linux.resources (built by
 * resources/, written by resources/apply.c) ---- */

struct cg_write {
	char
	    ctrl[32]; /* libcgroup controller name ("cgroup": cgroup.* on v2) */
	char file[96]; /* "memory.limit_in_bytes" */
	char *value;
	char alt_file[96]; /* tried when `file` does not exist; "" for none */
	char *alt_value;   /* value for alt_file; NULL: the same */
	bool optional;	   /* a missing file is a warning, not an error */
	char field[128];   /* the spec field named in errors */
};

struct cg_plan {
	struct cg_write *w;
	size_t n, cap;
	uint32_t need; /* hierarchies the writes (and devices) need */
};

struct cg_write *cg_plan_add(struct cg_plan *p, const char *ctrl,
			     const char *file, const char *field,
			     struct jf_error *err, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void cg_plan_free(struct cg_plan *p);
/* Move the writes `keep` rejects from p to rest (empty), in order. */
int cg_plan_split(struct cg_plan *p, bool (*keep)(const struct cg_write *),
		  struct cg_plan *rest, struct jf_error *err);

/* ---- libcg.c: libcgroup ---- */

/* cgroup_init() on first use (it costs ~0.5-1 ms). */
int cg_lib_init(struct jf_error *err);
/* An error from a libcgroup return code (ECGOTHER: its errno). */
int cg_lib_error(struct jf_error *err, int code, const char *what);
/* Create the cgroup's directory in the hierarchies of these controllers
 * (v1: one per hierarchy; v2: libcgroup enables each in the ancestors'
 * cgroup.subtree_control below the root). */
int cg_lib_create_ctrls(const struct jf_cgroup *cg, const char *const *ctrls,
			size_t n, struct jf_error *err);
/* Remove the (empty) directory in hierarchy h; 1 when busy. */
int cg_lib_delete(const struct jf_cgroup *cg, int h, struct jf_error *err);
/* Set one value: 0, or a libcgroup code (never fills err). */
int cg_lib_set(const struct jf_cgroup *cg, const char *ctrl, const char *file,
	       const char *value);

/* ---- dirs.c: the directories, ancestors first ---- */

/* Free the list; with `remove`, rmdir the directories first. */
void cg_remove_made(char **made, size_t n, bool remove);
/* Ancestors, then the cgroup itself in the hierarchies of `mask` (v2: with
 * the controllers the plan writes to enabled on the way down; v1 cpuset:
 * with the parent's cpus/mems).  Each ancestor made is appended to made[]
 * (malloc'd) so that a failure can remove it. */
int cg_create_dirs(const struct jf_cgroup *cg, const struct cg_plan *p,
		   uint32_t mask, char ***made, size_t *n_made,
		   struct jf_error *err);
/* ---- files.c ---- */

/* Read a small file into buf (NUL-terminated, trailing newline kept). */
int cg_read(const char *path, char *buf, size_t size, struct jf_error *err);
/* Read a file of any size into a malloc'd string. */
int cg_read_alloc(const char *path, char **ret, struct jf_error *err);
/* One number; "max" reads as UINT64_MAX. */
int cg_read_u64(const char *path, uint64_t *ret, struct jf_error *err);
int cg_write(const char *path, const char *value, struct jf_error *err);
void cg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
