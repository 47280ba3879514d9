import Vips

/// Starts libvips for this process with the settings a long-running agent needs.
public enum ImageLibrary {
    /// Parallelism comes from photos in flight (`workers`), so each photo's libvips pipeline gets
    /// one thread, and malloc arenas are capped (like MALLOC_ARENA_MAX=2), which about halves
    /// peak memory with many threads decoding.
    public static func start() throws {
        try Vips.start(concurrency: 1, mallocArenas: 2)
    }
}
