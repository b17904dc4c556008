// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what the kernel shows: configfs attributes of the opted-in set,
 * the "incoming" records, and the sysfs identity of a PCI device.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pci-lu.h"

int attr_read(const char *path, char *buf, size_t n)
{
	ssize_t len;
	int fd, e;

	if (!path)
		return -errno;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, n - 1);
	e = errno;
	close(fd);
	if (len < 0)
		return -e;
	buf[len] = '\0';
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return 0;
}

int attr_write(const char *path, const char *val)
{
	size_t n = strlen(val);
	ssize_t len;
	int fd, e;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = write(fd, val, n);
	e = errno;
	if (close(fd) && len >= 0) {
		e = errno;
		len = -1;
	}
	if (len >= 0 && (size_t)len != n) {
		e = EIO;
		len = -1;
	}
	errno = e;
	return len < 0 ? -1 : 0;
}

/* Is configfs mounted where pci-lu expects it? 1 yes, 0 no, -1 unknown. */
static int configfs_mounted(void)
{
	char path[PATH_MAX], line[1024], dev[256], mnt[PATH_MAX], type[64];
	int found = 0;
	FILE *f;

	if (!path_proc(path, sizeof(path), "mounts"))
		return -1;
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %4095s %63s", dev, mnt, type) == 3 &&
		    !strcmp(type, "configfs") &&
		    !strcmp(mnt, path_system(P_CONFIGFS_MOUNT)))
			found = 1;
	fclose(f);
	return found;
}

int configfs_require(const char *cmd)
{
	char path[PATH_MAX], reason[PATH_MAX + 64];
	struct stat st;

	if (!path_configfs(path, sizeof(path), NULL))
		return pl_errno(OP_CONFIGFS, errno, "%s", cmd);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	if (errno == ENOENT && configfs_mounted() == 0) {
		snprintf(reason, sizeof(reason), "configfs is not mounted "
			 "(mount -t configfs none %s)",
			 path_system(P_CONFIGFS_MOUNT));
		return pl_fail(EXIT_UNAVAIL, OP_CONFIGFS, ENOENT, reason,
			       "%s: %s", cmd, path);
	}
	return pl_errno(OP_CONFIGFS, errno ? errno : ENOTDIR, "%s: %s", cmd,
			path);
}

int devices_error(const char *cmd)
{
	char path[PATH_MAX];
	int e = errno;

	return pl_errno(OP_FILE, e, "%s: %s", cmd,
			path_configfs(path, sizeof(path), "devices") ?
			path : "devices");
}

json_object *jint_or_null(const char *s)
{
	if (!strcmp(s, "0") || !strcmp(s, "1"))
		return json_object_new_int(s[0] - '0');
	return NULL;
}

/* configfs attribute of an opted-in device as a JSON string, or null */
static json_object *dev_attr(const char *bdf, const char *attr)
{
	char path[PATH_MAX], val[512];

	if (attr_read(path_configfs(path, sizeof(path), "devices/%s/%s", bdf,
				    attr), val, sizeof(val)))
		return NULL;
	return json_object_new_string(val);
}

static json_object *dev_attr_int(const char *bdf, const char *attr)
{
	json_object *s = dev_attr(bdf, attr), *r;

	if (!s)
		return NULL;
	r = jint_or_null(json_object_get_string(s));
	json_object_put(s);
	return r;
}

json_object *device_json(const char *bdf)
{
	char path[PATH_MAX];
	json_object *o, *status;
	struct status_line st;
	struct stat sb;

	if (!path_configfs(path, sizeof(path), "devices/%s", bdf))
		return NULL;
	if (stat(path, &sb))
		return NULL;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	status = dev_attr(bdf, "status");
	status_parse(status ? json_object_get_string(status) : NULL, &st);
	o = json_object_new_object();
	json_object_object_add(o, "bdf", json_object_new_string(bdf));
	json_object_object_add(o, "blocked", json_object_new_boolean(
		st.kind == STATUS_BLOCKED));
	json_object_object_add(o, "reason_code", st.code[0] ?
			       json_object_new_string(st.code) : NULL);
	json_object_object_add(o, "status", status);
	json_object_object_add(o, "bus_master", dev_attr_int(bdf,
							      "bus_master"));
	json_object_object_add(o, "saved_bus_master",
			       dev_attr_int(bdf, "saved_bus_master"));
	json_object_object_add(o, "path", dev_attr(bdf, "path"));
	return o;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

json_object *device_list_json(void)
{
	char path[PATH_MAX], **names = NULL;
	size_t n = 0, cap = 0, i;
	json_object *arr;
	struct dirent *de;
	DIR *d;

	if (!path_configfs(path, sizeof(path), "devices"))
		return NULL;
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strdup(de->d_name);
		if (!names[n++])
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		json_object *o = device_json(names[i]);

		if (o)
			json_object_array_add(arr, o);
		free(names[i]);
	}
	free(names);
	return arr;
}

