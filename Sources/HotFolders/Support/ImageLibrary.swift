import Vips

/// Starts libvips for this process with the settings a long-running agent needs.
public enum ImageLibrary {
    public static func start() {
        // TODO(lead): Vips.start(...) once the Vips module lands.
    }
}
