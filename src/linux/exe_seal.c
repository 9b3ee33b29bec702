/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/exe_seal.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h> /* ElfW */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/mount_options.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#define JF_OPEN_TREE_CLONE 1

#define SELF_EXE "/proc/self/exe"

/* One PT_LOAD segment's file-backed pages, as the kernel mapped them. */
struct segment {
	uintptr_t start, end;
	off_t offset;
	int prot;
	bool writable;
};

struct image {
	struct segment seg[8];
	size_t n;
	uintptr_t relro_start, relro_end; /* made read-only after relocation */
};

/* The program's own ELF header, wherever it was loaded (the linker's);
 * its program headers follow it (an array: no bounds for a sanitizer). */
extern const unsigned char __ehdr_start[];

/* The segments from the program headers in memory: no dynamic loader
 * structures (dl_iterate_phdr takes locks, ~0.1 ms where faults are slow). */
static int read_image(struct image *im)
{
	const ElfW(Ehdr) *eh = (const void *)__ehdr_start;
	const ElfW(Phdr) *ph = (const void *)(__ehdr_start + eh->e_phoff);
	uintptr_t page = (uintptr_t)getpagesize(), bias = 0;
	bool have_bias = false;

	/* The load bias: where the segment holding the header went. */
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
			bias = (uintptr_t)eh - ph[i].p_vaddr;
			have_bias = true;
			break;
		}
	}
	if (!have_bias)
		return -1;
	for (size_t i = 0; i < eh->e_phnum; i++) {
		uintptr_t at = bias + ph[i].p_vaddr;

		if (ph[i].p_type == PT_GNU_RELRO) {
			/* Rounded as _dl_protect_relro does. */
			im->relro_start = at & ~(page - 1);
			im->relro_end = (at + ph[i].p_memsz) & ~(page - 1);
		}
		if (ph[i].p_type != PT_LOAD || ph[i].p_filesz == 0)
			continue;
		if (im->n == sizeof(im->seg) / sizeof(im->seg[0]))
			return -1; /* more than a linker makes */
		im->seg[im->n++] = (struct segment){
		    .start = at & ~(page - 1),
		    .end = (at + ph[i].p_filesz + page - 1) & ~(page - 1),
		    .offset = (off_t)(ph[i].p_offset & ~(page - 1)),
		    .prot = (ph[i].p_flags & PF_R ? PROT_READ : 0) |
			    (ph[i].p_flags & PF_W ? PROT_WRITE : 0) |
			    (ph[i].p_flags & PF_X ? PROT_EXEC : 0),
		    .writable = (ph[i].p_flags & PF_W) != 0,
		};
	}
	return im->n > 0 ? 0 : -1;
}

/* Word by word, not memcpy: the copy crosses the redzones that a sanitizer
 * puts between globals, and volatile keeps it from becoming memcpy. */
__attribute__((no_sanitize_address)) static void
copy_words(volatile uintptr_t *dst, const uintptr_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

/* A written segment into anonymous memory, contents and all.  Between the
 * copy and the move nothing runs that writes to it. */
static int move_to_anonymous(const struct segment *s, const struct image *im)
{
	size_t len = s->end - s->start;
	void *copy = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	uintptr_t ro_start, ro_end;

	if (copy == MAP_FAILED)
		return -1;
	copy_words(copy, (const uintptr_t *)s->start, len / sizeof(uintptr_t));
	if (mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)s->start) == MAP_FAILED) {
		munmap(copy, len);
		return -1;
	}
	ro_start = im->relro_start > s->start ? im->relro_start : s->start;
	ro_end = im->relro_end < s->end ? im->relro_end : s->end;
	if (ro_start < ro_end &&
	    mprotect((void *)ro_start, ro_end - ro_start, PROT_READ) < 0)
		return -1;
	return 0;
}

/* Every mapping of the binary onto the file behind fd (the same inode). */
static int remap_image(const struct image *im, int fd, struct jf_error *err)
{
	/* The read-only segments first: they hold no state.  The running
	 * code is mapped again in place from the same page-cache pages (not
	 * populated: where page-table changes are slow that cost more than
	 * the faults it saves). */
	for (size_t i = 0; i < im->n; i++) {
		const struct segment *s = &im->seg[i];

		if (!s->writable &&
		    mmap((void *)s->start, s->end - s->start, s->prot,
			 MAP_PRIVATE | MAP_FIXED, fd, s->offset) == MAP_FAILED)
			return jf_error_errno(
			    err, "runtime binary: mapping it again");
	}
	for (size_t i = 0; i < im->n; i++) {
		if (im->seg[i].writable &&
		    move_to_anonymous(&im->seg[i], im) < 0)
			return jf_error_errno(
			    err, "runtime binary: moving its data");
	}
	return 0;
}

