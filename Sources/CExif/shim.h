// libexif headers for the Exif module (its only importer). Prefix for wrappers: hf_exif_.
#ifndef HF_CEXIF_SHIM_H
#define HF_CEXIF_SHIM_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libexif/exif-data.h>
#include <libexif/exif-loader.h>
#include <libexif/exif-log.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-tag.h>

// libexif reports what it finds wrong through an ExifLog callback that takes a printf format
// and a va_list, which Swift cannot format; this one collects the messages about corrupt data
// (libexif's own words), one per line, into a fixed buffer the Swift side reads. Debug chatter is dropped.
typedef struct {
    char text[1024];
    int count;
} hf_exif_messages;

static inline void hf_exif_collect(ExifLog *log, ExifLogCode code, const char *domain,
                                   const char *format, va_list args, void *data) {
    (void) log;
    hf_exif_messages *messages = (hf_exif_messages *) data;
    if (code != EXIF_LOG_CODE_CORRUPT_DATA && code != EXIF_LOG_CODE_NO_MEMORY) return;
    messages->count++;
    size_t used = strlen(messages->text);
    if (used + 4 >= sizeof(messages->text)) return;
    if (used > 0) { messages->text[used++] = '\n'; messages->text[used] = 0; }
    char line[256];
    vsnprintf(line, sizeof(line), format, args);
    snprintf(messages->text + used, sizeof(messages->text) - used, "%s: %s", domain ? domain : "libexif", line);
}

/// A log that appends to `messages`; unref it with exif_log_unref.
static inline ExifLog *hf_exif_log_new(hf_exif_messages *messages) {
    ExifLog *log = exif_log_new();
    if (log) exif_log_set_func(log, hf_exif_collect, messages);
    return log;
}

// `exif_data_get_entry` is a macro; ExifData's `ifd` array imports as a tuple.
static inline ExifEntry *hf_exif_entry(ExifData *data, ExifIfd ifd, ExifTag tag) {
    if (ifd < 0 || ifd >= EXIF_IFD_COUNT || !data->ifd[ifd]) return NULL;
    return exif_content_get_entry(data->ifd[ifd], tag);
}
static inline unsigned int hf_exif_entry_count(ExifData *data, ExifIfd ifd) {
    if (ifd < 0 || ifd >= EXIF_IFD_COUNT || !data->ifd[ifd]) return 0;
    return data->ifd[ifd]->count;
}
static inline ExifEntry *hf_exif_entry_at(ExifData *data, ExifIfd ifd, unsigned int index) {
    if (index >= hf_exif_entry_count(data, ifd)) return NULL;
    return data->ifd[ifd]->entries[index];
}
#endif
