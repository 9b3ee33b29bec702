/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jfcheck: verifies, from inside a container, what its config.json asked for.
 *
 * Built static (gcc -static -O2, libc only) and copied into a bundle's
 * rootfs, it runs as the container's process.  Each argument is one
 * expectation KEY=VALUE; it prints one line per argument,
 *     ok <arg>
 *     not ok <arg>: <got> vs <want>
 * and exits 0 iff every check passed (1 otherwise, 2 for a malformed
 * argument).  `jfcheck --help` lists the grammar.  Checks run in argument
 * order, so a check with side effects (seccomp-allowed) comes last.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#define TEXT_MAX 4096

/* What a failed check saw and what it expected. */
struct outcome {
	char got[TEXT_MAX];
	char want[TEXT_MAX];
};

static bool bad_usage;

__attribute__((format(printf, 2, 3))) static void set_text(char *dst,
							   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, TEXT_MAX, fmt, ap);
	va_end(ap);
}

#define GOT(o, ...)  set_text((o)->got, __VA_ARGS__)
#define WANT(o, ...) set_text((o)->want, __VA_ARGS__)

/* A malformed expectation is the test's bug: say so and fail. */
static bool malformed(struct outcome *o, const char *what)
{
	bad_usage = true;
	GOT(o, "malformed value");
	WANT(o, "%s", what);
	return false;
}

static bool errno_outcome(struct outcome *o, const char *op, const char *path)
{
	GOT(o, "%s %s: %s", op, path, strerror(errno));
	return false;
}

/* ---- small parsing helpers ---- */

static bool parse_u64(const char *s, uint64_t *ret)
{
	char *end;

	if (*s == '\0' || *s == '-')
		return false;
	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

static bool parse_i64(const char *s, int64_t *ret)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*ret = strtoll(s, &end, 0);
	return errno == 0 && *end == '\0';
}

static bool parse_octal(const char *s, unsigned *ret)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*ret = (unsigned)strtoul(s, &end, 8);
	return errno == 0 && *end == '\0';
}

/* Split "a<sep>b" in place: returns b (NULL when sep is absent). */
static char *split(char *s, char sep)
{
	char *p = strchr(s, sep);

	if (p == NULL)
		return NULL;
	*p = '\0';
	return p + 1;
}

static char *split_last(char *s, char sep)
{
	char *p = strrchr(s, sep);

	if (p == NULL)
		return NULL;
	*p = '\0';
	return p + 1;
}

static bool is_any(const char *s)
{
	return s == NULL || strcmp(s, "*") == 0;
}

/* Whole file into buf (NUL-terminated); -1 with errno on failure. */
static ssize_t read_text(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
}

/* The value of "Name:\t..." in /proc/self/status. */
static bool status_field(const char *name, char *out, size_t size)
{
	static char status[16384];
	size_t len = strlen(name);
	char *line;

	if (read_text("/proc/self/status", status, sizeof(status)) < 0)
		return false;
	for (line = status; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			const char *v = line + len + 1;
			size_t n;

			v += strspn(v, " \t");
			n = strcspn(v, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return true;
		}
	}
	return false;
}

static bool compare_text(struct outcome *o, const char *got, const char *want)
{
	GOT(o, "%s", got);
	WANT(o, "%s", want);
	return strcmp(got, want) == 0;
}

static bool compare_i64(struct outcome *o, int64_t got, int64_t want)
{
	GOT(o, "%lld", (long long)got);
	WANT(o, "%lld", (long long)want);
	return got == want;
}

/* ---- identity: hostname, cwd, ids, env ---- */

static bool check_hostname(char *val, struct outcome *o)
{
	struct utsname u;

	if (uname(&u) < 0)
		return errno_outcome(o, "uname", "");
	return compare_text(o, u.nodename, val);
}

static bool check_domainname(char *val, struct outcome *o)
{
	struct utsname u;

	if (uname(&u) < 0)
		return errno_outcome(o, "uname", "");
	return compare_text(o, u.domainname, val);
}

static bool check_cwd(char *val, struct outcome *o)
{
	char buf[PATH_MAX];

	if (getcwd(buf, sizeof(buf)) == NULL)
		return errno_outcome(o, "getcwd", "");
	return compare_text(o, buf, val);
}

static bool check_pid(char *val, struct outcome *o)
{
	int64_t want;

	if (!parse_i64(val, &want))
		return malformed(o, "pid=N");
	return compare_i64(o, getpid(), want);
}

static bool check_ids(char *val, struct outcome *o, bool user)
{
	uint64_t want;
	unsigned r, e, s;

	if (!parse_u64(val, &want))
		return malformed(o, user ? "uid=N" : "gid=N");
	if (user)
		getresuid(&r, &e, &s);
	else
		getresgid(&r, &e, &s);
	GOT(o, "real %u effective %u saved %u", r, e, s);
	WANT(o, "all %llu", (unsigned long long)want);
	return r == want && e == want && s == want;
}

static bool check_uid(char *val, struct outcome *o)
{
	return check_ids(val, o, true);
}