/* The binary through a detached read-only bind mount of it, opened; the
 * mount in *ret_tree. */
static int open_read_only_view(int *ret_tree, struct jf_error *err)
{
	cleanup_close int tree = -1;
	char path[64];
	int fd;

	tree = (int)syscall(SYS_open_tree, AT_FDCWD, SELF_EXE,
			    JF_OPEN_TREE_CLONE | O_CLOEXEC);
	if (tree < 0)
		return jf_error_errno(
		    err, "runtime binary: bind mount of " SELF_EXE);
	if (jf_mount_setattr_flags(tree, "", MS_RDONLY | MS_NOSUID | MS_NODEV,
				   false) < 0)
		return jf_error_errno(err,
				      "runtime binary: read-only bind mount");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", tree);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err,
				      "runtime binary: opening its bind mount");
	*ret_tree = tree;
	tree = -1;
	return fd;
}

/*
 * PR_SET_MM_MAP with exe_fd needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE
 * (PR_SET_MM_EXE_FILE needs CAP_SYS_RESOURCE, which some hosts withhold
 * from root).  It sets the mm's layout fields too: the current ones, from
 * /proc/self/stat (fields 26-28 and 45-51, read through stat_fd when that
 * is open) and brk.
 */
static int set_exe(int fd, int stat_fd, struct jf_error *err)
{
	struct prctl_mm_map map = {.exe_fd = (uint32_t)fd};
	unsigned long long v[52] = {0};
	char buf[1024], *p;
	ssize_t len;
	cleanup_close int own_fd = -1;

	if (stat_fd < 0) {
		own_fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
		if (own_fd < 0)
			return jf_error_errno(
			    err, "runtime binary: /proc/self/stat");
		stat_fd = own_fd;
	}
	len = pread(stat_fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		return jf_error_errno(err, "runtime binary: /proc/self/stat");
	buf[len] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold anything */
	for (int field = 3; p != NULL && field <= 51; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			v[field] = strtoull(++p, NULL, 10);
	}
	if (p == NULL)
		return jf_error_set(
		    err, 0, "runtime binary: /proc/self/stat: too short");
	map.start_code = v[26];
	map.end_code = v[27];
	map.start_stack = v[28];
	map.start_data = v[45];
	map.end_data = v[46];
	map.start_brk = v[47];
	map.brk = (uintptr_t)sbrk(0);
	map.arg_start = v[48];
	map.arg_end = v[49];
	map.env_start = v[50];
	map.env_end = v[51];
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, &map, sizeof(map), 0) < 0)
		return jf_error_errno(err, "runtime binary: PR_SET_MM_MAP");
	return 0;
}

static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static bool on_read_only_mount(const char *path)
{
	struct statvfs sv;

	return statvfs(path, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

int jf_exe_seal_open(int *ret, int *ret_tree, struct jf_error *err)
{
	int fd, tree = -1;

	*ret = *ret_tree = -1;
	if (on_read_only_mount(SELF_EXE))
		return 0;
	fd = open_read_only_view(&tree, err);
	if (fd < 0) {
		/* Unprivileged: harmless when we cannot write it either. */
		if (err->errnum == EPERM && access(SELF_EXE, W_OK) < 0)
			return 0;
		return -1;
	}
	if (!same_file(fd, SELF_EXE)) {
		close(fd);
		close(tree);
		return jf_error_set(
		    err, 0,
		    "runtime binary: its bind mount shows another file");
	}
	*ret = fd;
	*ret_tree = tree;
	return 0;
}

int jf_exe_seal_apply(int fd, int stat_fd, struct jf_error *err)
{
	struct image im = {0};

	if (read_image(&im) < 0)
		return jf_error_set(
		    err, 0, "runtime binary: unexpected program headers");
	if (remap_image(&im, fd, err) < 0)
		return -1;
	return set_exe(fd, stat_fd, err);
}

int jf_exe_seal(int *tree, struct jf_error *err)
{
	cleanup_close int fd = -1;

	if (jf_exe_seal_open(&fd, tree, err) < 0)
		return -1;
	if (fd >= 0 && jf_exe_seal_apply(fd, -1, err) < 0) {
		close(*tree);
		*tree = -1;
		return -1;
	}
	return 0;
}
