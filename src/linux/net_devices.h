/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.netDevices (runtime-spec 1.3): host network devices moved into the
 * container's network namespace, under their new name, with their permanent
 * global addresses (a move drops them: they are read before and added
 * again inside), and up.  Over rtnetlink (linux/netlink.h).
 *
 * When: just after the clone, before the runtime lets the init go on (the
 * network namespace is then made by clone3, not unshared by the init, so
 * that it exists; a namespace given by path is opened by the runtime).
 * Before any hook, and before the process can run.  Every device must exist on
 * the host before any is moved; a move or an address that fails brings those
 * already moved back, under their host names, with their addresses.  A failed
 * `create` does the same (undo).
 *
 * After that, as the spec says, jfrun leaves the devices alone: it never
 * moves them out.  When the namespace goes, the kernel destroys virtual
 * devices (dummy, veth: the peer goes too) and gives physical ones back to
 * the host's initial namespace.
 */
#ifndef JF_LINUX_NET_DEVICES_H
#define JF_LINUX_NET_DEVICES_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"
#include "linux/namespaces.h"

struct jf_net_addr {
	unsigned char family, prefixlen, scope;
	unsigned char local[16], address[16];
	bool has_local, has_address;
};

struct jf_net_moved {
	char host_name[IFNAMSIZ];
	int host_index;
	bool was_up;
	unsigned char mac[32]; /* its link-layer address, to find it again */
	size_t mac_len;
	int inside_index; /* 0 until moved */
	struct jf_net_addr *addrs;
	size_t n_addrs;
};

struct jf_net_devices {
	struct jf_net_moved *dev;
	size_t n;
	int netns_fd; /* the container's, while devices may have to go back */
};

/* Names and a network namespace of the container's own, before anything
 * exists. */
int jf_net_devices_check(const struct oci_config *c, struct jf_error *err);

/* Move every device into the container's network namespace: the one of
 * ns joined by path, else the new one of `pid`.  On failure nothing is
 * left moved. */
int jf_net_devices_move(const struct oci_config *c, pid_t pid,
			const struct jf_namespaces *ns,
			struct jf_net_devices *d, struct jf_error *err);

/* A failed create: back to the host, under the host names. */
void jf_net_devices_undo(struct jf_net_devices *d);

void jf_net_devices_free(struct jf_net_devices *d);

#endif
