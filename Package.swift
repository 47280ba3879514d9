// swift-tools-version:6.0
import PackageDescription

// Each C library is a system-library target whose only importer is one thin Swift module:
// CVips -> Vips, CExif -> Exif, CCurl -> Curl, CInotifyTools -> Inotify. SQLite comes in
// through GRDB's own GRDBSQLite system target (system libsqlite3), so it has no target here.
// Variadic C calls (vips_thumbnail, the savers, curl_easy_setopt) are reached through
// fixed-argument `static inline` wrappers in each target's shim.h, as GRDB does for SQLite.
let package = Package(
    name: "hotfolders",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hotfolders", targets: ["hotfolders"]),
        .library(name: "HotFolders", targets: ["HotFolders"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CInotifyTools", providers: [.apt(["libinotifytools0-dev"])]),

        .target(name: "Vips", dependencies: ["CVips"]),
        .target(name: "Exif", dependencies: ["CExif"]),
        .target(name: "Curl", dependencies: ["CCurl"]),
        .target(name: "Inotify", dependencies: ["CInotifyTools"]),

        .target(
            name: "HotFolders",
            dependencies: [
                "Vips", "Exif", "Curl", "Inotify",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            // The offline gazetteer (scripts/build-gazetteer.py), copied beside the binary.
            resources: [.copy("Resources/gazetteer.bin")]
        ),
        .executableTarget(
            name: "hotfolders",
            dependencies: [
                "HotFolders",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HotFoldersTests",
            dependencies: ["HotFolders", "Vips", "Exif", "Curl", "hotfolders"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