int set_summary(struct set_summary *s)
{
	json_object *arr = device_list_json();
	size_t i, n;

	memset(s, 0, sizeof(*s));
	if (!arr)
		return -1;
	n = json_object_array_length(arr);
	s->devices = (int)n;
	for (i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		json_object *b;

		json_object_object_get_ex(o, "blocked", &b);
		if (!json_object_get_boolean(b))
			continue;
		if (!s->blocked++) {
			snprintf(s->bdf, sizeof(s->bdf), "%s", jstr(o, "bdf"));
			snprintf(s->status, sizeof(s->status), "%s",
				 jstr(o, "status"));
		}
	}
	json_object_put(arr);
	return 0;
}

int records_unmatched(json_object *records)
{
	size_t i;
	int n = 0;

	for (i = 0; i < json_object_array_length(records); i++)
		n += strcmp(jstr(json_object_array_get_idx(records, i),
				 "result"), "ok") != 0;
	return n;
}

/* One "incoming" line; NULL if malformed. */
static json_object *incoming_record(const char *line)
{
	char bdf[32], kind[16], result[24], extra[2];
	unsigned int saved, bm;
	struct bdf b;
	const char *why;
	char canon[BDF_STRLEN];
	json_object *o;

	if (sscanf(line, "%31s %15s saved_bus_master=%u bus_master=%u %23s %1s",
		   bdf, kind, &saved, &bm, result, extra) != 5)
		return NULL;
	if (bdf_parse(bdf, &b, &why) || saved > 1 || bm > 1 ||
	    (strcmp(kind, "endpoint") && strcmp(kind, "bridge")) ||
	    (strcmp(result, "ok") && strcmp(result, "mismatch") &&
	     strcmp(result, "missing") && strcmp(result, "version-mismatch")))
		return NULL;
	bdf_format(&b, canon);
	o = json_object_new_object();
	json_object_object_add(o, "bdf", json_object_new_string(canon));
	json_object_object_add(o, "kind", json_object_new_string(kind));
	json_object_object_add(o, "saved_bus_master",
			       json_object_new_int(saved));
	json_object_object_add(o, "bus_master", json_object_new_int(bm));
	json_object_object_add(o, "result", json_object_new_string(result));
	json_object_object_add(o, "reason", NULL);
	return o;
}

/*
 * The reasons of the records that are not "ok" (configfs
 * incoming_reasons, "<bdf> <mismatch|missing|version-mismatch> <reason>"
 * per line) into
 * their "reason".  A kernel without the file leaves them null; a line
 * that names no record is ignored: the file is read after incoming.
 */
static void incoming_reasons(json_object *records)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, i, n = json_object_array_length(records);
	FILE *f;

	if (!path_configfs(path, sizeof(path), "incoming_reasons"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		char bdf[32], result[24], canon[BDF_STRLEN];
		const char *why;
		struct bdf b;
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%31s %23s %n", bdf, result, &off) != 2 ||
		    !off || bdf_parse(bdf, &b, &why))
			continue;
		bdf_format(&b, canon);
		for (i = 0; i < n; i++) {
			json_object *r = json_object_array_get_idx(records, i);

			if (!strcmp(jstr(r, "bdf"), canon) &&
			    !strcmp(jstr(r, "result"), result))
				json_object_object_add(r, "reason",
					json_object_new_string(line + off));
		}
	}
	free(line);
	fclose(f);
}

