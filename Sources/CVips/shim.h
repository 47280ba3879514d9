// Fixed-argument wrappers for libvips. Swift cannot call C variadic functions, and GLib's
// cast macros (VIPS_IMAGE, G_OBJECT) do not import, so every call the Vips module needs
// that takes optional `name, value, ..., NULL` arguments gets a `static inline` twin here.
// Prefix: hf_vips_. Only the Vips Swift module imports this.
//
// Written against libvips 8.14 (Debian 12): savers take `strip`, not the later `keep`.
#ifndef HF_CVIPS_SHIM_H
#define HF_CVIPS_SHIM_H
#include <vips/vips.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static inline void hf_vips_unref(VipsImage *image) { g_object_unref(image); }
static inline void hf_vips_ref(VipsImage *image) { g_object_ref(image); }
static inline void hf_g_free(void *pointer) { g_free(pointer); }

// VIPS_INIT is a macro that also checks the ABI of the headers against the library.
static inline int hf_vips_init(const char *argv0) { return VIPS_INIT(argv0); }

// libvips reports every problem twice: in its error buffer (which the Vips module reads and
// turns into Swift errors) and as a GLib warning on stderr. A long-running agent must not
// print, so the warnings are dropped; this is what libvips itself does when $VIPS_WARNING is set.
static inline void hf_vips_drop_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user) {
    (void) domain; (void) level; (void) message; (void) user;
}
static inline void hf_vips_silence_warnings(void) {
    g_log_set_handler("VIPS", (GLogLevelFlags) (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE), hf_vips_drop_log, NULL);
}

// glibc gives every thread that contends for malloc its own arena; libvips worker threads then
// hold on to freed pixel buffers in many arenas and peak RSS roughly doubles. Same effect as
// MALLOC_ARENA_MAX, settable from inside the process. Returns 0 where it is not supported.
static inline int hf_set_malloc_arena_max(int arenas) {
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, arenas);
#else
    (void) arenas;
    return 0;
#endif
}

// MARK: - Enum names (the G_TYPE_* macros do not import)

static inline const char *hf_vips_interpretation_nick(VipsInterpretation value) {
    return vips_enum_nick(VIPS_TYPE_INTERPRETATION, value);
}
static inline const char *hf_vips_band_format_nick(VipsBandFormat value) {
    return vips_enum_nick(VIPS_TYPE_BAND_FORMAT, value);
}

// MARK: - Loading

// Opens the file lazily: only the header is read, no pixel is decoded until one is asked for.
static inline VipsImage *hf_vips_open_header(const char *filename) {
    return vips_image_new_from_file(filename, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}
static inline VipsImage *hf_vips_open(const char *filename, VipsFailOn fail_on) {
    return vips_image_new_from_file(filename, "fail_on", fail_on, NULL);
}
// libvips does not copy `buffer`: the caller keeps it alive for as long as the image is read.
static inline VipsImage *hf_vips_open_buffer(const void *buffer, size_t length) {
    return vips_image_new_from_buffer(buffer, length, "", NULL);
}

// Profiles are optional named arguments; passing NULL for one could end the argument list
// early, so only the ones given are passed.
static inline int hf_vips_thumbnail(const char *filename, VipsImage **out, int width, int height,
                                    VipsSize size, gboolean no_rotate, VipsFailOn fail_on,
                                    const char *import_profile, const char *export_profile) {
    if (import_profile && export_profile)
        return vips_thumbnail(filename, out, width, "height", height, "size", size,
                              "no_rotate", no_rotate, "fail_on", fail_on,
                              "import_profile", import_profile, "export_profile", export_profile, NULL);
    if (export_profile)
        return vips_thumbnail(filename, out, width, "height", height, "size", size,
                              "no_rotate", no_rotate, "fail_on", fail_on,
                              "export_profile", export_profile, NULL);
    if (import_profile)
        return vips_thumbnail(filename, out, width, "height", height, "size", size,
                              "no_rotate", no_rotate, "fail_on", fail_on,
                              "import_profile", import_profile, NULL);
    return vips_thumbnail(filename, out, width, "height", height, "size", size,
                          "no_rotate", no_rotate, "fail_on", fail_on, NULL);
}

// MARK: - Saving to memory (the result is g_malloc'd: free with hf_g_free)

static inline int hf_vips_webpsave_buffer(VipsImage *in, void **buf, size_t *len,
                                          int quality, int effort, gboolean strip) {
    return vips_webpsave_buffer(in, buf, len, "Q", quality, "effort", effort, "strip", strip, NULL);
}
static inline int hf_vips_jpegsave_buffer(VipsImage *in, void **buf, size_t *len,
                                          int quality, gboolean optimize_coding, gboolean strip) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "optimize_coding", optimize_coding,
                                "strip", strip, NULL);
}
// AVIF is HEIF with AV1 inside. bitdepth is given because libvips 8.14 may default to 12 bits,
// which some browsers do not show.
static inline int hf_vips_avifsave_buffer(VipsImage *in, void **buf, size_t *len,
                                          int quality, int effort, int bitdepth, gboolean strip) {
    return vips_heifsave_buffer(in, buf, len, "Q", quality, "effort", effort,
                                "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
                                "bitdepth", bitdepth, "strip", strip, NULL);
}
static inline int hf_vips_pngsave_buffer(VipsImage *in, void **buf, size_t *len,
                                         int compression, gboolean strip) {
    return vips_pngsave_buffer(in, buf, len, "compression", compression, "strip", strip, NULL);
}

