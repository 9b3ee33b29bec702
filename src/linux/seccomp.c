/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.seccomp.  jf_seccomp_prepare() runs in the runtime: it checks every
 * name, builds the filter with libseccomp and exports it as classic BPF.
 * jf_seccomp_load() runs in the container init and is a single seccomp(2)
 * call, so the child does no libseccomp work (no BPF generation, no malloc)
 * and can pass the spec's flags straight to the kernel, as runc does.
 */
#include "seccomp.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* Conditions of a syscall argument: the kernel passes at most six. */
#define MAX_SYSCALL_ARGS 6

struct jf_seccomp {
	unsigned int flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	unsigned short len; /* instructions in prog */
	struct sock_filter prog[];
};

struct name_value {
	const char *name;
	uint32_t value;
};

/* Each table is written once, as an X-macro, and gives both the lookup
 * table and the NULL-terminated name list of `jfrun features`. */
#define NAME(n, v) n,
#define PAIR(n, v) {n, v},

/* SCMP_ACT_ERRNO and SCMP_ACT_TRACE carry errnoRet in their low 16 bits.
 * SCMP_ACT_NOTIFY is not listed: it needs a listener (see resolve_action). */
#define ACTIONS(X)                                                             \
	X("SCMP_ACT_KILL", SCMP_ACT_KILL)                                      \
	X("SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS)                      \
	X("SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD)                        \
	X("SCMP_ACT_TRAP", SCMP_ACT_TRAP)                                      \
	X("SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0))                                 \
	X("SCMP_ACT_TRACE", SCMP_ACT_TRACE(0))                                 \
	X("SCMP_ACT_ALLOW", SCMP_ACT_ALLOW)                                    \
	X("SCMP_ACT_LOG", SCMP_ACT_LOG)

#define OPERATORS(X)                                                           \
	X("SCMP_CMP_NE", SCMP_CMP_NE)                                          \
	X("SCMP_CMP_LT", SCMP_CMP_LT)                                          \
	X("SCMP_CMP_LE", SCMP_CMP_LE)                                          \
	X("SCMP_CMP_EQ", SCMP_CMP_EQ)                                          \
	X("SCMP_CMP_GE", SCMP_CMP_GE)                                          \
	X("SCMP_CMP_GT", SCMP_CMP_GT)                                          \
	X("SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ)

#define FLAGS(X)                                                               \
	X("SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC)              \
	X("SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG)                  \
	X("SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW)    \
	X("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",                            \
	  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

static const struct name_value actions[] = {ACTIONS(PAIR)};
static const struct name_value operators[] = {OPERATORS(PAIR)};
static const struct name_value flags[] = {FLAGS(PAIR)};

const char *const jf_seccomp_actions[] = {ACTIONS(NAME) NULL};
const char *const jf_seccomp_operators[] = {OPERATORS(NAME) NULL};
const char *const jf_seccomp_flags[] = {FLAGS(NAME) NULL};

/* The spec's names; libseccomp maps them (see resolve_arch), and the
 * newer ones are listed only when this libseccomp knows them. */
const char *const jf_seccomp_archs[] = {
    "SCMP_ARCH_X86",
    "SCMP_ARCH_X86_64",
    "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64",
    "SCMP_ARCH_MIPS",
    "SCMP_ARCH_MIPS64",
    "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",
    "SCMP_ARCH_MIPSEL64",
    "SCMP_ARCH_MIPSEL64N32",
    "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",
    "SCMP_ARCH_PPC64LE",
    "SCMP_ARCH_S390",
    "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",
    "SCMP_ARCH_PARISC64",
    "SCMP_ARCH_RISCV64",
#ifdef SCMP_ARCH_LOONGARCH64
    "SCMP_ARCH_LOONGARCH64",
#endif
#ifdef SCMP_ARCH_M68K
    "SCMP_ARCH_M68K",
#endif
#ifdef SCMP_ARCH_SH
    "SCMP_ARCH_SH",
    "SCMP_ARCH_SHEB",
#endif
    NULL,
};

#define LOOKUP(table, name, ret)                                               \
	lookup((table), sizeof(table) / sizeof((table)[0]), (name), (ret))

static int lookup(const struct name_value *table, size_t n, const char *name,
		  uint32_t *ret)
{
	for (size_t i = 0; name != NULL && i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			*ret = table[i].value;
			return 0;
		}
	}
	return -1;
}

/* "SCMP_ARCH_X86_64" -> libseccomp's "x86_64" -> its token. */
static int resolve_arch(const char *name, uint32_t *ret)
{
	char lower[32];
	size_t i, n;

	for (i = 0; name != NULL && jf_seccomp_archs[i] != NULL; i++) {
		if (strcmp(jf_seccomp_archs[i], name) == 0)
			break;
	}
	if (name == NULL || jf_seccomp_archs[i] == NULL)
		return -1;
	name += strlen("SCMP_ARCH_");
	n = strlen(name);
	if (n >= sizeof(lower))
		return -1;
	for (i = 0; i <= n; i++)
		lower[i] = tolower((unsigned char)name[i]);
	*ret = seccomp_arch_resolve_name(lower);
	return *ret == 0 ? -1 : 0;
}

static void seccomp_ctx_releasep(scmp_filter_ctx *ctx)
{
	if (*ctx != NULL)
		seccomp_release(*ctx);
}
#define cleanup_seccomp_ctx __attribute__((cleanup(seccomp_ctx_releasep)))

/*
 * Resolve an action name.  `field` is the JSON path of the action,
 * `errno_field` that of its errnoRet; ERRNO and TRACE default to EPERM as runc
 * does.
 */
static int resolve_action(const char *name, const char *field,
			  const char *errno_field, bool has_errno_ret,
			  uint32_t errno_ret, uint32_t *ret,
			  struct jf_error *err)
{
	if (name == NULL)
		return jf_error_set(err, 0, "%s: missing", field);
	if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
		return jf_error_set(
		    err, 0,
		    "%s: SCMP_ACT_NOTIFY needs a seccomp "
		    "listener (linux.seccomp.listenerPath): not "
		    "supported yet",
		    field);
	if (LOOKUP(actions, name, ret) < 0)
		return jf_error_set(err, 0, "%s: unknown action \"%s\"", field,
				    name);
	if (*ret != SCMP_ACT_ERRNO(0) && *ret != SCMP_ACT_TRACE(0))
		return 0;
	if (!has_errno_ret)
		errno_ret = EPERM;
	if (errno_ret > 0xffff)
		return jf_error_set(
		    err, 0, "%s: %" PRIu32 " is out of range [0, 65535]",
		    errno_field, errno_ret);
	*ret |= errno_ret;
	return 0;
}

static int resolve_flags(const struct oci_seccomp *s, unsigned int *ret,
			 struct jf_error *err)
{
	uint32_t flag;

	*ret = 0;
	for (size_t i = 0; i < s->n_flags; i++) {
		if (LOOKUP(flags, s->flags[i], &flag) < 0)
			return jf_error_set(err, 0,
					    "linux.seccomp.flags[%zu]: unknown "
					    "flag \"%s\"",
					    i, s->flags[i] ? s->flags[i] : "");
		*ret |= flag;
	}
	/* The kernel accepts WAIT_KILLABLE_RECV only with a notify listener,
	 * and without one there is nothing to wait for: it changes nothing. */
	*ret &= ~(unsigned int)SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	return 0;
}

static int add_architectures(scmp_filter_ctx ctx, const struct oci_seccomp *s,
			     struct jf_error *err)
{
	uint32_t arch;
	int rc;

	for (size_t i = 0; i < s->n_architectures; i++) {
		if (resolve_arch(s->architectures[i], &arch) < 0)
			return jf_error_set(
			    err, 0,
			    "linux.seccomp.architectures[%zu]: "
			    "unknown architecture \"%s\"",
			    i, s->architectures[i] ? s->architectures[i] : "");
		rc = seccomp_arch_add(ctx, arch);
		/* The native architecture is always there already. */
		if (rc < 0 && rc != -EEXIST)
			return jf_error_set(err, -rc,
					    "linux.seccomp.architectures[%zu]: "
					    "adding %s",
					    i, s->architectures[i]);
	}
	return 0;
}

/* Fill `cmps` from the rule's args; *shared_index tells whether two
 * conditions test the same argument. */
static int resolve_conditions(const struct oci_seccomp_syscall *call, size_t i,
			      struct scmp_arg_cmp *cmps, bool *shared_index,
			      struct jf_error *err)
{
	unsigned int seen = 0;
	uint32_t op;

	*shared_index = false;
	for (size_t j = 0; j < call->n_args; j++) {
		const struct oci_seccomp_arg *a = &call->args[j];

		if (a->index >= MAX_SYSCALL_ARGS)
			return jf_error_set(
			    err, 0,
			    "linux.seccomp.syscalls[%zu].args[%zu]"
			    ".index: %" PRIu32 " is out of range [0, 5]",
			    i, j, a->index);
		if (LOOKUP(operators, a->op, &op) < 0)
			return jf_error_set(
			    err, 0,
			    "linux.seccomp.syscalls[%zu].args[%zu]"
			    ".op: unknown operator \"%s\"",
			    i, j, a->op ? a->op : "");
		if (seen & (1u << a->index))
			*shared_index = true;
		seen |= 1u << a->index;
		cmps[j] = (struct scmp_arg_cmp){
		    .arg = a->index,
		    .op = op,
		    .datum_a = a->value,
		    .datum_b = a->value_two,
		};
	}
	return 0;
}

/*
 * Conditions on distinct arguments form one rule (all must match).  When two
 * test the same argument libseccomp refuses them in one rule, so each
 * becomes a rule of its own (any may match): runc's behaviour.
 */
static int add_rules_for_syscall(scmp_filter_ctx ctx, uint32_t action, int nr,
				 const struct scmp_arg_cmp *cmps, size_t n_cmps,
				 bool shared_index)
{
	int rc;

	if (!shared_index)
		return seccomp_rule_add_array(ctx, action, nr, n_cmps, cmps);
	for (size_t j = 0; j < n_cmps; j++) {
		rc = seccomp_rule_add_array(ctx, action, nr, 1, &cmps[j]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int add_syscall(scmp_filter_ctx ctx, const struct oci_seccomp *s,
		       size_t i, uint32_t default_action, struct jf_error *err)
{
	const struct oci_seccomp_syscall *call = &s->syscalls[i];
	char field[64], errno_field[64];
	bool shared_index;
	uint32_t action;
	int nr, rc;

	snprintf(field, sizeof(field), "linux.seccomp.syscalls[%zu].action", i);
	snprintf(errno_field, sizeof(errno_field),
		 "linux.seccomp.syscalls[%zu].errnoRet", i);
	if (resolve_action(call->action, field, errno_field,
			   call->has_errno_ret, call->errno_ret, &action,
			   err) < 0)
		return -1;

	/* Only conditions that repeat an index can be more than six. */
	struct scmp_arg_cmp local[MAX_SYSCALL_ARGS];
	cleanup_free struct scmp_arg_cmp *heap = NULL;
	struct scmp_arg_cmp *cmps = local;

	if (call->n_args > MAX_SYSCALL_ARGS) {
		cmps = heap = calloc(call->n_args, sizeof(*cmps));
		if (cmps == NULL)
			return jf_error_set(err, ENOMEM,
					    "linux.seccomp.syscalls[%zu]", i);
	}
	if (resolve_conditions(call, i, cmps, &shared_index, err) < 0)
		return -1;
	/* libseccomp refuses a rule that repeats the default action. */
	if (action == default_action)
		return 0;

	for (size_t j = 0; j < call->n_names; j++) {
		nr = seccomp_syscall_resolve_name(call->names[j]);
		/* Profiles list syscalls of newer kernels: skip what
		 * libseccomp does not know, as runc and crun do. */
		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = add_rules_for_syscall(ctx, action, nr, cmps, call->n_args,
					   shared_index);
		if (rc < 0)
			return jf_error_set(err, -rc,
					    "linux.seccomp.syscalls[%zu].names"
					    "[%zu]: adding a rule for \"%s\"",
					    i, j, call->names[j]);
	}
	return 0;
}

/* Export the compiled filter through a memfd (libseccomp 2.5 can only
 * write to a file descriptor) into one allocation. */
static int export_bpf(scmp_filter_ctx ctx, unsigned int load_flags,
		      struct jf_seccomp **ret, struct jf_error *err)
{
	cleanup_close int fd = memfd_create("jfrun-seccomp", MFD_CLOEXEC);
	struct jf_seccomp *sc;
	off_t size;
	int rc;

	if (fd < 0)
		return jf_error_errno(err, "linux.seccomp: memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		return jf_error_set(err, -rc,
				    "linux.seccomp: exporting the filter");
	size = lseek(fd, 0, SEEK_CUR);
	if (size < 0)
		return jf_error_errno(err,
				      "linux.seccomp: exporting the filter");
	if (size == 0 || size % sizeof(struct sock_filter) != 0 ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		return jf_error_set(err, 0,
				    "linux.seccomp: the filter has %lld bytes, "
				    "the kernel takes up to %d instructions",
				    (long long)size, BPF_MAXINSNS);
	sc = malloc(sizeof(*sc) + size);
	if (sc == NULL)
		return jf_error_set(err, ENOMEM, "linux.seccomp");
	if (pread(fd, sc->prog, size, 0) != size) {
		free(sc);
		return jf_error_errno(err, "linux.seccomp: reading the filter");
	}
	sc->flags = load_flags;
	sc->len = size / sizeof(struct sock_filter);
	*ret = sc;
	return 0;
}

/*
 * No SCMP_FLTATR_CTL_OPTIMIZE (runc sets it): for a 367-syscall allow list
 * the binary tree adds 0.75 ms to the export and saves 0.3 ms in the
 * kernel's load, and the kernel's per-syscall action cache already skips
 * the filter for unconditional allows.
 */
static int build_filter(scmp_filter_ctx ctx, const struct oci_seccomp *s,
			uint32_t default_action, struct jf_error *err)
{
	if (add_architectures(ctx, s, err) < 0)
		return -1;
	for (size_t i = 0; i < s->n_syscalls; i++) {
		if (add_syscall(ctx, s, i, default_action, err) < 0)
			return -1;
	}
	return 0;
}

int jf_seccomp_prepare(const struct oci_seccomp *s, struct jf_seccomp **ret,
		       struct jf_error *err)
{
	cleanup_seccomp_ctx scmp_filter_ctx ctx = NULL;
	uint32_t default_action;
	unsigned int load_flags;

	*ret = NULL;
	if (s == NULL)
		return 0;
	if (resolve_action(s->default_action, "linux.seccomp.defaultAction",
			   "linux.seccomp.defaultErrnoRet",
			   s->has_default_errno_ret, s->default_errno_ret,
			   &default_action, err) < 0)
		return -1;
	if (resolve_flags(s, &load_flags, err) < 0)
		return -1;
	ctx = seccomp_init(default_action);
	if (ctx == NULL)
		return jf_error_set(
		    err, 0,
		    "linux.seccomp.defaultAction: libseccomp "
		    "refuses \"%s\" (not supported by the kernel?)",
		    s->default_action);
	if (build_filter(ctx, s, default_action, err) < 0)
		return -1;
	return export_bpf(ctx, load_flags, ret, err);
}

int jf_seccomp_load(const struct jf_seccomp *sc, struct jf_error *err)
{
	struct sock_fprog prog;
	long rc;

	if (sc == NULL)
		return 0;
	prog.len = sc->len;
	prog.filter = (struct sock_filter *)sc->prog;
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, sc->flags, &prog);
	if (rc == 0)
		return 0;
	if (rc > 0)
		return jf_error_set(
		    err, EBUSY,
		    "linux.seccomp.flags: SECCOMP_FILTER_FLAG_TSYNC: "
		    "thread %ld runs another filter",
		    rc);
	if (errno == EACCES)
		return jf_error_errno(
		    err, "linux.seccomp: loading the filter without "
			 "process.noNewPrivileges needs CAP_SYS_ADMIN");
	if (errno == EINVAL && sc->flags != 0)
		return jf_error_errno(err,
				      "linux.seccomp: loading the filter "
				      "with linux.seccomp.flags %#x",
				      sc->flags);
	return jf_error_errno(err, "linux.seccomp: loading the filter");
}

void jf_seccomp_free(struct jf_seccomp *sc)
{
	free(sc);
}