static bool check_gid(char *val, struct outcome *o)
{
	return check_ids(val, o, false);
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

static void format_gids(char *out, gid_t *g, int n)
{
	size_t len = 0;

	out[0] = '\0';
	qsort(g, (size_t)n, sizeof(*g), cmp_gid);
	for (int i = 0; i < n && len < TEXT_MAX - 16; i++)
		len += (size_t)snprintf(out + len, TEXT_MAX - len, "%s%u",
					i ? "," : "", g[i]);
}

/* groups=N,N,...: the supplementary groups as a set ("groups=" for none). */
static bool check_groups(char *val, struct outcome *o)
{
	static gid_t got[NGROUPS_MAX], want[NGROUPS_MAX];
	int n_got = getgroups(NGROUPS_MAX, got), n_want = 0;
	char *tok, *save = NULL;

	if (n_got < 0)
		return errno_outcome(o, "getgroups", "");
	for (tok = strtok_r(val, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t g;

		if (!parse_u64(tok, &g) || n_want == NGROUPS_MAX)
			return malformed(o, "groups=N,N,...");
		want[n_want++] = (gid_t)g;
	}
	format_gids(o->got, got, n_got);
	format_gids(o->want, want, n_want);
	return strcmp(o->got, o->want) == 0;
}

static bool check_umask(char *val, struct outcome *o)
{
	char got[64];
	unsigned want, have;

	if (!parse_octal(val, &want))
		return malformed(o, "umask=OCTAL");
	if (!status_field("Umask", got, sizeof(got)) ||
	    !parse_octal(got, &have)) {
		have = umask(0);
		umask(have);
	}
	GOT(o, "%04o", have);
	WANT(o, "%04o", want);
	return have == want;
}

static bool check_env(char *val, struct outcome *o)
{
	char *want = split(val, '=');
	const char *got;

	if (want == NULL)
		return malformed(o, "env=NAME=VALUE");
	got = getenv(val);
	if (got == NULL) {
		GOT(o, "%s unset", val);
		WANT(o, "%s", want);
		return false;
	}
	return compare_text(o, got, want);
}

static bool check_env_unset(char *val, struct outcome *o)
{
	const char *got = getenv(val);

	GOT(o, "%s=%s", val, got ? got : "");
	WANT(o, "%s unset", val);
	return got == NULL;
}

/* ---- process attributes ---- */

static bool check_nonewprivs(char *val, struct outcome *o)
{
	int64_t want;
	int got = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

	if (!parse_i64(val, &want))
		return malformed(o, "nonewprivs=0|1");
	if (got < 0)
		return errno_outcome(o, "prctl", "PR_GET_NO_NEW_PRIVS");
	return compare_i64(o, got, want);
}

/* The session keyring's serial (keyctl(KEYCTL_GET_KEYRING_ID, @s)): a
 * container normally gets a new one; with --no-new-keyring it keeps the
 * caller's (without a session keyring of its own, a process reads its user
 * session keyring).  The caller learns its own with `jfcheck --session-keyring`. */
static long session_keyring(void)
{
	return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */,
		       -3 /* KEY_SPEC_SESSION_KEYRING */, 0 /* no create */);
}

static bool check_keyring(char *val, struct outcome *o, bool same)
{
	long got = session_keyring();
	char text[32];

	if (got < 0)
		return errno_outcome(o, "keyctl", "KEYCTL_GET_KEYRING_ID");
	snprintf(text, sizeof(text), "%ld", got);
	GOT(o, "%s", text);
	WANT(o, "%s%s", same ? "" : "not ", val);
	return (strcmp(text, val) == 0) == same;
}

static bool check_keyring_same(char *val, struct outcome *o)
{
	return check_keyring(val, o, true);
}

static bool check_keyring_differs(char *val, struct outcome *o)
{
	return check_keyring(val, o, false);
}

static bool check_seccomp_mode(char *val, struct outcome *o)
{
	char got[64];

	if (!status_field("Seccomp", got, sizeof(got)))
		return errno_outcome(o, "read", "/proc/self/status Seccomp");
	return compare_text(o, got, val);
}

static bool check_oom(char *val, struct outcome *o)
{
	char buf[64];
	int64_t want, got;

	if (!parse_i64(val, &want))
		return malformed(o, "oom=N");
	if (read_text("/proc/self/oom_score_adj", buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", "/proc/self/oom_score_adj");
	chomp(buf);
	if (!parse_i64(buf, &got))
		return compare_text(o, buf, val);
	return compare_i64(o, got, want);
}

static const char *const cap_names[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

#define N_CAPS (sizeof(cap_names) / sizeof(cap_names[0]))

/* A set is 0xHEX or a comma list of names (with or without CAP_). */
static bool parse_cap_set(char *s, uint64_t *ret)
{
	char *tok, *save = NULL;

	*ret = 0;
	if (strncmp(s, "0x", 2) == 0)
		return parse_u64(s, ret);
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < N_CAPS; i++)
			if (strcasecmp(tok, cap_names[i]) == 0 ||
			    strcasecmp(tok, cap_names[i] + 4) == 0)
				break;
		if (i == N_CAPS)
			return false;
		*ret |= 1ULL << i;
	}
	return true;
}

static void format_cap_set(char *out, uint64_t set)
{
	size_t len = (size_t)snprintf(out, TEXT_MAX, "0x%llx (",
				      (unsigned long long)set);
	const char *sep = "";

	for (unsigned i = 0; i < 64 && len < TEXT_MAX - 40; i++) {
		if (!(set & (1ULL << i)))
			continue;
		if (i < N_CAPS)
			len += (size_t)snprintf(out + len, TEXT_MAX - len,
						"%s%s", sep, cap_names[i] + 4);
		else
			len += (size_t)snprintf(out + len, TEXT_MAX - len,
						"%s%u", sep, i);
		sep = ",";
	}
	snprintf(out + len, TEXT_MAX - len, ")");
}

static bool check_cap_set(char *val, struct outcome *o, const char *field)
{
	char buf[64];
	uint64_t want, got;

	if (!parse_cap_set(val, &want))
		return malformed(o, "0xHEX or CAP_NAME,...");
	if (!status_field(field, buf, sizeof(buf)))
		return errno_outcome(o, "read /proc/self/status", field);
	got = strtoull(buf, NULL, 16);
	format_cap_set(o->got, got);
	format_cap_set(o->want, want);
	return got == want;
}

static bool check_capeff(char *val, struct outcome *o)
{
	return check_cap_set(val, o, "CapEff");
}

static bool check_capprm(char *val, struct outcome *o)
{
	return check_cap_set(val, o, "CapPrm");
}

static bool check_capbnd(char *val, struct outcome *o)
{
	return check_cap_set(val, o, "CapBnd");
}

static bool check_capinh(char *val, struct outcome *o)
{
	return check_cap_set(val, o, "CapInh");
}

static bool check_capamb(char *val, struct outcome *o)
{
	return check_cap_set(val, o, "CapAmb");
}

static const char *const rlimit_names[] = {
    [RLIMIT_CPU] = "CPU",	    [RLIMIT_FSIZE] = "FSIZE",
    [RLIMIT_DATA] = "DATA",	    [RLIMIT_STACK] = "STACK",
    [RLIMIT_CORE] = "CORE",	    [RLIMIT_RSS] = "RSS",
    [RLIMIT_NPROC] = "NPROC",	    [RLIMIT_NOFILE] = "NOFILE",
    [RLIMIT_MEMLOCK] = "MEMLOCK",   [RLIMIT_AS] = "AS",
    [RLIMIT_LOCKS] = "LOCKS",	    [RLIMIT_SIGPENDING] = "SIGPENDING",
    [RLIMIT_MSGQUEUE] = "MSGQUEUE", [RLIMIT_NICE] = "NICE",
    [RLIMIT_RTPRIO] = "RTPRIO",	    [RLIMIT_RTTIME] = "RTTIME",
};

static bool parse_rlim(const char *s, rlim_t *ret)
{
	uint64_t v;

	if (strcmp(s, "unlimited") == 0) {
		*ret = RLIM_INFINITY;
		return true;
	}
	if (!parse_u64(s, &v))
		return false;
	*ret = (rlim_t)v;
	return true;
}

static void format_rlim(char *out, size_t size, rlim_t v)
{
	if (v == RLIM_INFINITY)
		snprintf(out, size, "unlimited");
	else
		snprintf(out, size, "%llu", (unsigned long long)v);
}

/* rlimit=NAME:SOFT:HARD, NAME as NOFILE or RLIMIT_NOFILE. */
static bool check_rlimit(char *val, struct outcome *o)
{
	char *soft_s = split(val, ':'), *hard_s, s1[32], s2[32];
	const char *name = strncmp(val, "RLIMIT_", 7) ? val : val + 7;
	rlim_t soft, hard;
	struct rlimit rl;
	int res;

	hard_s = soft_s ? split(soft_s, ':') : NULL;
	if (hard_s == NULL || !parse_rlim(soft_s, &soft) ||
	    !parse_rlim(hard_s, &hard))
		return malformed(o, "rlimit=NAME:SOFT:HARD");
	for (res = 0; res < RLIMIT_NLIMITS; res++)
		if (strcasecmp(name, rlimit_names[res]) == 0)
			break;
	if (res == RLIMIT_NLIMITS)
		return malformed(o, "a known rlimit name");
	if (getrlimit(res, &rl) < 0)
		return errno_outcome(o, "getrlimit", name);
	format_rlim(s1, sizeof(s1), rl.rlim_cur);
	format_rlim(s2, sizeof(s2), rl.rlim_max);
	GOT(o, "%s:%s", s1, s2);
	format_rlim(s1, sizeof(s1), soft);
	format_rlim(s2, sizeof(s2), hard);
	WANT(o, "%s:%s", s1, s2);
	return rl.rlim_cur == soft && rl.rlim_max == hard;
}

static const char *const ioprio_classes[] = {"NONE", "RT", "BE", "IDLE"};

/* ioprio=CLASS:LEVEL, CLASS as BE or IOPRIO_CLASS_BE. */
static bool check_ioprio(char *val, struct outcome *o)
{
	char *level_s = split(val, ':');
	const char *cls = strncmp(val, "IOPRIO_CLASS_", 13) ? val : val + 13;
	int64_t level;
	long got;
	unsigned c;

	if (level_s == NULL || !parse_i64(level_s, &level))
		return malformed(o, "ioprio=CLASS:LEVEL");
	got = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
	if (got < 0)
		return errno_outcome(o, "ioprio_get", "");
	c = (unsigned)(got >> 13);
	GOT(o, "%s:%ld", c < 4 ? ioprio_classes[c] : "?", got & 0x1fff);
	WANT(o, "%s:%lld", cls, (long long)level);
	return c < 4 && strcasecmp(cls, ioprio_classes[c]) == 0 &&
	       (got & 0x1fff) == level;
}

static const struct {
	const char *name;
	int policy;
} sched_policies[] = {
    {"SCHED_OTHER", SCHED_OTHER}, {"SCHED_FIFO", SCHED_FIFO},
    {"SCHED_RR", SCHED_RR},	  {"SCHED_BATCH", SCHED_BATCH},
    {"SCHED_IDLE", SCHED_IDLE},	  {"SCHED_DEADLINE", 6},
};

static const char *sched_name(int policy)
{
	for (size_t i = 0; i < sizeof(sched_policies) / sizeof(*sched_policies);
	     i++)
		if (sched_policies[i].policy == policy)
			return sched_policies[i].name;
	return "?";
}

/* sched=POLICY[:PRIORITY]; the reset-on-fork flag shows as "+RESET". */
static bool check_sched(char *val, struct outcome *o)
{
	char *prio_s = split(val, ':');
	int raw = sched_getscheduler(0), policy;
	struct sched_param sp;
	int64_t prio = -1;
	char got[64];

	if (prio_s && !parse_i64(prio_s, &prio))
		return malformed(o, "sched=POLICY[:PRIORITY]");
	if (raw < 0 || sched_getparam(0, &sp) < 0)
		return errno_outcome(o, "sched_getscheduler", "");
	policy = raw & ~SCHED_RESET_ON_FORK;
	snprintf(got, sizeof(got), "%s%s", sched_name(policy),
		 raw & SCHED_RESET_ON_FORK ? "+RESET" : "");
	GOT(o, "%s:%d", got, sp.sched_priority);
	WANT(o, "%s:%s", val, prio_s ? prio_s : "*");
	return strcmp(got, val) == 0 && (!prio_s || prio == sp.sched_priority);
}

static bool check_nice(char *val, struct outcome *o)
{
	int64_t want;
	int got;

	if (!parse_i64(val, &want))
		return malformed(o, "nice=N");
	errno = 0;
	got = getpriority(PRIO_PROCESS, 0);
	if (got == -1 && errno)
		return errno_outcome(o, "getpriority", "");
	return compare_i64(o, got, want);
}

static bool check_personality(char *val, struct outcome *o)
{
	int p = personality(0xffffffff);
	const char *got = (p & PER_MASK) == PER_LINUX32 ? "LINUX32"
			  : (p & PER_MASK) == PER_LINUX ? "LINUX"
							: "other";

	if (p < 0)
		return errno_outcome(o, "personality", "");
	return compare_text(o, got, val);
}

/* A cpu list such as "0-2,5" into a mask (up to 1024 cpus). */
static bool parse_cpu_list(char *s, cpu_set_t *set)
{
	char *tok, *save = NULL;

	CPU_ZERO(set);
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *hi_s = split(tok, '-');
		uint64_t lo, hi;

		if (!parse_u64(tok, &lo) || (hi_s && !parse_u64(hi_s, &hi)))
			return false;
		if (!hi_s)
			hi = lo;
		if (hi < lo || hi >= CPU_SETSIZE)
			return false;
		for (uint64_t c = lo; c <= hi; c++)
			CPU_SET(c, set);
	}
	return true;
}

static void format_cpu_list(char *out, const cpu_set_t *set)
{
	size_t len = 0;

	out[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && len < TEXT_MAX - 32; c++) {
		int end = c;

		if (!CPU_ISSET(c, set))
			continue;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, set))
			end++;
		len += (size_t)snprintf(out + len, TEXT_MAX - len,
					end > c ? "%s%d-%d" : "%s%d",
					len ? "," : "", c, end);
		c = end;
	}
}

