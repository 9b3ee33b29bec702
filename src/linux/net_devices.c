/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linux/net_devices.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "linux/netlink.h"

static const char *inside_name(const struct oci_net_device *d)
{
	return d->name != NULL ? d->name : d->host_name;
}

/* As the kernel's dev_valid_name(): it would refuse the others anyway,
 * but only after other devices moved. */
static bool valid_name(const char *s)
{
	if (s[0] == '\0' || strlen(s) >= IFNAMSIZ || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return false;
	for (; *s != '\0'; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' ||
		    *s == '\n')
			return false;
	return true;
}

static bool is_template(const char *s)
{
	return strstr(s, "%d") != NULL;
}

int jf_net_devices_check(const struct oci_config *c, struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;

	if (l == NULL || l->n_net_devices == 0)
		return 0;
	if (oci_namespace_find(c, "network") == NULL)
		return jf_error_set(
		    err, 0,
		    "linux.netDevices: needs a network namespace of "
		    "the container's own (linux.namespaces)");
	for (size_t i = 0; i < l->n_net_devices; i++) {
		const struct oci_net_device *d = &l->net_devices[i];

		if (!valid_name(d->host_name))
			return jf_error_set(
			    err, 0,
			    "linux.netDevices: \"%.64s\": not a network "
			    "device name (1-15 characters, no '/', ':' or "
			    "spaces)",
			    d->host_name);
		if (!valid_name(inside_name(d)))
			return jf_error_set(err, 0,
					    "linux.netDevices.%s.name: "
					    "\"%.64s\": not a network "
					    "device name (1-15 characters, no "
					    "'/', ':' or spaces)",
					    d->host_name, inside_name(d));
		for (size_t j = 0; j < i; j++)
			if (!is_template(inside_name(d)) &&
			    strcmp(inside_name(d),
				   inside_name(&l->net_devices[j])) == 0)
				return jf_error_set(
				    err, 0,
				    "linux.netDevices.%s.name: \"%s\" is "
				    "also the name of %s inside",
				    d->host_name, inside_name(d),
				    l->net_devices[j].host_name);
	}
	return 0;
}

/* --- links --- */

struct link_info {
	int index;
	unsigned flags;
	unsigned char mac[32]; /* IFLA_ADDRESS: tells a device from another */
	size_t mac_len;
};

static void on_link(const struct nlmsghdr *h, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *mac = jf_nl_attr(h, sizeof(*ifi), IFLA_ADDRESS);
	struct link_info *li = arg;

	if (h->nlmsg_type != RTM_NEWLINK)
		return;

	li->index = ifi->ifi_index;
	li->flags = ifi->ifi_flags;
	li->mac_len = 0;
	if (mac != NULL && RTA_PAYLOAD(mac) <= sizeof(li->mac)) {
		li->mac_len = RTA_PAYLOAD(mac);
		memcpy(li->mac, RTA_DATA(mac), li->mac_len);
	}
}

/* By name, or by index when name is NULL: -errno (-ENODEV: none). */
static int get_link(struct jf_nl *nl, const char *name, int index,
		    struct link_info *li)
{
	struct jf_nl_msg m;
	struct ifinfomsg *ifi =
	    jf_nl_msg_init(&m, RTM_GETLINK, 0, sizeof(*ifi));
	int r;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = name != NULL ? 0 : index;
	if (name != NULL)
		jf_nl_put_str(&m, IFLA_IFNAME, name);
	li->index = 0;
	r = jf_nl_query(nl, &m, on_link, li);
	return r < 0 ? r : li->index > 0 ? 0 : -ENODEV;
}

/* The moved device inside, by name or index (NULL name), if it is the same
 * device (same link-layer address): its index, or -ENODEV. */
static int find_moved(struct jf_nl *in, const struct jf_net_moved *dev,
		      const char *name)
{
	struct link_info li;
	int r = get_link(in, name, dev->host_index, &li);

	if (r < 0)
		return r;
	if (li.mac_len != dev->mac_len ||
	    memcmp(li.mac, dev->mac, li.mac_len) != 0)
		return -ENODEV;
	return li.index;
}

static int set_up(struct jf_nl *nl, int index)
{
	struct jf_nl_msg m;
	struct ifinfomsg *ifi =
	    jf_nl_msg_init(&m, RTM_NEWLINK, 0, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return jf_nl_call(nl, &m);
}

/* Into the namespace of netns_fd, named `name` there. */
static int move_link(struct jf_nl *nl, int index, int netns_fd,
		     const char *name)
{
	struct jf_nl_msg m;
	struct ifinfomsg *ifi =
	    jf_nl_msg_init(&m, RTM_NEWLINK, 0, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	jf_nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)netns_fd);
	jf_nl_put_str(&m, IFLA_IFNAME, name);
	return jf_nl_call(nl, &m);
}

/* --- addresses --- */

struct addr_list {
	int index;
	struct jf_net_addr *a;
	size_t n;
	int error;
};

static void copy_addr(const struct rtattr *at, unsigned char *to, bool *has)
{
	if (at == NULL || RTA_PAYLOAD(at) > 16)
		return;
	memcpy(to, RTA_DATA(at), RTA_PAYLOAD(at));
	*has = true;
}

/* The spec: permanent addresses of global scope (RFC 3549 2.3.3.2). */
static void on_addr(const struct nlmsghdr *h, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *fl = jf_nl_attr(h, sizeof(*ifa), IFA_FLAGS);
	uint32_t flags =
	    fl != NULL ? *(const uint32_t *)RTA_DATA(fl) : ifa->ifa_flags;
	struct addr_list *l = arg;
	struct jf_net_addr *a, *grown;

	if (h->nlmsg_type != RTM_NEWADDR || (int)ifa->ifa_index != l->index ||
	    ifa->ifa_scope != RT_SCOPE_UNIVERSE || !(flags & IFA_F_PERMANENT) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return;
	grown = realloc(l->a, (l->n + 1) * sizeof(*l->a));
	if (grown == NULL) {
		l->error = -ENOMEM;
		return;
	}
	l->a = grown;
	a = memset(&l->a[l->n++], 0, sizeof(*a));
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	if (jf_nl_attr(h, sizeof(*ifa), IFA_LOCAL) != NULL)
		copy_addr(jf_nl_attr(h, sizeof(*ifa), IFA_LOCAL), a->local,
			  &a->has_local);
	if (jf_nl_attr(h, sizeof(*ifa), IFA_ADDRESS) != NULL)
		copy_addr(jf_nl_attr(h, sizeof(*ifa), IFA_ADDRESS), a->address,
			  &a->has_address);
}

static int read_addrs(struct jf_nl *nl, struct jf_net_moved *dev)
{
	struct jf_nl_msg m;
	struct ifaddrmsg *ifa =
	    jf_nl_msg_init(&m, RTM_GETADDR, NLM_F_DUMP, sizeof(*ifa));
	struct addr_list l = {.index = dev->host_index};
	int r;

	ifa->ifa_family = AF_UNSPEC;
	r = jf_nl_query(nl, &m, on_addr, &l);
	dev->addrs = l.a;
	dev->n_addrs = l.n;
	return r < 0 ? r : l.error;
}

static int add_addr(struct jf_nl *nl, int index, const struct jf_net_addr *a)
{
	size_t len = a->family == AF_INET ? 4 : 16;
	struct jf_nl_msg m;
	struct ifaddrmsg *ifa = jf_nl_msg_init(
	    &m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, sizeof(*ifa));

	ifa->ifa_family = a->family;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = (unsigned)index;
	if (a->has_local)
		jf_nl_put(&m, IFA_LOCAL, a->local, len);
	if (a->has_address)
		jf_nl_put(&m, IFA_ADDRESS, a->address, len);
	return jf_nl_call(nl, &m);
}

static int add_addrs(struct jf_nl *nl, int index,
		     const struct jf_net_moved *dev)
{
	for (size_t i = 0; i < dev->n_addrs; i++) {
		int r = add_addr(nl, index, &dev->addrs[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* --- moving --- */

static int open_netns(pid_t pid, const struct jf_namespaces *ns,
		      struct jf_error *err)
{
	char path[64];
	struct stat theirs, ours;
	int fd = -1;

	for (size_t i = 0; i < ns->n_join; i++)
		if (ns->join[i].type == CLONE_NEWNET)
			fd = fcntl(ns->join[i].fd, F_DUPFD_CLOEXEC, 3);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return jf_error_errno(err, "linux.netDevices: %s", path);
	if (fstat(fd, &theirs) < 0 || stat("/proc/self/ns/net", &ours) < 0) {
		jf_error_errno(err, "linux.netDevices: network namespaces");
		close(fd);
		return -1;
	}
	if (theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev) {
		close(fd);
		return jf_error_set(err, 0,
				    "linux.netDevices: the container is in the "
				    "runtime's network namespace");
	}
	return fd;
}

/* Every device there, with its index, state and addresses. */
static int look_up(const struct oci_linux *l, struct jf_nl *host,
		   struct jf_net_devices *d, struct jf_error *err)
{
	d->dev = calloc(l->n_net_devices, sizeof(*d->dev));
	if (d->dev == NULL)
		return jf_error_errno(err, "linux.netDevices");
	d->n = l->n_net_devices;
	for (size_t i = 0; i < d->n; i++) {
		struct jf_net_moved *dev = &d->dev[i];
		const char *name = l->net_devices[i].host_name;
		struct link_info li;
		int r = get_link(host, name, 0, &li);

		if (r < 0)
			return jf_error_set(
			    err, -r, "linux.netDevices: \"%s\": %s", name,
			    r == -ENODEV ? "no such network device on the host"
					 : "looking it up");
		snprintf(dev->host_name, sizeof(dev->host_name), "%s", name);
		dev->host_index = li.index;
		dev->was_up = (li.flags & IFF_UP) != 0;
		memcpy(dev->mac, li.mac, li.mac_len);
		dev->mac_len = li.mac_len;
		r = read_addrs(host, dev);
		if (r < 0)
			return jf_error_set(
			    err, -r, "linux.netDevices: \"%s\": its addresses",
			    name);
	}
	return 0;
}

/* The moved device's index inside: by its name, or (a "%d" template the
 * kernel completed) by its index, which a move keeps when it is free. */
static int find_inside(struct jf_nl *in, const struct oci_net_device *cfg,
		       struct jf_net_moved *dev)
{
	const char *name = inside_name(cfg);
	int r = find_moved(in, dev, is_template(name) ? NULL : name);

	if (r > 0)
		dev->inside_index = r;
	return r < 0 ? r : 0;
}

static int move_one(struct jf_nl *in, struct jf_nl *host, int netns_fd,
		    const struct oci_net_device *cfg, struct jf_net_moved *dev,
		    struct jf_error *err)
{
	const char *name = inside_name(cfg);
	int r = move_link(host, dev->host_index, netns_fd, name);
	struct link_info li;

	/* The kernel moves first and renames after: a rename that failed
	 * (the name is taken inside) leaves it moved, under its host name. */
	if (r < 0 && get_link(host, NULL, dev->host_index, &li) == -ENODEV)
		dev->inside_index = -1;
	if (r < 0)
		return jf_error_set(
		    err, -r,
		    "linux.netDevices: \"%s\": moving it into the "
		    "container's network namespace as \"%s\"",
		    cfg->host_name, name);
	dev->inside_index = -1; /* moved, index not known yet */
	if ((r = find_inside(in, cfg, dev)) < 0)
		return jf_error_set(
		    err, -r, "linux.netDevices: \"%s\": finding it inside",
		    cfg->host_name);
	if ((r = add_addrs(in, dev->inside_index, dev)) < 0)
		return jf_error_set(
		    err, -r, "linux.netDevices: \"%s\": its addresses inside",
		    cfg->host_name);
	if ((r = set_up(in, dev->inside_index)) < 0)
		return jf_error_set(err, -r,
				    "linux.netDevices: \"%s\": setting it up",
				    cfg->host_name);
	return 0;
}

int jf_net_devices_move(const struct oci_config *c, pid_t pid,
			const struct jf_namespaces *ns,
			struct jf_net_devices *d, struct jf_error *err)
{
	const struct oci_linux *l = c->linux_;
	struct jf_nl host = {.fd = -1}, in = {.fd = -1};
	int rc = -1;

	d->netns_fd = -1;
	if (l == NULL || l->n_net_devices == 0)
		return 0;
	if (jf_nl_open(&host, -1, err) < 0 || look_up(l, &host, d, err) < 0)
		goto out;
	d->netns_fd = open_netns(pid, ns, err);
	if (d->netns_fd < 0 || jf_nl_open(&in, d->netns_fd, err) < 0)
		goto out;
	for (size_t i = 0; i < d->n; i++)
		if (move_one(&in, &host, d->netns_fd, &l->net_devices[i],
			     &d->dev[i], err) < 0)
			goto out;
	rc = 0;
out:
	jf_nl_close(&host);
	jf_nl_close(&in);
	if (rc < 0)
		jf_net_devices_undo(d);
	return rc;
}

/* Best effort: each device that moved goes back with its host name,
 * addresses and state. */
void jf_net_devices_undo(struct jf_net_devices *d)
{
	struct jf_nl host = {.fd = -1}, in = {.fd = -1};
	struct jf_error ignored;
	cleanup_close int self =
	    open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (d->netns_fd < 0 || self < 0 ||
	    jf_nl_open(&host, -1, &ignored) < 0 ||
	    jf_nl_open(&in, d->netns_fd, &ignored) < 0)
		goto out;
	for (size_t i = d->n; i-- > 0;) {
		struct jf_net_moved *dev = &d->dev[i];
		struct link_info li;
		int index = dev->inside_index;

		if (index == 0)
			continue; /* never moved */
		/* Index not known: under its host name (a failed rename),
		 * or at its host index (a move keeps it when it is free). */
		if (index < 0)
			index = find_moved(&in, dev, dev->host_name);
		if (index < 0)
			index = find_moved(&in, dev, NULL);
		if (index < 0 ||
		    move_link(&in, index, self, dev->host_name) < 0 ||
		    get_link(&host, dev->host_name, 0, &li) < 0)
			continue;
		add_addrs(&host, li.index, dev);
		if (dev->was_up)
			set_up(&host, li.index);
		dev->inside_index = 0;
	}
out:
	jf_nl_close(&host);
	jf_nl_close(&in);
}

void jf_net_devices_free(struct jf_net_devices *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->dev[i].addrs);
	free(d->dev);
	d->dev = NULL;
	d->n = 0;
	if (d->netns_fd >= 0)
		close(d->netns_fd);
	d->netns_fd = -1;
}
