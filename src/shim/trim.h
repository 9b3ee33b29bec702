/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shim's memory once the container runs: create's code and read-only
 * data, touched once, stay mapped into the shim for its whole life and
 * count in its RSS and Pss.  jf_shim_trim unmaps the pages of read-only
 * and code file mappings that hold no private copy (madvise
 * MADV_DONTNEED): the file's pages stay in the page cache and the few the
 * loop uses come back on the next touch.  Written (COW) pages, such as
 * relocated RELRO, are never touched: only mappings whose smaps say
 * Anonymous: 0 kB.  The same for what create left in the heap
 * (malloc_trim) and the stack pages under the current frame.  Called last
 * before the loop runs, and the ranges are dropped only once smaps is
 * read: code run after the trim faults back in 64 KiB windows (the
 * kernel's fault-around), so the less of it the better.
 */
#ifndef JF_SHIM_TRIM_H
#define JF_SHIM_TRIM_H

void jf_shim_trim(void);

#endif
