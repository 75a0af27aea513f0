#include "config.h"

#include "initramfs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *const initramfs_config_files[] = {"etc/initramfs-tools/modules", "etc/dracut.conf",
					      "etc/mkinitcpio.conf", NULL};
const char *const initramfs_config_dirs[] = {"etc/dracut.conf.d", "etc/mkinitcpio.conf.d", NULL};
const char *const initramfs_tool_programs[] = {"usr/sbin/update-initramfs", "sbin/update-initramfs",
					       "usr/bin/dracut", "usr/sbin/dracut", "usr/bin/mkinitcpio", NULL};

/* A module name as the kernel spells it: '-' is '_'; mkinitcpio's optional
 * marker '?' dropped. Names longer than any module's are ignored. */
static void add_word(char ***list, size_t *n, const char *w, size_t len)
{
	if (len && w[len - 1] == '?')
		len--;
	if (len == 0 || len > 64)
		return;
	char *name = xstrndup(w, len);
	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	char **slot = xappend(list, n, sizeof(*slot));
	*slot = name;
}

static void clear_words(char ***list, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void parse_initramfs_tools_modules(const char *buf, size_t len, struct initramfs_facts *f)
{
	for (size_t i = 0; i < len;) {
		while (i < len && blank(buf[i]))
			i++;
		size_t w = i;
		while (i < len && !blank(buf[i]) && buf[i] != '\n' && buf[i] != '#')
			i++;
		if (i > w && buf[w] != '#')
			add_word(&f->early, &f->n_early, buf + w, i - w);
		while (i < len && buf[i] != '\n') /* the module's arguments, or a comment */
			i++;
		i++;
	}
}

/* The value after NAME= or NAME+= at buf[i]: a quoted string or a bash array
 * (which may span lines and hold comments), or a bare word; each word goes to
 * the list. Returns the index after the value. */
static size_t read_value(const char *buf, size_t len, size_t i, char ***list, size_t *n)
{
	char close = '\0';
	if (i < len && (buf[i] == '"' || buf[i] == '\'' || buf[i] == '('))
		close = buf[i] == '(' ? ')' : buf[i], i++;
	while (i < len) {
		char c = buf[i];
		if (c == close || (!close && (blank(c) || c == '\n' || c == '#' || c == ';')))
			return i + 1;
		if (c == '#' && close == ')') { /* a comment inside the array */
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		if (blank(c) || c == '\n' || c == '"' || c == '\'') {
			i++;
			continue;
		}
		size_t w = i;
		while (i < len && !blank(buf[i]) && buf[i] != '\n' && buf[i] != close && buf[i] != '"' &&
		       buf[i] != '\'' && !(close == ')' && buf[i] == '#'))
			i++;
		add_word(list, n, buf + w, i - w);
	}
	return len;
}

/* At the start of a line, NAME followed by = or +=: the index of the value,
 * with *append set, or 0 when the line does not assign NAME. */
static size_t assignment(const char *buf, size_t len, size_t i, const char *name, bool *append)
{
	size_t n = strlen(name);
	if (len - i < n + 1 || memcmp(buf + i, name, n))
		return 0;
	i += n;
	*append = buf[i] == '+';
	if (*append)
		i++;
	return i < len && buf[i] == '=' ? i + 1 : 0;
}

/* Both configuration languages are shell assignments, one per line. */
static void parse_assignments(const char *buf, size_t len, struct initramfs_facts *f, bool dracut)
{
	for (size_t i = 0; i < len;) {
		while (i < len && blank(buf[i]))
			i++;
		size_t v = 0;
		bool append = false;
		if (dracut) {
			if ((v = assignment(buf, len, i, "force_drivers", &append)) != 0) {
				if (!append)
					clear_words(&f->early, &f->n_early);
				i = read_value(buf, len, v, &f->early, &f->n_early);
			} else if ((v = assignment(buf, len, i, "add_drivers", &append)) != 0 ||
				   (v = assignment(buf, len, i, "drivers", &append)) != 0) {
				i = read_value(buf, len, v, &f->included, &f->n_included);
			}
		} else if ((v = assignment(buf, len, i, "MODULES", &append)) != 0) {
			if (!append)
				clear_words(&f->early, &f->n_early);
			i = read_value(buf, len, v, &f->early, &f->n_early);
		} else if ((v = assignment(buf, len, i, "HOOKS", &append)) != 0) {
			char **hooks = NULL;
			size_t n_hooks = 0;
			i = read_value(buf, len, v, &hooks, &n_hooks);
			if (!append)
				f->kms_hook = false;
			for (size_t h = 0; h < n_hooks; h++)
				f->kms_hook |= !strcmp(hooks[h], "kms");
			clear_words(&hooks, &n_hooks);
		}
		if (v == 0 || (i > 0 && buf[i - 1] != '\n'))
			while (i < len && buf[i] != '\n')
				i++;
		if (i < len && buf[i] == '\n')
			i++;
	}
}

void parse_dracut_conf(const char *buf, size_t len, struct initramfs_facts *f)
{
	parse_assignments(buf, len, f, true);
}

void parse_mkinitcpio_conf(const char *buf, size_t len, struct initramfs_facts *f)
{
	parse_assignments(buf, len, f, false);
}

static void read_config(const struct hostenv *env, const char *rel, struct initramfs_facts *f,
			void (*parse)(const char *, size_t, struct initramfs_facts *), struct strbuf *files)
{
	uint8_t *data;
	size_t len;
	if (host_read_file(env, rel, 1u << 20, &data, &len) < 0)
		return;
	parse((const char *)data, len, f);
	free(data);
	sb_addf(files, "%s/%s", files->len ? ", " : "", rel);
}

/* Then the drop-ins, in the order of their names (as both tools read them). */
static void read_config_dir(const struct hostenv *env, const char *dir, struct initramfs_facts *f,
			    void (*parse)(const char *, size_t, struct initramfs_facts *), struct strbuf *files)
{
	char **names;
	int n = host_list_dir(env, dir, &names);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		if (l > 5 && !strcmp(names[i] + l - 5, ".conf")) {
			char *rel = xasprintf("%s/%s", dir, names[i]);
			read_config(env, rel, f, parse, files);
			free(rel);
		}
	}
	if (n > 0)
		host_free_names(names, n);
}

/* The tool whose program is installed; when none or several are, the one
 * whose configuration is there (mkinitcpio.conf exists only on Arch). */
static enum initramfs_tool which_tool(const struct hostenv *env)
{
	bool tools = host_exists(env, "usr/sbin/update-initramfs") || host_exists(env, "sbin/update-initramfs");
	bool dracut = host_exists(env, "usr/bin/dracut") || host_exists(env, "usr/sbin/dracut");
	bool mkinitcpio = host_exists(env, "usr/bin/mkinitcpio");
	if (tools + dracut + mkinitcpio == 1)
		return tools ? INITRAMFS_TOOLS : dracut ? INITRAMFS_DRACUT : INITRAMFS_MKINITCPIO;
	if (host_exists(env, "etc/mkinitcpio.conf"))
		return INITRAMFS_MKINITCPIO;
	tools = host_exists(env, "etc/initramfs-tools/modules");
	dracut = host_exists(env, "etc/dracut.conf") || host_exists(env, "etc/dracut.conf.d");
	return tools && !dracut ? INITRAMFS_TOOLS : dracut && !tools ? INITRAMFS_DRACUT : INITRAMFS_UNKNOWN;
}

void read_initramfs_facts(const struct hostenv *env, struct initramfs_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->tool = which_tool(env);
	struct strbuf files = {0};
	switch (f->tool) {
	case INITRAMFS_TOOLS:
		read_config(env, "etc/initramfs-tools/modules", f, parse_initramfs_tools_modules, &files);
		break;
	case INITRAMFS_DRACUT:
		read_config(env, "etc/dracut.conf", f, parse_dracut_conf, &files);
		read_config_dir(env, "etc/dracut.conf.d", f, parse_dracut_conf, &files);
		break;
	case INITRAMFS_MKINITCPIO:
		read_config(env, "etc/mkinitcpio.conf", f, parse_mkinitcpio_conf, &files);
		read_config_dir(env, "etc/mkinitcpio.conf.d", f, parse_mkinitcpio_conf, &files);
		break;
	case INITRAMFS_UNKNOWN:
		break;
	}
	f->files = files.len ? sb_take(&files) : NULL;
	sb_free(&files);
}

void free_initramfs_facts(struct initramfs_facts *f)
{
	free(f->files);
	clear_words(&f->early, &f->n_early);
	clear_words(&f->included, &f->n_included);
	memset(f, 0, sizeof(*f));
}

static long index_of(char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return (long)i;
	return -1;
}

bool initramfs_has_driver(const struct initramfs_facts *f, const char *driver)
{
	if (!f->files)
		return false;
	char *name = xstrdup(driver);
	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	/* mkinitcpio's kms hook adds the modules under drivers/gpu/drm/; NVIDIA's
	 * own driver is not among them. */
	bool in = index_of(f->early, f->n_early, name) >= 0 || index_of(f->included, f->n_included, name) >= 0 ||
		  (f->kms_hook && strncmp(name, "nvidia", 6));
	free(name);
	return in;
}

bool initramfs_vfio_first(const struct initramfs_facts *f, const char *driver)
{
	char *name = xstrdup(driver);
	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	long vfio = index_of(f->early, f->n_early, "vfio_pci");
	long gpu = index_of(f->early, f->n_early, name);
	free(name);
	return vfio >= 0 && (gpu < 0 || vfio < gpu);
}