static bool check_cpus(char *val, struct outcome *o)
{
	cpu_set_t got, want;

	if (!parse_cpu_list(val, &want))
		return malformed(o, "cpus=LIST (0-2,5)");
	if (sched_getaffinity(0, sizeof(got), &got) < 0)
		return errno_outcome(o, "sched_getaffinity", "");
	format_cpu_list(o->got, &got);
	format_cpu_list(o->want, &want);
	return CPU_EQUAL(&got, &want);
}

static bool check_fd(char *val, struct outcome *o)
{
	char *state = split(val, ':');
	int64_t fd;
	bool open_;

	if (!state || !parse_i64(val, &fd) ||
	    (strcmp(state, "open") && strcmp(state, "closed")))
		return malformed(o, "fd=N:open|closed");
	open_ = fcntl((int)fd, F_GETFD) >= 0;
	GOT(o, "fd %lld %s", (long long)fd, open_ ? "open" : "closed");
	WANT(o, "fd %lld %s", (long long)fd, state);
	return open_ == (strcmp(state, "open") == 0);
}

static bool check_tty(char *val, struct outcome *o)
{
	int64_t fd;
	char *want = split(val, ':');

	if (!want || !parse_i64(val, &fd))
		return malformed(o, "tty=FD:0|1");
	GOT(o, "%d", isatty((int)fd));
	WANT(o, "%s", want);
	return strcmp(o->got, want) == 0;
}

