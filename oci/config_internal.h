/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the config_*.c files: one reader per part of config.json,
 * each a jr_parse_fn filling the zeroed struct `out` points to.
 */
#ifndef JF_OCI_CONFIG_INTERNAL_H
#define JF_OCI_CONFIG_INTERNAL_H

#include "config.h"
#include "json_read.h"

#define OCI_CONFIG_DOC "config.json"

int oci_read_process(const struct json_reader *r, const struct json_value *v,
		     void *out); /* struct oci_process */
int oci_read_mount(const struct json_reader *r, const struct json_value *v,
		   void *out); /* struct oci_mount */
int oci_read_hooks(const struct json_reader *r, const struct json_value *v,
		   void *out); /* struct oci_hooks */
int oci_read_id_mapping(const struct json_reader *r, const struct json_value *v,
			void *out); /* struct oci_id_mapping */
int oci_read_linux(const struct json_reader *r, const struct json_value *v,
		   void *out); /* struct oci_linux */
int oci_read_resources(const struct json_reader *r, const struct json_value *v,
		       void *out); /* struct oci_resources */
int oci_read_seccomp(const struct json_reader *r, const struct json_value *v,
		     void *out); /* struct oci_seccomp */

void oci_strv_free(char **v, size_t n);
void oci_kv_free(struct oci_kv *kv, size_t n);

#endif
