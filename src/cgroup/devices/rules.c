/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device rules of a container, for both cgroup versions: deny all, the
 * spec's linux.resources.devices in order, then the devices every container
 * gets (runc's default allow list: mknod of any device, /dev/null, zero,
 * full, random, urandom, tty, console, ptmx and the pts).  A later rule wins
 * over an earlier one, as in the kernel's v1 devices cgroup.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/core/core.h"
#include "cgroup/devices/devices.h"

#define RWM (CG_DEV_R | CG_DEV_W | CG_DEV_M)

static const struct cg_dev_rule default_rules[] = {
    {true, 'c', -1, -1, CG_DEV_M, -1}, /* mknod of any char device */
    {true, 'b', -1, -1, CG_DEV_M, -1}, /* mknod of any block device */
    {true, 'c', 1, 3, RWM, -1},	       /* /dev/null */
    {true, 'c', 1, 8, RWM, -1},	       /* /dev/random */
    {true, 'c', 1, 7, RWM, -1},	       /* /dev/full */
    {true, 'c', 5, 0, RWM, -1},	       /* /dev/tty */
    {true, 'c', 1, 5, RWM, -1},	       /* /dev/zero */
    {true, 'c', 1, 9, RWM, -1},	       /* /dev/urandom */
    {true, 'c', 5, 1, RWM, -1},	       /* /dev/console */
    {true, 'c', 136, -1, RWM, -1},     /* /dev/pts/N */
    {true, 'c', 5, 2, RWM, -1},	       /* /dev/ptmx */
};

#define N_DEFAULT (sizeof(default_rules) / sizeof(*default_rules))

static int parse_access(const char *s, unsigned *ret)
{
	*ret = 0;
	if (s == NULL) {
		*ret = RWM;
		return 0;
	}
	for (; *s != '\0'; s++) {
		if (*s == 'r')
			*ret |= CG_DEV_R;
		else if (*s == 'w')
			*ret |= CG_DEV_W;
		else if (*s == 'm')
			*ret |= CG_DEV_M;
		else
			return -1;
	}
	return *ret != 0 ? 0 : -1;
}

static int parse_rule(const struct oci_device_cgroup *d, size_t i,
		      struct cg_dev_rule *r, struct jf_error *err)
{
	const char *f = "linux.resources.devices";

	r->allow = d->allow;
	r->spec_index = (int)i;
	r->type = d->type ? d->type[0] : 'a';
	if (d->type != NULL &&
	    (strlen(d->type) != 1 || !strchr("abc", r->type)))
		return jf_error_set(err, 0,
				    "%s[%zu].type: must be \"a\", \"b\" or "
				    "\"c\", got \"%s\"",
				    f, i, d->type);
	r->major = d->has_major ? d->major : -1;
	r->minor = d->has_minor ? d->minor : -1;
	if (r->major < -1 || r->minor < -1 || r->major > UINT32_MAX ||
	    r->minor > UINT32_MAX)
		return jf_error_set(
		    err, 0, "%s[%zu]: invalid major/minor number", f, i);
	if (parse_access(d->access, &r->access) < 0)
		return jf_error_set(err, 0,
				    "%s[%zu].access: must be letters of "
				    "\"rwm\", got \"%s\"",
				    f, i, d->access);
	return 0;
}

static bool is_deny_all(const struct cg_dev_rule *r)
{
	return !r->allow && r->type == 'a' && r->major < 0 && r->minor < 0 &&
	       r->access == RWM;
}

int cg_dev_rules(const struct oci_device_cgroup *d, size_t n,
		 struct cg_dev_rule **ret, size_t *ret_n, struct jf_error *err)
{
	struct cg_dev_rule *rules = calloc(n + 1 + N_DEFAULT, sizeof(*rules));
	size_t k = 0;

	if (rules == NULL)
		return jf_error_errno(err, "linux.resources.devices");
	rules[k++] = (struct cg_dev_rule){false, 'a', -1, -1, RWM, -1};
	for (size_t i = 0; i < n; i++) {
		if (parse_rule(&d[i], i, &rules[k], err) < 0) {
			free(rules);
			return -1;
		}
		/* Most configs start with "deny all" themselves. */
		if (k == 1 && is_deny_all(&rules[1]))
			rules[0] = rules[1];
		else
			k++;
	}
	memcpy(rules + k, default_rules, sizeof(default_rules));
	*ret = rules;
	*ret_n = k + N_DEFAULT;
	return 0;
}