/* ---- namespaces ---- */

/* "net:[4026531840]" or "net:4026531840" into type and inode. */
static bool parse_ns(char *val, char **type, uint64_t *ino)
{
	char *num = split(val, ':');
	size_t n;

	if (num == NULL)
		return false;
	*type = val;
	if (*num == '[') {
		num++;
		n = strlen(num);
		if (n == 0 || num[n - 1] != ']')
			return false;
		num[n - 1] = '\0';
	}
	return parse_u64(num, ino);
}

static bool check_ns(char *val, struct outcome *o, bool same)
{
	char path[64], *type;
	uint64_t ino;
	struct stat st;

	if (!parse_ns(val, &type, &ino))
		return malformed(o, "TYPE:INODE or TYPE:[INODE] (readlink)");
	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	if (stat(path, &st) < 0)
		return errno_outcome(o, "stat", path);
	GOT(o, "%s:[%llu]", type, (unsigned long long)st.st_ino);
	WANT(o, "%s%s:[%llu]", same ? "" : "not ", type,
	     (unsigned long long)ino);
	return (st.st_ino == ino) == same;
}

static bool check_ns_same(char *val, struct outcome *o)
{
	return check_ns(val, o, true);
}

static bool check_ns_differs(char *val, struct outcome *o)
{
	return check_ns(val, o, false);
}

