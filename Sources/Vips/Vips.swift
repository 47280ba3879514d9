import CVips

/// Process-wide libvips set-up, and the vocabulary (formats, sizes, failure levels) shared by
/// the operations on `VipsImage`. Every operation starts libvips on first use, so calling
/// `start` is only needed to choose the thread count and the allocator limit.
public enum Vips {
    /// libvips's version, e.g. "8.14.1".
    public static var version: String {
        String(cString: vips_version_string())
    }

    /// Starts libvips (once; later calls only change the settings) and sets how many threads
    /// each image pipeline may use. Parallelism is better spent on photos in flight than on
    /// threads per image (an extra vips thread buys about 14 % on two cores), so an agent
    /// running several photos at once passes 1.
    ///
    /// - Parameter mallocArenas: caps glibc's malloc arenas for the whole process, like
    ///   `MALLOC_ARENA_MAX`; with libvips worker threads this roughly halves peak memory. nil
    ///   leaves the allocator alone.
    public static func start(concurrency: Int, mallocArenas: Int? = nil) throws {
        try ensureStarted()
        if let mallocArenas, mallocArenas > 0 {
            _ = hf_set_malloc_arena_max(Int32(clamping: mallocArenas))
        }
        vips_concurrency_set(Int32(clamping: max(1, concurrency)))
    }

    /// Runs `vips_init` exactly once per process (a Swift `static let` is initialised once,
    /// thread-safely); every later call is free.
    static func ensureStarted() throws {
        try started.get()
    }

    private static let started: Result<Void, VipsError> = {
        guard hf_vips_init("hotfolders") == 0 else {
            return .failure(VipsError.take(operation: "vips_init"))
        }
        // A long-running process must not cache: the operation cache keeps decoded images
        // (and open files) alive long after the photo has gone.
        vips_cache_set_max(0)
        hf_vips_silence_warnings()
        return .success(())
    }()
}
