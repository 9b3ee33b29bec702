/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mounts[].options -> MS_* flags, propagation, recursive attributes and
 * the filesystem's data (src/linux/mount_options.h). */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "linux/mount_options.h"
#include "unit.h"

/* The kernel's MOUNT_ATTR_* values (linux/mount.h). */
#define ATTR_RDONLY  0x1
#define ATTR_NOSUID  0x2
#define ATTR_NOEXEC  0x8
#define ATTR__ATIME  0x70
#define ATTR_NOATIME 0x10

static struct jf_mount_options opts;
static struct jf_error err;

/* Parses the words (NULL-terminated); 0 or -1 with err. */
static int parse(const char *const *words)
{
	size_t n = 0;

	while (words[n] != NULL)
		n++;
	memset(&err, 0, sizeof(err));
	return jf_mount_options_parse((char *const *)words, n,
				      "mounts[2].options", &opts, &err);
}

#define PARSE(...) parse((const char *const[]){__VA_ARGS__, NULL})

static void test_flag_words_set_flags(const char *name)
{
	CHECK(PARSE("ro", "nosuid", "nodev", "noexec") == 0);
	CHECK(opts.flags == (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC));
	CHECK(opts.clear == 0);
	CHECK(!opts.bind && opts.propagation == 0 && opts.data[0] == '\0');
	CHECK(PARSE("defaults") == 0);
	CHECK(opts.flags == 0 && opts.clear == 0);
}

/* "rw" after "ro": the last word wins, and the flag is recorded as
 * explicitly off (a bind remount must clear it). */
static void test_later_words_win_and_clear(const char *name)
{
	CHECK(PARSE("ro", "rw") == 0);
	CHECK((opts.flags & MS_RDONLY) == 0);
	CHECK(opts.clear & MS_RDONLY);
	CHECK(PARSE("rw", "ro") == 0);
	CHECK(opts.flags & MS_RDONLY);
	CHECK((opts.clear & MS_RDONLY) == 0);
	CHECK(PARSE("nosuid", "suid", "noatime", "atime") == 0);
	CHECK(opts.flags == 0);
	CHECK(opts.clear == (MS_NOSUID | MS_NOATIME));
}

static void test_bind_and_rbind(const char *name)
{
	CHECK(PARSE("bind") == 0);
	CHECK(opts.bind && !opts.recursive_bind);
	CHECK(opts.flags == 0 && opts.data[0] == '\0');
	CHECK(PARSE("rbind", "ro") == 0);
	CHECK(opts.bind && opts.recursive_bind);
	CHECK(opts.flags == MS_RDONLY);
}

static void test_propagation_words(const char *name)
{
	CHECK(PARSE("rslave") == 0);
	CHECK(opts.propagation == (MS_SLAVE | MS_REC));
	CHECK(opts.flags == 0);
	CHECK(PARSE("shared", "private") == 0);
	CHECK(opts.propagation == MS_PRIVATE);
	CHECK(jf_propagation_flags("runbindable") == (MS_UNBINDABLE | MS_REC));
	CHECK(jf_propagation_flags("rshared") == (MS_SHARED | MS_REC));
	CHECK(jf_propagation_flags("slave") == MS_SLAVE);
	CHECK(jf_propagation_flags("ro") == 0);
	CHECK(jf_propagation_flags("") == 0);
}

/* runtime-spec 1.1's recursive forms: mount_setattr attributes, not
 * MS_* flags; the later of a pair wins. */
static void test_recursive_words(const char *name)
{
	CHECK(PARSE("rro", "rnosuid") == 0);
	CHECK(opts.rec_attr_set == (ATTR_RDONLY | ATTR_NOSUID));
	CHECK(opts.rec_attr_clr == 0);
	CHECK(opts.flags == 0);
	CHECK(PARSE("rro", "rrw") == 0);
	CHECK(opts.rec_attr_set == 0);
	CHECK(opts.rec_attr_clr == ATTR_RDONLY);
	CHECK(PARSE("rexec", "rnoexec") == 0);
	CHECK(opts.rec_attr_set == ATTR_NOEXEC && opts.rec_attr_clr == 0);
	/* An atime mode clears the whole atime field first. */
	CHECK(PARSE("rnoatime") == 0);
	CHECK(opts.rec_attr_set == ATTR_NOATIME);
	CHECK(opts.rec_attr_clr == ATTR__ATIME);
	CHECK(PARSE("rnoatime", "rrelatime") == 0);
	CHECK(opts.rec_attr_set == 0 && opts.rec_attr_clr == ATTR__ATIME);
}

/* What is no flag word goes to the filesystem, in order. */
static void test_other_words_are_data(const char *name)
{
	CHECK(PARSE("nosuid", "mode=755", "size=65536k", "tmpcopyup") == 0);
	CHECK_STR(opts.data, "mode=755,size=65536k");
	CHECK(opts.flags == MS_NOSUID);
	CHECK(opts.copyup);
	CHECK(PARSE("newinstance", "ptmxmode=0666") == 0);
	CHECK_STR(opts.data, "newinstance,ptmxmode=0666");
	CHECK(!opts.copyup);
}

static void test_idmap_is_refused_by_name(const char *name)
{
	CHECK(PARSE("rbind", "idmap") < 0);
	CHECK_STR(err.msg, "mounts[2].options[1]: \"idmap\" is not supported "
			   "yet: Operation not supported");
	CHECK(err.errnum == ENOTSUP);
	CHECK(PARSE("ridmap") < 0);
	CHECK_STR(err.msg, "mounts[2].options[0]: \"ridmap\" is not "
			   "supported yet: Operation not supported");
}

/* Data past its buffer: an error, never a cut. */
static void test_too_much_data_is_refused(const char *name)
{
	static char word[sizeof(opts.data)];
	const char *words[] = {"a=1", word, NULL};

	/* "a=1," + 4092 bytes + NUL: one more than the buffer holds. */
	memset(word, 'x', sizeof(word) - 4);
	word[sizeof(word) - 4] = '\0';
	CHECK(parse(words) < 0);
	CHECK_STR(err.msg,
		  "mounts[2].options: too long: Argument list too long");
	CHECK(err.errnum == E2BIG);
	/* One byte less: just fits. */
	word[sizeof(word) - 5] = '\0';
	CHECK(parse(words) == 0);
	CHECK(strlen(opts.data) == sizeof(opts.data) - 1);
}

/* Every word `jfrun features` announces is understood: none of them ends
 * up as data for the filesystem. */
static void test_every_announced_word_is_understood(const char *name)
{
	for (size_t i = 0; jf_mount_option_names[i] != NULL; i++) {
		const char *w = jf_mount_option_names[i];

		if (PARSE(w) < 0)
			UNIT_FAIL(name, "\"%s\": %s", w, err.msg);
		if (opts.data[0] != '\0')
			UNIT_FAIL(name, "\"%s\" taken as data", w);
	}
}

int main(void)
{
	RUN(test_flag_words_set_flags);
	RUN(test_later_words_win_and_clear);
	RUN(test_bind_and_rbind);
	RUN(test_propagation_words);
	RUN(test_recursive_words);
	RUN(test_other_words_are_data);
	RUN(test_idmap_is_refused_by_name);
	RUN(test_too_much_data_is_refused);
	RUN(test_every_announced_word_is_understood);
	UNIT_EXIT();
}