/* /proc/self/{uid,gid}_map as "C:H:N,C:H:N". */
static bool check_id_map(char *val, struct outcome *o, const char *file)
{
	char buf[TEXT_MAX], *line, *save = NULL;
	size_t len = 0;

	if (read_text(file, buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", file);
	o->got[0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long c, h, n;

		if (sscanf(line, "%lu %lu %lu", &c, &h, &n) != 3)
			continue;
		len +=
		    (size_t)snprintf(o->got + len, TEXT_MAX - len,
				     "%s%lu:%lu:%lu", len ? "," : "", c, h, n);
		if (len >= TEXT_MAX)
			break;
	}
	WANT(o, "%s", val);
	return strcmp(o->got, val) == 0;
}

static bool check_uidmap(char *val, struct outcome *o)
{
	return check_id_map(val, o, "/proc/self/uid_map");
}

static bool check_gidmap(char *val, struct outcome *o)
{
	return check_id_map(val, o, "/proc/self/gid_map");
}

/* timens-offset=CLOCK:SECS[:NSECS] from /proc/self/timens_offsets. */
static bool check_timens_offset(char *val, struct outcome *o)
{
	char buf[1024], *line, *save = NULL, *secs_s = split(val, ':');
	char *nsecs_s = secs_s ? split(secs_s, ':') : NULL;
	int64_t secs, nsecs = 0;

	if (!secs_s || !parse_i64(secs_s, &secs) ||
	    (nsecs_s && !parse_i64(nsecs_s, &nsecs)))
		return malformed(o, "timens-offset=CLOCK:SECS[:NSECS]");
	if (read_text("/proc/self/timens_offsets", buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", "/proc/self/timens_offsets");
	WANT(o, "%s %lld %lld", val, (long long)secs, (long long)nsecs);
	GOT(o, "no %s line", val);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char clock[32];
		long long s, ns;

		if (sscanf(line, "%31s %lld %lld", clock, &s, &ns) != 3 ||
		    strcmp(clock, val) != 0)
			continue;
		GOT(o, "%s %lld %lld", clock, s, ns);
		return s == secs && ns == nsecs;
	}
	return false;
}

/* ---- mounts ---- */

struct mount_entry {
	char mountpoint[PATH_MAX];
	char fstype[64];
	char mount_opts[1024];
	char super_opts[1024];
	char propagation[64];
};

/* Undo mountinfo's octal escapes (\040 for a space, ...) in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3])) {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static void copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* Optional fields into "private", "shared", "slave", "shared+slave", ... */
static void set_propagation(struct mount_entry *m, char *optional)
{
	bool shared = strstr(optional, "shared:") != NULL;
	bool slave = strstr(optional, "master:") != NULL;
	bool unbindable = strstr(optional, "unbindable") != NULL;

	snprintf(m->propagation, sizeof(m->propagation), "%s%s%s%s%s",
		 shared ? "shared" : "", shared && slave ? "+" : "",
		 slave ? "slave" : "",
		 (shared || slave) && unbindable ? "+" : "",
		 unbindable ? "unbindable" : "");
	if (m->propagation[0] == '\0')
		copy_field(m->propagation, sizeof(m->propagation), "private");
}

static bool parse_mountinfo_line(char *line, struct mount_entry *m)
{
	char *f[6], *save = NULL, optional[256] = "", *tok;

	for (int i = 0; i < 6; i++)
		if ((f[i] = strtok_r(i ? NULL : line, " ", &save)) == NULL)
			return false;
	while ((tok = strtok_r(NULL, " ", &save)) && strcmp(tok, "-") != 0) {
		strncat(optional, tok, sizeof(optional) - strlen(optional) - 2);
		strcat(optional, " ");
	}
	if (tok == NULL)
		return false;
	unescape(f[4]);
	copy_field(m->mountpoint, sizeof(m->mountpoint), f[4]);
	copy_field(m->mount_opts, sizeof(m->mount_opts), f[5]);
	copy_field(m->fstype, sizeof(m->fstype), strtok_r(NULL, " ", &save));
	strtok_r(NULL, " ", &save); /* source */
	copy_field(m->super_opts, sizeof(m->super_opts),
		   strtok_r(NULL, " \n", &save));
	set_propagation(m, optional);
	return true;
}

/* The last (topmost) mount at `path`; false when none. */
static bool find_mount(const char *path, struct mount_entry *ret)
{
	static char buf[1 << 20];
	char *line, *save = NULL;
	bool found = false;

	if (read_text("/proc/self/mountinfo", buf, sizeof(buf)) < 0)
		return false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct mount_entry m;

		if (parse_mountinfo_line(line, &m) &&
		    strcmp(m.mountpoint, path) == 0) {
			*ret = m;
			found = true;
		}
	}
	return found;
}

static bool has_opt(const char *list, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = list; p && *p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, opt, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* ro/rw are the mount's own flag; others may be mount or superblock options. */
static bool mount_has_opt(const struct mount_entry *m, const char *opt)
{
	if (strcmp(opt, "ro") == 0 || strcmp(opt, "rw") == 0)
		return has_opt(m->mount_opts, opt);
	return has_opt(m->mount_opts, opt) || has_opt(m->super_opts, opt);
}

static bool mount_opts_match(const struct mount_entry *m, char *want)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(want, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		bool negate = tok[0] == '!';

		if (mount_has_opt(m, tok + negate) == negate)
			return false;
	}
	return true;
}

/*
 * mount=PATH[:TYPE[:OPTS[:PROPAGATION]]]: PATH is a mount point; TYPE "*"
 * matches any; OPTS is a comma list that must all be present ("!opt": must
 * be absent); PROPAGATION is private|shared|slave|unbindable|shared+slave.
 */
static bool check_mount(char *val, struct outcome *o)
{
	char *type = split(val, ':'), *opts = type ? split(type, ':') : NULL;
	char *prop = opts ? split(opts, ':') : NULL, opts_copy[1024];
	struct mount_entry m;
	bool ok;

	WANT(o, "%s %s %s %s", val, type ? type : "*",
	     opts && *opts ? opts : "*", prop ? prop : "*");
	if (!find_mount(val, &m)) {
		GOT(o, "%s not a mount point", val);
		return false;
	}
	GOT(o, "%s %s %s|%s %s", m.mountpoint, m.fstype, m.mount_opts,
	    m.super_opts, m.propagation);
	ok = is_any(type) || strcmp(type, m.fstype) == 0;
	copy_field(opts_copy, sizeof(opts_copy), opts);
	ok = ok && mount_opts_match(&m, opts_copy);
	return ok && (is_any(prop) || strcmp(prop, m.propagation) == 0);
}

static bool check_no_mount(char *val, struct outcome *o)
{
	struct mount_entry m;

	WANT(o, "%s not a mount point", val);
	if (!find_mount(val, &m)) {
		GOT(o, "%s not a mount point", val);
		return true;
	}
	GOT(o, "%s %s %s", m.mountpoint, m.fstype, m.mount_opts);
	return false;
}

static bool dir_is_empty(const char *path, char *first, size_t size)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (d == NULL)
		return true; /* unreadable counts as masked */
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(first, size, "%s", e->d_name);
			empty = false;
			break;
		}
	}
	closedir(d);
	return empty;
}

