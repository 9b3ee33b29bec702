/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/mount_options.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#define JF_MOUNT_ATTR_RDONLY 0x1
#define JF_MOUNT_ATTR_NOSUID 0x2
#define JF_MOUNT_ATTR_NODEV 0x4
#define JF_MOUNT_ATTR_NOEXEC 0x8
#define JF_MOUNT_ATTR__ATIME 0x70
#define JF_MOUNT_ATTR_NOATIME 0x10
#define JF_MOUNT_ATTR_STRICTATIME 0x20
#define JF_MOUNT_ATTR_NODIRATIME 0x80
#define JF_AT_RECURSIVE 0x8000

struct jf_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

/* The recursive forms of runtime-spec 1.1 ("rro", ...). */
static const struct {
	const char *name;
	uint64_t set, clr;
} recursive_words[] = {
	{"rro", JF_MOUNT_ATTR_RDONLY, 0},
	{"rrw", 0, JF_MOUNT_ATTR_RDONLY},
	{"rnosuid", JF_MOUNT_ATTR_NOSUID, 0},
	{"rsuid", 0, JF_MOUNT_ATTR_NOSUID},
	{"rnodev", JF_MOUNT_ATTR_NODEV, 0},
	{"rdev", 0, JF_MOUNT_ATTR_NODEV},
	{"rnoexec", JF_MOUNT_ATTR_NOEXEC, 0},
	{"rexec", 0, JF_MOUNT_ATTR_NOEXEC},
	{"rnodiratime", JF_MOUNT_ATTR_NODIRATIME, 0},
	{"rdiratime", 0, JF_MOUNT_ATTR_NODIRATIME},
	{"rrelatime", 0, JF_MOUNT_ATTR__ATIME},
	{"rnoatime", JF_MOUNT_ATTR_NOATIME, JF_MOUNT_ATTR__ATIME},
	{"rstrictatime", JF_MOUNT_ATTR_STRICTATIME, JF_MOUNT_ATTR__ATIME},
};

static bool apply_recursive_word(const char *word, struct jf_mount_options *o)
{
	for (size_t i = 0; i < sizeof(recursive_words) / sizeof(recursive_words[0]); i++) {
		if (strcmp(word, recursive_words[i].name) != 0)
			continue;
		o->rec_attr_set = (o->rec_attr_set & ~recursive_words[i].clr &
				   ~recursive_words[i].set) | recursive_words[i].set;
		o->rec_attr_clr = (o->rec_attr_clr & ~recursive_words[i].set) |
				  recursive_words[i].clr;
		return true;
	}
	return false;
}

int jf_mount_apply_recursive_attrs(int fd, const struct jf_mount_options *o,
				   const char *field, struct jf_error *err)
{
	struct jf_mount_attr attr = {.attr_set = o->rec_attr_set,
				     .attr_clr = o->rec_attr_clr};

	if (attr.attr_set == 0 && attr.attr_clr == 0)
		return 0;
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | JF_AT_RECURSIVE,
		    &attr, sizeof(attr)) < 0)
		return jf_error_errno(err, "%s: recursive mount attributes", field);
	return 0;
}

int jf_mount_setattr_flags(int fd, const char *path, unsigned long flags,
			   bool recursive)
{
	struct jf_mount_attr attr = {0};
	unsigned at = (path[0] == '\0' ? AT_EMPTY_PATH : 0) |
		      (recursive ? JF_AT_RECURSIVE : 0);

	if (flags & MS_RDONLY)
		attr.attr_set |= JF_MOUNT_ATTR_RDONLY;
	if (flags & MS_NOSUID)
		attr.attr_set |= JF_MOUNT_ATTR_NOSUID;
	if (flags & MS_NODEV)
		attr.attr_set |= JF_MOUNT_ATTR_NODEV;
	if (flags & MS_NOEXEC)
		attr.attr_set |= JF_MOUNT_ATTR_NOEXEC;
	if (flags & MS_NODIRATIME)
		attr.attr_set |= JF_MOUNT_ATTR_NODIRATIME;
	if (flags & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME)) {
		attr.attr_clr |= JF_MOUNT_ATTR__ATIME;
		if (flags & MS_NOATIME)
			attr.attr_set |= JF_MOUNT_ATTR_NOATIME;
		else if (flags & MS_STRICTATIME)
			attr.attr_set |= JF_MOUNT_ATTR_STRICTATIME;
		/* relatime is 0 within MOUNT_ATTR__ATIME */
	}
	if (attr.attr_set == 0 && attr.attr_clr == 0)
		return 0;
	return (int)syscall(SYS_mount_setattr, fd, path, at, &attr, sizeof(attr));
}

struct flag_word {
	const char *name;
	unsigned long flag;
	bool clear; /* the word turns the flag off */
};

