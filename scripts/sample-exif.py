#!/usr/bin/env python3
"""Gives a generated sample JPEG the EXIF a phone would write: camera, capture time with its UTC
offset, and a GPS position, so `make run` shows what the metadata, rename and watermark rules do
with a real photo (a place name, a capture date, a zodiac sign) without shipping anyone's photos.

usage: sample-exif.py FILE.jpg LAT LON "YYYY:MM:DD HH:MM:SS" +HH:MM

Writes an APP1 Exif segment (little-endian TIFF: IFD0 -> Exif IFD, GPS IFD) right after SOI,
replacing any Exif segment the file had. Standard library only.
"""
import struct
import sys


def rational(value):
    return (int(round(value * 10000)), 10000)


def dms(degrees):
    degrees = abs(degrees)
    d = int(degrees)
    m = int((degrees - d) * 60)
    s = (degrees - d - m / 60) * 3600
    return [(d, 1), (m, 1), (int(round(s * 100)), 100)]


ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7


def ifd(entries, offset, next_ifd=0):
    """One IFD at `offset` (from the TIFF header): (tag, type, value) entries, sorted by tag.
    Returns its bytes, values that do not fit in 4 bytes stored after the entry table."""
    entries = sorted(entries, key=lambda e: e[0])
    table_size = 2 + 12 * len(entries) + 4
    data = b""
    table = struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        if kind == ASCII:
            raw, count = value.encode("ascii") + b"\0", len(value) + 1
        elif kind == UNDEFINED:
            raw, count = value, len(value)
        elif kind == SHORT:
            raw, count = struct.pack("<H", value), 1
        elif kind == LONG:
            raw, count = struct.pack("<I", value), 1
        elif kind == RATIONAL:
            values = value if isinstance(value, list) else [value]
            raw, count = b"".join(struct.pack("<II", n, d) for n, d in values), len(values)
        if len(raw) <= 4:
            field = raw.ljust(4, b"\0")
        else:
            field = struct.pack("<I", offset + table_size + len(data))
            data += raw + (b"\0" if len(raw) % 2 else b"")
        table += struct.pack("<HHI", tag, kind, count) + field
    table += struct.pack("<I", next_ifd)
    return table + data


def exif_segment(lat, lon, when, offset):
    header = b"II*\0" + struct.pack("<I", 8)
    # Sizes are computed in two passes: lay out with placeholder pointers, then for real.
    def build(exif_at, gps_at):
        ifd0 = ifd([(0x010F, ASCII, "hotfolders"), (0x0110, ASCII, "Sample Camera"),
                    (0x0112, SHORT, 1), (0x0132, ASCII, when),
                    (0x8769, LONG, exif_at), (0x8825, LONG, gps_at)], 8)
        exif = ifd([(0x9000, UNDEFINED, b"0232"), (0x9003, ASCII, when), (0x9004, ASCII, when),
                    (0x9011, ASCII, offset)], 8 + len(ifd0))
        gps = ifd([(0x0000, UNDEFINED, bytes([2, 3, 0, 0])),
                   (0x0001, ASCII, "N" if lat >= 0 else "S"), (0x0002, RATIONAL, dms(lat)),
                   (0x0003, ASCII, "E" if lon >= 0 else "W"), (0x0004, RATIONAL, dms(lon))],
                  8 + len(ifd0) + len(exif))
        return ifd0, exif, gps
    ifd0, exif, gps = build(0, 0)
    ifd0, exif, gps = build(8 + len(ifd0), 8 + len(ifd0) + len(exif))
    body = b"Exif\0\0" + header + ifd0 + exif + gps
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def main():
    path, lat, lon, when, offset = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
    data = open(path, "rb").read()
    if data[:2] != b"\xff\xd8":
        sys.exit(f"{path}: not a JPEG")
    rest = data[2:]
    # Drop an existing APP1 Exif segment, keep everything else as it is.
    if rest[:2] == b"\xff\xe1" and rest[4:10] == b"Exif\0\0":
        rest = rest[2 + struct.unpack(">H", rest[2:4])[0]:]
    with open(path + ".tmp", "wb") as out:
        out.write(b"\xff\xd8" + exif_segment(lat, lon, when, offset) + rest)
    import os
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
