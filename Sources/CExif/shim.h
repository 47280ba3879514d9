// libexif headers for the Exif module (its only importer). Prefix for wrappers: hf_exif_.
#ifndef HF_CEXIF_SHIM_H
#define HF_CEXIF_SHIM_H
#include <libexif/exif-data.h>
#include <libexif/exif-loader.h>
#include <libexif/exif-utils.h>
#include <libexif/exif-tag.h>
#endif