static const struct flag_word flag_words[] = {
	{"defaults", 0, false},       {"ro", MS_RDONLY, false},
	{"rw", MS_RDONLY, true},      {"suid", MS_NOSUID, true},
	{"nosuid", MS_NOSUID, false}, {"dev", MS_NODEV, true},
	{"nodev", MS_NODEV, false},   {"exec", MS_NOEXEC, true},
	{"noexec", MS_NOEXEC, false}, {"sync", MS_SYNCHRONOUS, false},
	{"async", MS_SYNCHRONOUS, true}, {"dirsync", MS_DIRSYNC, false},
	{"remount", MS_REMOUNT, false}, {"mand", MS_MANDLOCK, false},
	{"nomand", MS_MANDLOCK, true}, {"atime", MS_NOATIME, true},
	{"noatime", MS_NOATIME, false}, {"diratime", MS_NODIRATIME, true},
	{"nodiratime", MS_NODIRATIME, false}, {"relatime", MS_RELATIME, false},
	{"norelatime", MS_RELATIME, true}, {"strictatime", MS_STRICTATIME, false},
	{"nostrictatime", MS_STRICTATIME, true}, {"silent", MS_SILENT, false},
	{"loud", MS_SILENT, true},    {"lazytime", MS_LAZYTIME, false},
	{"nolazytime", MS_LAZYTIME, true},
};

static const struct flag_word propagation_words[] = {
	{"private", MS_PRIVATE, false},
	{"rprivate", MS_PRIVATE | MS_REC, false},
	{"shared", MS_SHARED, false},
	{"rshared", MS_SHARED | MS_REC, false},
	{"slave", MS_SLAVE, false},
	{"rslave", MS_SLAVE | MS_REC, false},
	{"unbindable", MS_UNBINDABLE, false},
	{"runbindable", MS_UNBINDABLE | MS_REC, false},
};

const char *const jf_mount_option_names[] = {
	"async", "atime", "bind", "defaults", "dev", "diratime", "dirsync",
	"exec", "lazytime", "loud", "mand", "noatime", "nodev", "nodiratime",
	"noexec", "nolazytime", "nomand", "norelatime", "nostrictatime",
	"nosuid", "private", "rbind", "relatime", "remount", "ro", "rprivate",
	"rshared", "rslave", "runbindable", "rw", "shared", "silent", "slave",
	"rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec", "rexec",
	"rnodiratime", "rdiratime", "rrelatime", "rnoatime", "rstrictatime",
	"strictatime", "suid", "sync", "tmpcopyup", "unbindable", NULL,
};

unsigned long jf_propagation_flags(const char *word)
{
	for (size_t i = 0; i < sizeof(propagation_words) / sizeof(propagation_words[0]); i++)
		if (strcmp(word, propagation_words[i].name) == 0)
			return propagation_words[i].flag;
	return 0;
}

static bool apply_flag_word(const char *word, struct jf_mount_options *o)
{
	for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++) {
		if (strcmp(word, flag_words[i].name) != 0)
			continue;
		if (flag_words[i].clear) {
			o->flags &= ~flag_words[i].flag;
			o->clear |= flag_words[i].flag;
		} else {
			o->flags |= flag_words[i].flag;
			o->clear &= ~flag_words[i].flag;
		}
		return true;
	}
	return false;
}

int jf_mount_options_parse(char *const *opts, size_t n, const char *field,
			   struct jf_mount_options *ret, struct jf_error *err)
{
	size_t len = 0;

	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < n; i++) {
		const char *w = opts[i];
		unsigned long prop;

		if (strcmp(w, "bind") == 0 || strcmp(w, "rbind") == 0) {
			ret->bind = true;
			ret->recursive_bind |= w[0] == 'r';
			continue;
		}
		if (apply_flag_word(w, ret))
			continue;
		prop = jf_propagation_flags(w);
		if (prop != 0) {
			ret->propagation = prop;
			continue;
		}
		if (apply_recursive_word(w, ret))
			continue;
		if (strcmp(w, "tmpcopyup") == 0) {
			ret->copyup = true;
			continue;
		}
		if (strcmp(w, "idmap") == 0 || strcmp(w, "ridmap") == 0)
			return jf_error_set(err, ENOTSUP, "%s[%zu]: \"%s\" is not supported yet",
					    field, i, w);
		/* Anything else is data for the filesystem (mode=755, size=...). */
		if (len + strlen(w) + 2 > sizeof(ret->data))
			return jf_error_set(err, E2BIG, "%s: too long", field);
		if (len > 0)
			ret->data[len++] = ',';
		strcpy(ret->data + len, w);
		len += strlen(w);
	}
	return 0;
}
