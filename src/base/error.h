/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one error idiom of jfrun.
 *
 * A function that can fail returns < 0 and fills a `struct jf_error`: the
 * errno that caused it (0 when none) and a message.  Callers add context with
 * jf_error_wrap() and pass the failure up; only the command layer prints it.
 * The message lives in a fixed buffer so that the idiom also works in the
 * container's child process after clone(), where malloc is best avoided.
 */
#ifndef JF_ERROR_H
#define JF_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#define JF_ERROR_MSG_MAX 1024

struct jf_error {
	int errnum;                  /* errno of the cause, 0 if none */
	char msg[JF_ERROR_MSG_MAX];  /* "<what>: <why>" without the program name */
};

/* Set the error from a format; appends ": strerror(errnum)" when errnum != 0.
 * Always returns -1 so that `return jf_error_set(...)` reads naturally. */
int jf_error_set(struct jf_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, with errnum taken from errno. */
#define jf_error_errno(err, ...) jf_error_set((err), errno, __VA_ARGS__)

/* Prefix the existing message with context: "<context>: <old message>".
 * Returns -1. */
int jf_error_wrap(struct jf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void jf_error_clear(struct jf_error *err);

#endif