/* masked=PATH: absent, an empty directory, or a file that reads nothing. */
static bool check_masked(char *val, struct outcome *o)
{
	struct stat st;
	char buf[256], first[256];
	ssize_t n;
	int fd;

	WANT(o, "%s masked (empty or unreadable)", val);
	if (lstat(val, &st) < 0) {
		GOT(o, "lstat: %s", strerror(errno));
		return errno == ENOENT;
	}
	if (S_ISDIR(st.st_mode)) {
		bool empty = dir_is_empty(val, first, sizeof(first));

		GOT(o, "directory %s", empty ? "empty" : "contains ");
		if (!empty)
			strncat(o->got, first, TEXT_MAX - strlen(o->got) - 1);
		return empty;
	}
	fd = open(val, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		GOT(o, "open: %s", strerror(errno));
		return errno == EACCES || errno == EPERM;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	GOT(o, "read %zd bytes", n);
	return n <= 0;
}

static bool fs_is_readonly(const char *path, bool *ret)
{
	struct statvfs sv;

	if (statvfs(path, &sv) < 0)
		return false;
	*ret = (sv.f_flag & ST_RDONLY) != 0;
	return true;
}

/* Try a write: open a file for writing, mkdir in a directory; 0 or errno. */
static int try_write(const char *path, bool dir)
{
	char probe[PATH_MAX];
	int fd;

	if (dir) {
		snprintf(probe, sizeof(probe), "%s/.jfcheck-probe", path);
		if (mkdir(probe, 0700) < 0)
			return errno;
		rmdir(probe);
		return 0;
	}
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static bool check_readonly(char *val, struct outcome *o)
{
	struct stat st;
	bool ro;
	int err;

	WANT(o, "%s on a read-only mount, writes refused", val);
	if (stat(val, &st) < 0 || !fs_is_readonly(val, &ro))
		return errno_outcome(o, "stat", val);
	err = try_write(val, S_ISDIR(st.st_mode));
	GOT(o, "statvfs %s, write: %s", ro ? "ro" : "rw",
	    err ? strerror(err) : "succeeded");
	/* procfs answers ENOENT to a mkdir before it looks at the mount. */
	if (S_ISDIR(st.st_mode))
		return ro && err != 0;
	return ro && err == EROFS;
}

static bool check_writable(char *val, struct outcome *o)
{
	struct stat st;
	bool ro;

	WANT(o, "%s on a read-write mount", val);
	if (stat(val, &st) < 0 || !fs_is_readonly(val, &ro))
		return errno_outcome(o, "stat", val);
	GOT(o, "%s on a %s mount", val, ro ? "read-only" : "read-write");
	return !ro;
}

static bool check_rootro(char *val, struct outcome *o)
{
	int64_t want;
	bool ro;

	if (!parse_i64(val, &want))
		return malformed(o, "rootro=0|1");
	if (!fs_is_readonly("/", &ro))
		return errno_outcome(o, "statvfs", "/");
	if (want && try_write("/", true) != EROFS)
		ro = false;
	return compare_i64(o, ro, want);
}

/* ---- files, devices, sysctl, cgroups ---- */

static bool check_file_content(const char *path, const char *want,
			       struct outcome *o)
{
	static char buf[1 << 16];

	if (read_text(path, buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", path);
	chomp(buf);
	return compare_text(o, buf, want);
}

/* file=PATH=CONTENT (one trailing newline ignored). */
static bool check_file(char *val, struct outcome *o)
{
	char *want = split(val, '=');

	if (want == NULL)
		return malformed(o, "file=PATH=CONTENT");
	return check_file_content(val, want, o);
}

static bool check_exists(char *val, struct outcome *o)
{
	struct stat st;

	WANT(o, "%s exists", val);
	if (lstat(val, &st) < 0)
		return errno_outcome(o, "lstat", val);
	GOT(o, "%s exists", val);
	return true;
}

static bool check_absent(char *val, struct outcome *o)
{
	struct stat st;
	int rc = lstat(val, &st);

	WANT(o, "%s absent", val);
	GOT(o, "%s", rc == 0 ? "exists" : strerror(errno));
	return rc < 0 && errno == ENOENT;
}

static bool check_symlink(char *val, struct outcome *o)
{
	char *want = split(val, ':'), buf[PATH_MAX];
	ssize_t n;

	if (want == NULL)
		return malformed(o, "symlink=PATH:TARGET");
	n = readlink(val, buf, sizeof(buf) - 1);
	if (n < 0)
		return errno_outcome(o, "readlink", val);
	buf[n] = '\0';
	return compare_text(o, buf, want);
}

static bool field_matches(const char *want, uint64_t got, bool octal)
{
	uint64_t v;
	unsigned m;

	if (is_any(want))
		return true;
	if (octal)
		return parse_octal(want, &m) && m == got;
	return parse_u64(want, &v) && v == got;
}

/* owner=PATH:UID:GID (lstat, "*" skips a field). */
static bool check_owner(char *val, struct outcome *o)
{
	char *uid_s = split(val, ':'),
	     *gid_s = uid_s ? split(uid_s, ':') : NULL;
	struct stat st;

	if (gid_s == NULL)
		return malformed(o, "owner=PATH:UID:GID");
	WANT(o, "%s:%s", uid_s, gid_s);
	if (lstat(val, &st) < 0)
		return errno_outcome(o, "lstat", val);
	GOT(o, "%u:%u", st.st_uid, st.st_gid);
	return field_matches(uid_s, st.st_uid, false) &&
	       field_matches(gid_s, st.st_gid, false);
}

static char file_type(mode_t m)
{
	return S_ISCHR(m)    ? 'c'
	       : S_ISBLK(m)  ? 'b'
	       : S_ISFIFO(m) ? 'p'
	       : S_ISDIR(m)  ? 'd'
	       : S_ISLNK(m)  ? 'l'
	       : S_ISREG(m)  ? 'f'
			     : '?';
}

/*
 * device=PATH:TYPE[:MAJOR:MINOR[:MODE[:UID:GID]]]: TYPE c|b|p (u = c), MODE
 * octal permission bits; "*" skips a field.
 */
static bool check_device(char *val, struct outcome *o)
{
	char *f[6] = {0}, *rest = val;
	char want_type;
	struct stat st;
	bool ok;

	for (int i = 0; i < 6 && rest; i++)
		rest = f[i] = split(rest, ':');
	if (f[0] == NULL || strlen(f[0]) != 1)
		return malformed(o,
				 "device=PATH:TYPE[:MAJ:MIN[:MODE[:UID:GID]]]");
	WANT(o, "%s %s %s:%s mode %s owner %s:%s", val, f[0], f[1] ? f[1] : "*",
	     f[2] ? f[2] : "*", f[3] ? f[3] : "*", f[4] ? f[4] : "*",
	     f[5] ? f[5] : "*");
	if (lstat(val, &st) < 0)
		return errno_outcome(o, "lstat", val);
	GOT(o, "%s %c %u:%u mode %04o owner %u:%u", val, file_type(st.st_mode),
	    major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777, st.st_uid,
	    st.st_gid);
	want_type = f[0][0] == 'u' ? 'c' : f[0][0];
	ok = want_type == file_type(st.st_mode);
	ok = ok && field_matches(f[1], major(st.st_rdev), false);
	ok = ok && field_matches(f[2], minor(st.st_rdev), false);
	ok = ok && field_matches(f[3], st.st_mode & 07777, true);
	ok = ok && field_matches(f[4], st.st_uid, false);
	return ok && field_matches(f[5], st.st_gid, false);
}

/* open=PATH:r|w|rw:ERRNO, ERRNO 0 when the open must succeed. */
static bool check_open(char *val, struct outcome *o)
{
	char *mode = split(val, ':'), *err_s = mode ? split(mode, ':') : NULL;
	int64_t want;
	int flags, fd, got = 0;

	if (!err_s || !parse_i64(err_s, &want))
		return malformed(o, "open=PATH:r|w|rw:ERRNO");
	flags = strcmp(mode, "rw") == 0	 ? O_RDWR
		: strcmp(mode, "w") == 0 ? O_WRONLY
					 : O_RDONLY;
	fd = open(val, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		got = errno;
	else
		close(fd);
	GOT(o, "%d (%s)", got, got ? strerror(got) : "opened");
	WANT(o, "%lld (%s)", (long long)want,
	     want ? strerror((int)want) : "opened");
	return got == want;
}

/* sysctl=NAME=VALUE, NAME dotted (net.ipv4.ip_forward) or slashed. */
static bool check_sysctl(char *val, struct outcome *o)
{
	char *want = split(val, '='), path[PATH_MAX];

	if (want == NULL)
		return malformed(o, "sysctl=NAME=VALUE");
	snprintf(path, sizeof(path), "/proc/sys/%s", val);
	for (char *p = path + 10; *p; p++)
		if (*p == '.')
			*p = '/';
	return check_file_content(path, want, o);
}

/* cgroup=FILE=VALUE: /sys/fs/cgroup/FILE (FILE relative, e.g. pids.max). */
static bool check_cgroup(char *val, struct outcome *o)
{
	char *want = split(val, '='), path[PATH_MAX];

	if (want == NULL)
		return malformed(o, "cgroup=FILE=VALUE");
	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", val);
	return check_file_content(path, want, o);
}

/* in-cgroup=DIR: this process is listed in /sys/fs/cgroup/DIR/cgroup.procs. */
static bool check_in_cgroup(char *val, struct outcome *o)
{
	static char buf[1 << 16];
	char path[PATH_MAX], *line, *save = NULL;
	long self = (long)getpid();

	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/cgroup.procs", val);
	WANT(o, "pid %ld in %s", self, path);
	if (read_text(path, buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", path);
	GOT(o, "pid %ld not in %s", self, path);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strtol(line, NULL, 10) == self)
			return true;
	return false;
}

/*
 * cgroup-path=CONTROLLER=PATH from /proc/self/cgroup; CONTROLLER is one of
 * a v1 line's controllers (memory, name=systemd) or "0" for the v2 line.
 */
static bool check_cgroup_path(char *val, struct outcome *o)
{
	char buf[TEXT_MAX], *line, *save = NULL, *want = split_last(val, '=');

	if (want == NULL)
		return malformed(o, "cgroup-path=CONTROLLER=PATH");
	if (read_text("/proc/self/cgroup", buf, sizeof(buf)) < 0)
		return errno_outcome(o, "read", "/proc/self/cgroup");
	GOT(o, "no %s line", val);
	WANT(o, "%s", want);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *ctrls = split(line, ':'), *path;

		path = ctrls ? split(ctrls, ':') : NULL;
		if (path == NULL)
			continue;
		if (strcmp(val, "0") == 0 ? strcmp(line, "0") != 0
					  : !has_opt(ctrls, val))
			continue;
		return compare_text(o, path, want);
	}
	return false;
}

/* ---- seccomp: call a syscall and look at its errno ---- */

static const struct {
	const char *name;
	long nr;
} syscalls[] = {
    {"getcwd", SYS_getcwd},
    {"getpid", SYS_getpid},
    {"getppid", SYS_getppid},
    {"getuid", SYS_getuid},
    {"getgid", SYS_getgid},
    {"geteuid", SYS_geteuid},
    {"getpriority", SYS_getpriority},
    {"getpgrp", SYS_getpgrp},
    {"personality", SYS_personality},
    {"uname", SYS_uname},
    {"sync", SYS_sync},
    {"sched_yield", SYS_sched_yield},
    {"umask", SYS_umask},
    {"chdir", SYS_chdir},
    {"mkdir", SYS_mkdir},
    {"getrandom", SYS_getrandom},
    {"gettid", SYS_gettid},
    {"kill", SYS_kill},
    {"socket", SYS_socket},
    {"ioprio_get", SYS_ioprio_get},
    {"sethostname", SYS_sethostname},
    {"unshare", SYS_unshare},
    {"mount", SYS_mount},
    {"getcpu", SYS_getcpu},
};

static bool syscall_number(const char *name, long *nr)
{
	int64_t v;

	for (size_t i = 0; i < sizeof(syscalls) / sizeof(*syscalls); i++) {
		if (strcmp(name, syscalls[i].name) == 0) {
			*nr = syscalls[i].nr;
			return true;
		}
	}
	if (!parse_i64(name, &v))
		return false;
	*nr = (long)v;
	return true;
}

/* "NAME[,ARG...]" → the call's errno (0 when it succeeded). */
static bool do_syscall(char *spec, int *ret_errno, struct outcome *o)
{
	unsigned long a[6] = {0};
	char *args = split(spec, ','), *tok, *save = NULL;
	long nr;
	int n = 0;

	if (!syscall_number(spec, &nr))
		return malformed(o, "a known syscall name or number");
	for (tok = args ? strtok_r(args, ",", &save) : NULL; tok && n < 6;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;
		int64_t s;

		if (parse_u64(tok, &v))
			a[n++] = (unsigned long)v;
		else if (parse_i64(tok, &s))
			a[n++] = (unsigned long)s;
		else
			return malformed(o, "numeric syscall arguments");
	}
	errno = 0;
	*ret_errno =
	    syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]) == -1 ? errno : 0;
	return true;
}

/* seccomp-errno=SYSCALL[,ARG...]:ERRNO: the call fails with ERRNO. */
static bool check_seccomp_errno(char *val, struct outcome *o)
{
	char *err_s = split_last(val, ':');
	int64_t want;
	int got;

	if (!err_s || !parse_i64(err_s, &want))
		return malformed(o, "seccomp-errno=SYSCALL[,ARG...]:ERRNO");
	if (!do_syscall(val, &got, o))
		return false;
	GOT(o, "errno %d (%s)", got, got ? strerror(got) : "success");
	WANT(o, "errno %lld (%s)", (long long)want, strerror((int)want));
	return got == want;
}

/* seccomp-allowed=SYSCALL[,ARG...]:ERRNO: the call does not fail with ERRNO. */
static bool check_seccomp_allowed(char *val, struct outcome *o)
{
	char *err_s = split_last(val, ':');
	int64_t want;
	int got;

	if (!err_s || !parse_i64(err_s, &want))
		return malformed(o, "seccomp-allowed=SYSCALL[,ARG...]:ERRNO");
	if (!do_syscall(val, &got, o))
		return false;
	GOT(o, "errno %d (%s)", got, got ? strerror(got) : "success");
	WANT(o, "not errno %lld (%s)", (long long)want, strerror((int)want));
	return got != want;
}

/* ---- the table and main ---- */

static const struct check {
	const char *key;
	bool (*run)(char *val, struct outcome *o);
	const char *usage;
} checks[] = {
    {"hostname", check_hostname, "NAME"},
    {"domainname", check_domainname, "NAME"},
    {"cwd", check_cwd, "PATH"},
    {"pid", check_pid, "N  (getpid)"},
    {"uid", check_uid, "N  (real, effective and saved)"},
    {"gid", check_gid, "N  (real, effective and saved)"},
    {"groups", check_groups, "N,N,...  (supplementary, as a set)"},
    {"umask", check_umask, "OCTAL"},
    {"env", check_env, "NAME=VALUE"},
    {"env-unset", check_env_unset, "NAME"},
    {"nonewprivs", check_nonewprivs, "0|1"},
    {"keyring-same", check_keyring_same, "SERIAL  (session keyring)"},
    {"keyring-differs", check_keyring_differs, "SERIAL  (session keyring)"},
    {"seccomp", check_seccomp_mode, "0|1|2  (Seccomp: in status)"},
    {"oom", check_oom, "N  (oom_score_adj)"},
    {"capeff", check_capeff, "0xHEX | CAP_X,CAP_Y"},
    {"capprm", check_capprm, "0xHEX | CAP_X,CAP_Y"},
    {"capbnd", check_capbnd, "0xHEX | CAP_X,CAP_Y"},
    {"capinh", check_capinh, "0xHEX | CAP_X,CAP_Y"},
    {"capamb", check_capamb, "0xHEX | CAP_X,CAP_Y"},
    {"rlimit", check_rlimit, "NAME:SOFT:HARD  (unlimited allowed)"},
    {"ioprio", check_ioprio, "CLASS:LEVEL  (RT|BE|IDLE|NONE)"},
    {"sched", check_sched, "POLICY[:PRIORITY]  (SCHED_RR, +RESET)"},
    {"nice", check_nice, "N"},
    {"personality", check_personality, "LINUX|LINUX32"},
    {"cpus", check_cpus, "LIST  (affinity, e.g. 0-1,3)"},
    {"fd", check_fd, "N:open|closed"},
    {"tty", check_tty, "FD:0|1"},
    {"ns-same", check_ns_same, "TYPE:[INODE]  (as readlink prints)"},
    {"ns-differs", check_ns_differs, "TYPE:[INODE]"},
    {"uidmap", check_uidmap, "C:H:N[,C:H:N...]"},
    {"gidmap", check_gidmap, "C:H:N[,C:H:N...]"},
    {"timens-offset", check_timens_offset, "CLOCK:SECS[:NSECS]"},
    {"mount", check_mount, "PATH[:TYPE[:OPT,!OPT[:PROPAGATION]]]"},
    {"no-mount", check_no_mount, "PATH"},
    {"masked", check_masked, "PATH"},
    {"readonly", check_readonly, "PATH  (ro mount; writing a file: EROFS)"},
    {"writable", check_writable, "PATH"},
    {"rootro", check_rootro, "0|1"},
    {"file", check_file, "PATH=CONTENT"},
    {"exists", check_exists, "PATH"},
    {"absent", check_absent, "PATH"},
    {"symlink", check_symlink, "PATH:TARGET"},
    {"owner", check_owner, "PATH:UID:GID"},
    {"device", check_device, "PATH:TYPE[:MAJ:MIN[:MODE[:UID:GID]]]"},
    {"open", check_open, "PATH:r|w|rw:ERRNO  (0: must open)"},
    {"sysctl", check_sysctl, "NAME=VALUE"},
    {"cgroup", check_cgroup, "FILE=VALUE  (under /sys/fs/cgroup)"},
    {"cgroup-path", check_cgroup_path, "CONTROLLER|0=PATH"},
    {"in-cgroup", check_in_cgroup, "DIR  (/sys/fs/cgroup/DIR/cgroup.procs)"},
    {"seccomp-errno", check_seccomp_errno, "SYSCALL[,ARG...]:ERRNO"},
    {"seccomp-allowed", check_seccomp_allowed, "SYSCALL[,ARG...]:ERRNO"},
};

static void usage(FILE *out)
{
	fputs("usage: jfcheck KEY=VALUE...\n", out);
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++)
		fprintf(out, "  %s=%s\n", checks[i].key, checks[i].usage);
}

static const struct check *find_check(const char *key)
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++)
		if (strcmp(checks[i].key, key) == 0)
			return &checks[i];
	return NULL;
}

static bool run_one(const char *arg)
{
	static struct outcome o;
	static char buf[TEXT_MAX];
	const struct check *c;
	char *val;
	bool ok;

	snprintf(buf, sizeof(buf), "%s", arg);
	val = split(buf, '=');
	c = val ? find_check(buf) : NULL;
	if (c == NULL) {
		printf(
		    "not ok %s: unknown check vs KEY=VALUE (jfcheck --help)\n",
		    arg);
		bad_usage = true;
		return false;
	}
	o.got[0] = o.want[0] = '\0';
	ok = c->run(val, &o);
	if (o.want[0] == '\0')
		snprintf(o.want, sizeof(o.want), "%s", arg + (val - buf));
	if (ok)
		printf("ok %s\n", arg);
	else
		printf("not ok %s: %s vs %s\n", arg, o.got, o.want);
	return ok;
}

int main(int argc, char **argv)
{
	bool all_ok = true;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--session-keyring") == 0) {
		printf("%ld\n", session_keyring());
		return 0;
	}
	/* Line-buffered so output interleaves sanely with a shell's. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++)
		all_ok = run_one(argv[i]) && all_ok;
	if (bad_usage)
		return 2;
	return all_ok ? 0 : 1;
}