json_object *incoming_json(int *bad_line)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	json_object *arr;
	int lineno = 0;
	FILE *f;

	if (!path_configfs(path, sizeof(path), "incoming"))
		return NULL;
	f = fopen(path, "re");
	if (!f)
		return NULL;
	arr = json_object_new_array();
	while (getline(&line, &cap, f) > 0) {
		json_object *o;

		lineno++;
		if (line[strspn(line, " \t\n")] == '\0')
			continue;
		o = incoming_record(line);
		if (!o) {
			*bad_line = lineno;
			json_object_put(arr);
			arr = NULL;
			errno = EBADMSG;
			break;
		}
		json_object_array_add(arr, o);
	}
	free(line);
	fclose(f);
	if (arr)
		incoming_reasons(arr);
	return arr;
}

/* sysfs attribute of a PCI device as a JSON string, or null */
static json_object *sysfs_attr(const char *bdf, const char *attr)
{
	char path[PATH_MAX], val[256];

	if (attr_read(path_sysfs_pci(path, sizeof(path), "%s/%s", bdf, attr),
		      val, sizeof(val)))
		return NULL;
	return json_object_new_string(val);
}

int sysfs_bus_master(const char *bdf)
{
	char path[PATH_MAX];
	unsigned char cmd[2];
	ssize_t len;
	int fd;

	if (!path_sysfs_pci(path, sizeof(path), "%s/config", bdf))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = pread(fd, cmd, sizeof(cmd), 4);	/* PCI_COMMAND */
	close(fd);
	if (len != sizeof(cmd))
		return -1;
	return !!(cmd[0] & 0x4);		/* PCI_COMMAND_MASTER */
}

/* A sysfs directory name that is a canonical BDF (any domain width). */
static bool is_bdf_name(const char *name)
{
	char canon[BDF_STRLEN];
	const char *why;
	struct bdf b;

	if (bdf_parse(name, &b, &why))
		return false;
	bdf_format(&b, canon);
	return !strcmp(canon, name);
}

/*
 * Upstream path in the kernel's pci= syntax from the resolved sysfs
 * directory: the BDF components from the root port down, the first one
 * in full and the others as DD.F ("0000:00:04.0/00.0/00.0/00.0").
 */
static json_object *upstream_path(const char *real)
{
	char out[PATH_MAX] = "", copy[PATH_MAX], *comp[64], *tok, *save;
	size_t ncomp = 0, first, i;

	snprintf(copy, sizeof(copy), "%s", real);
	for (tok = strtok_r(copy, "/", &save); tok && ncomp < 64;
	     tok = strtok_r(NULL, "/", &save))
		comp[ncomp++] = tok;
	first = ncomp;
	while (first > 0 && is_bdf_name(comp[first - 1]))
		first--;
	if (first == ncomp)
		return NULL;
	for (i = first; i < ncomp; i++) {
		size_t len = strlen(out);

		snprintf(out + len, sizeof(out) - len, "%s%s",
			 i == first ? "" : "/",
			 i == first ? comp[i] : strchr(comp[i], ':') + 4);
	}
	return json_object_new_string(out);
}

json_object *sysfs_device_json(const char *bdf)
{
	char path[PATH_MAX], real[PATH_MAX];
	json_object *o, *cls;
	struct stat st;
	bool bridge;

	if (!path_sysfs_pci(path, sizeof(path), "%s", bdf) ||
	    !realpath(path, real))
		return NULL;
	cls = sysfs_attr(bdf, "class");
	bridge = cls && (strtoul(json_object_get_string(cls), NULL, 16) >> 8)
		== 0x0604;
	o = json_object_new_object();
	json_object_object_add(o, "vendor", sysfs_attr(bdf, "vendor"));
	json_object_object_add(o, "device", sysfs_attr(bdf, "device"));
	json_object_object_add(o, "class", cls);
	json_object_object_add(o, "bridge", json_object_new_boolean(bridge));
	json_object_object_add(o, "virtfn", json_object_new_boolean(
		path_sysfs_pci(path, sizeof(path), "%s/physfn", bdf) &&
		!lstat(path, &st)));
	json_object_object_add(o, "path", upstream_path(real));
	return o;
}
