/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shim's event loop is the runtime's one event loop: event_loop.h.
 * (This name stays for code written against it; include event_loop.h.) */
#ifndef JF_SHIM_LOOP_H
#define JF_SHIM_LOOP_H

#include "event_loop.h"

#endif
