// libinotifytools for the Inotify module (its only importer). Prefix: hf_inotify_.
//
// Written against libinotifytools 3.22.6 (Debian 12); its source ships in libinotifytools0-dev
// as /usr/share/doc/libinotifytools0-dev/inotifytools_8c_source.html.
#ifndef HF_CINOTIFYTOOLS_SHIM_H
#define HF_CINOTIFYTOOLS_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <inotifytools/inotifytools.h>

// `struct inotify_event` ends in a flexible array member, which Swift does not import.
static inline const char *hf_inotify_event_name(const struct inotify_event *event) {
    return event->len > 0 ? event->name : "";
}

// Marks the library's entry for `wd` as dead by appending 0x01 to its name, byte for byte.
// libinotifytools forgets a watch only when inotify_rm_watch succeeds, so a watch the kernel
// dropped by itself (its folder was deleted) stays in the library's tables under its old name,
// and a folder created later under that name would be looked up as the dead watch. Renaming in
// place (inotifytools_set_filename_by_wd) does not re-sort the library's name-ordered tree, so the
// new name must sort exactly where the old one did: no name lies between `name` and `name\x01`
// (it would have to continue `name` with a byte below 0x01, i.e. NUL). Returns 0 when there is no
// entry or it is already marked.
static inline int hf_inotify_bury_wd(int wd) {
    const char *name = inotifytools_filename_from_wd(wd);
    if (!name || !*name) return 0;
    size_t length = strlen(name);
    if (name[length - 1] == '\x01') return 0;
    char *buried = malloc(length + 2);
    if (!buried) return 0;
    memcpy(buried, name, length);
    buried[length] = '\x01';
    buried[length + 1] = 0;
    inotifytools_set_filename_by_wd(wd, buried); // copies it
    free(buried);
    return 1;
}

// statfs's f_type (the file system's magic number) for `path`, or -1 with errno set. inotify
// only sees changes made through this kernel, so the watcher asks this before trusting it. Here
// because Swift's Glibc module leaves out <sys/vfs.h>.
static inline long long hf_inotify_file_system_magic(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long long) (unsigned int) info.f_type;
}
#endif
