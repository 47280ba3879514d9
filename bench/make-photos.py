#!/usr/bin/env python3
"""Sets EXIF Orientation on JPEGs by inserting a minimal Exif APP1 segment after SOI.

vips's command line cannot set metadata, and the benchmark needs some rotated photos to
time the autorotate path. Usage: make-photos.py ORIENTATION FILE...
"""
import struct
import sys


def exif_app1(orientation: int) -> bytes:
    # Big-endian TIFF header, IFD0 at offset 8 with one entry: 0x0112 SHORT 1 = orientation.
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def main() -> None:
    orientation = int(sys.argv[1])
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        assert data[:2] == b"\xff\xd8", f"{path} is not a JPEG"
        with open(path, "wb") as f:
            f.write(data[:2] + exif_app1(orientation) + data[2:])


if __name__ == "__main__":
    main()
