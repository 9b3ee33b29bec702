/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.json: the top level (config.md) and reading the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "config_internal.h"
#include "io.h"

static int read_root(const struct json_reader *r, const struct json_value *v,
		     void *out)
{
	static const char *const required[] = {"path", NULL};
	struct oci_root *root = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "path", &root->path) ||
	    jr_bool(r, v, "readonly", &root->readonly, NULL))
		return -1;
	return 0;
}

/* process is OPTIONAL in the spec (required by create, checked there). */
static int read_config(const struct json_reader *r, const struct json_value *v,
		       void *out)
{
	static const char *const required[] = {"ociVersion", "root", NULL};
	struct oci_config *c = out;

	if (jr_require(r, v, required) ||
	    jr_string(r, v, "ociVersion", &c->oci_version) ||
	    jr_object(r, v, "root", read_root, &c->root) ||
	    jr_array(r, v, "mounts", oci_read_mount, &c->mounts,
		     &c->n_mounts) ||
	    jr_object(r, v, "process", oci_read_process, &c->process) ||
	    jr_string(r, v, "hostname", &c->hostname) ||
	    jr_string(r, v, "domainname", &c->domainname) ||
	    jr_object(r, v, "hooks", oci_read_hooks, &c->hooks) ||
	    jr_string_map(r, v, "annotations", &c->annotations,
			  &c->n_annotations) ||
	    jr_object(r, v, "linux", oci_read_linux, &c->linux_))
		return -1;
	return 0;
}

int oci_config_parse(const char *text, size_t len, struct oci_config **ret,
		     struct jf_error *err)
{
	static const struct json_parse_opts opts = {
	    .doc = OCI_CONFIG_DOC,
	    .validate_utf8 = true,
	};
	struct oci_config *c = NULL;

	if (jr_parse_document(text, len, &opts, sizeof(*c), read_config, &c,
			      err) < 0) {
		oci_config_free(c);
		return -1;
	}
	*ret = c;
	return 0;
}

int oci_config_parse_file(const char *path, struct oci_config **ret,
			  struct jf_error *err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	cleanup_free char *text = NULL;
	struct stat st;
	size_t len = 0;

	if (fd < 0)
		return jf_error_errno(err, "open %s", path);
	if (fstat(fd, &st) < 0)
		return jf_error_errno(err, "stat %s", path);
	if (S_ISREG(st.st_mode) && st.st_size > (off_t)OCI_CONFIG_MAX_BYTES)
		return jf_error_set(
		    err, 0, "%s: %lld bytes, more than the limit of %u", path,
		    (long long)st.st_size, OCI_CONFIG_MAX_BYTES);
	/* Not a regular file (a pipe): read until the bound. */
	if (jf_read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096,
			OCI_CONFIG_MAX_BYTES, &text, &len) < 0)
		return jf_error_errno(err, "read %s", path);
	return oci_config_parse(text, len, ret, err);
}
