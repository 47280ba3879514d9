import GRDB

extension CatalogMigrations {
    /// "v2-metadata": what the metadata rule learnt of each photo, the places photographers set
    /// by hand, and Nominatim's answers by rounded position (issue 4).
    static func registerMetadata(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-metadata") { db in
            let utc = "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'"
            let local = "GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'"
            let sha256 = "length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'"
            // Spelled out, not taken from the Swift enums: a shipped migration never changes.
            let zodiac = "'aries', 'taurus', 'gemini', 'cancer', 'leo', 'virgo', 'libra', 'scorpio', "
                + "'sagittarius', 'capricorn', 'aquarius', 'pisces'"
            let origins = "'DateTimeOriginal', 'DateTimeDigitized', 'file-mtime'"
            let sources = "'offset', 'gps-zone', 'album', 'none', 'file'"
            let places = "'photo-override', 'album-override', 'gazetteer', 'nominatim'"
            try db.execute(sql: """
                -- One row per photo the metadata rule has read; rewritten when it reads the photo again.
                CREATE TABLE photo_metadata (
                    photo_id          INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
                    read              TEXT    NOT NULL CHECK (read \(utc)),
                    exif_source       TEXT    CHECK (exif_source IN ('jpeg', 'tiff', 'libvips')),
                    make              TEXT,
                    model             TEXT,
                    lens              TEXT,
                    iso               INTEGER CHECK (iso > 0),
                    f_number          REAL    CHECK (f_number > 0),
                    exposure_time     TEXT,
                    exposure_seconds  REAL    CHECK (exposure_seconds > 0),
                    focal_length      REAL    CHECK (focal_length > 0),
                    orientation       INTEGER CHECK (orientation BETWEEN 1 AND 8),
                    artist            TEXT,
                    copyright         TEXT,
                    description       TEXT,
                    -- a usable fix only: placeholders and out-of-range values are in notes instead
                    latitude          REAL    CHECK (latitude BETWEEN -90 AND 90 AND NOT (latitude = 0 AND longitude = 0)),
                    longitude         REAL    CHECK (longitude BETWEEN -180 AND 180),
                    altitude          REAL,
                    gps_time          TEXT    CHECK (gps_time \(utc)),
                    taken_from        TEXT    CHECK (taken_from IN (\(origins))),
                    -- as the camera stored it, before the album's clock_offset
                    camera_local      TEXT    CHECK (camera_local \(local) AND camera_local NOT GLOB '*Z'),
                    taken_local       TEXT    CHECK (taken_local \(local) AND taken_local NOT GLOB '*Z'),
                    taken_utc         TEXT    CHECK (taken_utc \(utc)),
                    utc_offset        INTEGER CHECK (utc_offset BETWEEN -86400 AND 86400),
                    time_zone         TEXT,
                    time_source       TEXT    CHECK (time_source IN (\(sources))),
                    clock_correction  INTEGER NOT NULL DEFAULT 0,
                    zodiac            TEXT    CHECK (zodiac IN (\(zodiac))),
                    place             TEXT    CHECK (length(place) > 0),
                    region            TEXT,
                    country           TEXT,
                    country_code      TEXT    CHECK (country_code GLOB '[A-Z][A-Z]'),
                    place_source      TEXT    CHECK (place_source IN (\(places))),
                    place_distance_km REAL    CHECK (place_distance_km >= 0),
                    place_latitude    REAL    CHECK (place_latitude BETWEEN -90 AND 90),
                    place_longitude   REAL    CHECK (place_longitude BETWEEN -180 AND 180),
                    place_attribution TEXT,
                    -- [{name, region, country_code, population, distance_km}], the chosen place first
                    place_candidates  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(place_candidates)),
                    -- [{field, text}]: why a value is absent, which fallback was used
                    notes             TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(notes)),
                    CHECK ((latitude IS NULL) = (longitude IS NULL)),
                    CHECK ((taken_local IS NULL) = (time_source IS NULL)),
                    CHECK ((taken_local IS NULL) = (taken_from IS NULL)),
                    CHECK ((taken_local IS NULL) = (zodiac IS NULL)),
                    CHECK ((time_source = 'none') = (taken_local IS NOT NULL AND taken_utc IS NULL)),
                    CHECK ((place IS NULL) = (place_source IS NULL))
                );
                CREATE INDEX photo_metadata_place ON photo_metadata(country_code, place);

                -- A place a photographer set for one photo (by content): no run overwrites it.
                CREATE TABLE place_override (
                    sha256       TEXT NOT NULL PRIMARY KEY CHECK (\(sha256)),
                    place        TEXT NOT NULL CHECK (length(place) > 0),
                    region       TEXT,
                    country      TEXT,
                    country_code TEXT CHECK (country_code GLOB '[A-Z][A-Z]'),
                    set_at       TEXT NOT NULL CHECK (set_at \(utc))
                ) WITHOUT ROWID;

                -- Nominatim's answers by position rounded to 3 decimals (about 100 m), so a
                -- series of photos in one place asks once; found = 0 keeps "nothing here" too.
                CREATE TABLE geocode_cache (
                    endpoint     TEXT    NOT NULL CHECK (length(endpoint) > 0),
                    language     TEXT    NOT NULL,
                    lat_key      INTEGER NOT NULL CHECK (lat_key BETWEEN -90000 AND 90000),
                    lon_key      INTEGER NOT NULL CHECK (lon_key BETWEEN -180000 AND 180000),
                    found        INTEGER NOT NULL CHECK (found IN (0, 1)),
                    place        TEXT,
                    region       TEXT,
                    country      TEXT,
                    country_code TEXT CHECK (country_code GLOB '[A-Z][A-Z]'),
                    latitude     REAL,
                    longitude    REAL,
                    attribution  TEXT,
                    -- the answer's JSON as it came
                    answer       TEXT    NOT NULL,
                    fetched      TEXT    NOT NULL CHECK (fetched \(utc)),
                    CHECK ((found = 1) = (place IS NOT NULL)),
                    PRIMARY KEY (endpoint, language, lat_key, lon_key)
                ) WITHOUT ROWID;
                """)
        }
    }
}