// MARK: - Operations

static inline int hf_vips_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space,
                                      VipsInterpretation source_space) {
    return vips_colourspace(in, out, space, "source_space", source_space, NULL);
}
static inline int hf_vips_cast(VipsImage *in, VipsImage **out, VipsBandFormat format, gboolean shift) {
    return vips_cast(in, out, format, "shift", shift, NULL);
}
static inline int hf_vips_copy_interpretation(VipsImage *in, VipsImage **out, VipsInterpretation interpretation) {
    return vips_copy(in, out, "interpretation", interpretation, NULL);
}
static inline int hf_vips_copy(VipsImage *in, VipsImage **out) {
    return vips_copy(in, out, NULL);
}
static inline int hf_vips_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_extract_area(in, out, left, top, width, height, NULL);
}
static inline int hf_vips_extract_band(VipsImage *in, VipsImage **out, int band, int n) {
    return vips_extract_band(in, out, band, "n", n, NULL);
}
static inline int hf_vips_bandjoin(VipsImage **in, VipsImage **out, int n) {
    return vips_bandjoin(in, out, n, NULL);
}
static inline int hf_vips_flatten(VipsImage *in, VipsImage **out, const double *background, int n) {
    VipsArrayDouble *array = vips_array_double_new(background, n);
    int result = vips_flatten(in, out, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}
static inline int hf_vips_autorot(VipsImage *in, VipsImage **out) {
    return vips_autorot(in, out, NULL);
}
static inline int hf_vips_resize(VipsImage *in, VipsImage **out, double scale, double vscale) {
    return vips_resize(in, out, scale, "vscale", vscale, NULL);
}
static inline int hf_vips_linear1(VipsImage *in, VipsImage **out, double a, double b) {
    return vips_linear1(in, out, a, b, NULL);
}
static inline int hf_vips_subtract(VipsImage *left, VipsImage *right, VipsImage **out) {
    return vips_subtract(left, right, out, NULL);
}
static inline int hf_vips_abs(VipsImage *in, VipsImage **out) { return vips_abs(in, out, NULL); }
static inline int hf_vips_avg(VipsImage *in, double *out) { return vips_avg(in, out, NULL); }
static inline int hf_vips_getpoint(VipsImage *in, double **vector, int *n, int x, int y) {
    return vips_getpoint(in, vector, n, x, y, NULL);
}

// MARK: - Generators (test images, benchmarks)

static inline int hf_vips_black(VipsImage **out, int width, int height, int bands) {
    return vips_black(out, width, height, "bands", bands, NULL);
}
static inline int hf_vips_xyz(VipsImage **out, int width, int height) {
    return vips_xyz(out, width, height, NULL);
}
static inline int hf_vips_gaussnoise(VipsImage **out, int width, int height, double mean, double sigma, int seed) {
    return vips_gaussnoise(out, width, height, "mean", mean, "sigma", sigma, "seed", seed, NULL);
}
static inline int hf_vips_perlin(VipsImage **out, int width, int height, int cell_size, int seed) {
    return vips_perlin(out, width, height, "cell_size", cell_size, "seed", seed, NULL);
}


// MARK: - Style looks (issue 6): per-band constants, lookup tables, blur, block averaging

// vips_linear with one constant per band; a one-band image with n constants becomes n bands.
static inline int hf_vips_linear(VipsImage *in, VipsImage **out, const double *a, const double *b, int n) {
    return vips_linear(in, out, a, b, n, NULL);
}
static inline int hf_vips_add(VipsImage *left, VipsImage *right, VipsImage **out) {
    return vips_add(left, right, out, NULL);
}
static inline int hf_vips_multiply(VipsImage *left, VipsImage *right, VipsImage **out) {
    return vips_multiply(left, right, out, NULL);
}
static inline int hf_vips_divide(VipsImage *left, VipsImage *right, VipsImage **out) {
    return vips_divide(left, right, out, NULL);
}
static inline int hf_vips_recomb(VipsImage *in, VipsImage **out, VipsImage *matrix) {
    return vips_recomb(in, out, matrix, NULL);
}
static inline int hf_vips_maplut(VipsImage *in, VipsImage **out, VipsImage *lut) {
    return vips_maplut(in, out, lut, NULL);
}
// Float precision: the integer default rounds a wide, faint blur into visible steps.
static inline int hf_vips_gaussblur(VipsImage *in, VipsImage **out, double sigma) {
    return vips_gaussblur(in, out, sigma, "precision", VIPS_PRECISION_FLOAT, NULL);
}
// Integer factors: each output pixel is the plain mean of one block of input pixels.
static inline int hf_vips_shrink(VipsImage *in, VipsImage **out, double hshrink, double vshrink) {
    return vips_shrink(in, out, hshrink, vshrink, NULL);
}
static inline int hf_vips_zoom(VipsImage *in, VipsImage **out, int xfac, int yfac) {
    return vips_zoom(in, out, xfac, yfac, NULL);
}
static inline int hf_vips_embed_copy(VipsImage *in, VipsImage **out, int x, int y, int width, int height) {
    return vips_embed(in, out, x, y, width, height, "extend", VIPS_EXTEND_COPY, NULL);
}


// MARK: - Watermark (issue 5): text, placing, blending, tiling, outlines

// vips_text renders Pango markup: a one-band 8-bit mask (antialiased ink 0-255), or with rgba
// an RGBA image in the markup's colours (colour emoji in their own). fontfile is optional:
// passing NULL for it would end the argument list early, so it is only passed when given.
static inline int hf_vips_text(VipsImage **out, const char *markup, const char *font, int width, int dpi,
                               VipsAlign align, VipsTextWrap wrap, gboolean rgba, const char *fontfile) {
    if (fontfile)
        return vips_text(out, markup, "font", font, "width", width, "dpi", dpi, "align", align,
                         "wrap", wrap, "rgba", rgba, "fontfile", fontfile, NULL);
    return vips_text(out, markup, "font", font, "width", width, "dpi", dpi, "align", align,
                     "wrap", wrap, "rgba", rgba, NULL);
}
static inline int hf_vips_embed(VipsImage *in, VipsImage **out, int x, int y, int width, int height, VipsExtend extend) {
    return vips_embed(in, out, x, y, width, height, "extend", extend, NULL);
}
static inline int hf_vips_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y) {
    return vips_insert(main, sub, out, x, y, NULL);
}
static inline int hf_vips_join(VipsImage *in1, VipsImage *in2, VipsImage **out, VipsDirection direction) {
    return vips_join(in1, in2, out, direction, NULL);
}
// blend: out = (cond * in1 + (255 - cond) * in2) / 255, in the format of in1 and in2 (8-bit
// stays 8-bit), a one-band cond applying to every band.
static inline int hf_vips_ifthenelse_blend(VipsImage *cond, VipsImage *in1, VipsImage *in2, VipsImage **out) {
    return vips_ifthenelse(cond, in1, in2, out, "blend", TRUE, NULL);
}
// Any angle, bilinear, new corners black; the output is the rotated image's bounding box.
static inline int hf_vips_rotate(VipsImage *in, VipsImage **out, double angle) {
    return vips_rotate(in, out, angle, NULL);
}
static inline int hf_vips_replicate(VipsImage *in, VipsImage **out, int across, int down) {
    return vips_replicate(in, out, across, down, NULL);
}
// index width * height - 1 is the window's maximum: a dilation by a square.
static inline int hf_vips_rank(VipsImage *in, VipsImage **out, int width, int height, int index) {
    return vips_rank(in, out, width, height, index, NULL);
}
// Per pixel, the largest value of n images of one size: the union of dilations.
static inline int hf_vips_bandrank_max(VipsImage **in, VipsImage **out, int n) {
    return vips_bandrank(in, out, n, "index", n - 1, NULL);
}
static inline int hf_vips_max(VipsImage *in, double *out) { return vips_max(in, out, NULL); }
// Scaling an image with transparency must average premultiplied colours, or the colour of
// fully transparent pixels bleeds into the edges. Both results are float.
static inline int hf_vips_premultiply(VipsImage *in, VipsImage **out) { return vips_premultiply(in, out, NULL); }
static inline int hf_vips_unpremultiply(VipsImage *in, VipsImage **out) { return vips_unpremultiply(in, out, NULL); }

#endif
