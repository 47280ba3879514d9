// Fixed-argument wrappers for libvips. Swift cannot call C variadic functions, and GLib's
// cast macros (VIPS_IMAGE, G_OBJECT) do not import, so every call the Vips module needs
// that takes optional `name, value, ..., NULL` arguments gets a `static inline` twin here.
// Prefix: hf_vips_. Only the Vips Swift module imports this.
#ifndef HF_CVIPS_SHIM_H
#define HF_CVIPS_SHIM_H
#include <vips/vips.h>

static inline void hf_vips_unref(VipsImage *image) { g_object_unref(image); }

#endif
