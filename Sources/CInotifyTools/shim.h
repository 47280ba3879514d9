// libinotifytools for the Inotify module (its only importer).
#ifndef HF_CINOTIFYTOOLS_SHIM_H
#define HF_CINOTIFYTOOLS_SHIM_H
#include <sys/inotify.h>
#include <inotifytools/inotifytools.h>
#endif
