-- 001: the foundation tables. Documented in docs/schema.md. Columns are only ever appended.

CREATE SEQUENCE import_id_seq START 1;

-- One row per import that changed the database (rejected or unchanged imports leave no row).
CREATE TABLE import_log (
    import_id      BIGINT PRIMARY KEY,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    status         VARCHAR NOT NULL CHECK (status IN ('ok', 'undone')),
    rows_loaded    BIGINT NOT NULL,          -- rows written: added + replaced
    message        VARCHAR,                  -- Swedish summary, including notices
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    rows_added     BIGINT NOT NULL DEFAULT 0,
    rows_replaced  BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_skipped   BIGINT NOT NULL DEFAULT 0,
    imported_by    VARCHAR,
    is_demo        BOOLEAN NOT NULL DEFAULT false,
    undone_at      TIMESTAMP
);

CREATE TABLE places (
    place_id         VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    level            VARCHAR NOT NULL CHECK (level IN ('riket', 'lan', 'kommun', 'stadsdelsomrade', 'stadsdel', 'plats')),
    parent_id        VARCHAR,
    scb_code         VARCHAR,               -- kommun: 4 digits; län: 2 digits; riket: 00
    valid_from       DATE,                  -- NULL: existed before records start
    valid_to         DATE,                  -- NULL: still exists
    successor_id     VARCHAR,               -- the place that took over when this one ended
    former_parent_id VARCHAR,               -- stadsdel: its stadsdelsområde before the last merger
    sort_order       INTEGER,
    _import_id       BIGINT                 -- NULL for the shipped registry
);

CREATE TABLE place_aliases (
    alias      VARCHAR NOT NULL,            -- as the source spells it
    place_id   VARCHAR NOT NULL,
    alias_key  VARCHAR PRIMARY KEY,         -- lagesbild.names.name_key(alias)
    _import_id BIGINT
);

CREATE TABLE population (
    place_id   VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population BIGINT NOT NULL,
    _import_id BIGINT NOT NULL
);

CREATE TABLE crime_categories (
    category_id VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    parent_id   VARCHAR,
    bra_id      INTEGER,                    -- BRÅ SOL brottstyp id where known
    sort_order  INTEGER,
    is_main     BOOLEAN NOT NULL DEFAULT false,   -- shown as a small trend on Översikt
    _import_id  BIGINT                      -- set when an import added the category
);

CREATE TABLE crime_category_aliases (
    alias       VARCHAR NOT NULL,
    category_id VARCHAR NOT NULL,
    alias_key   VARCHAR PRIMARY KEY,
    _import_id  BIGINT
);

CREATE TABLE crime_counts (
    place_id      VARCHAR NOT NULL,
    category_id   VARCHAR NOT NULL,
    source_label  VARCHAR NOT NULL,         -- the crime label exactly as the source wrote it
    period_type   VARCHAR NOT NULL CHECK (period_type IN ('year', 'quarter', 'month')),
    year          INTEGER NOT NULL,
    period        INTEGER,                  -- month 1-12, quarter 1-4, NULL for years
    count         BIGINT,                   -- NULL when the source says '..' or gives no count
    rate_per_100k DOUBLE,                   -- as the source gave it; NULL when not given
    preliminary   BOOLEAN NOT NULL DEFAULT false,
    source        VARCHAR NOT NULL,         -- 'bra' | 'lokal' | 'kolada'
    _import_id    BIGINT NOT NULL,
    flag          VARCHAR                   -- '..' not available, '-' zero in the source, Kolada status
);

CREATE TABLE police_events (
    event_id      BIGINT NOT NULL,
    published_at  TIMESTAMP NOT NULL,       -- Swedish local time, as in `datetime`
    occurred_at   TIMESTAMP,                -- from the title; NULL when the title has no time
    type          VARCHAR NOT NULL,
    place_id      VARCHAR NOT NULL,
    location_name VARCHAR NOT NULL,
    summary       VARCHAR,
    url           VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    _import_id    BIGINT NOT NULL,
    name          VARCHAR NOT NULL,         -- the title as published
    is_summary    BOOLEAN NOT NULL          -- 'Sammanfattning …': stored, never counted
);

-- Rows displaced by a later import, kept so that undoing that import brings them back.
CREATE TABLE population_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM population LIMIT 0;
CREATE TABLE crime_counts_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM crime_counts LIMIT 0;
CREATE TABLE police_events_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM police_events LIMIT 0;

-- Known breaks in series: do not draw a continuous line from year-1 to year.
CREATE TABLE series_breaks (
    level       VARCHAR,                    -- applies to every place of this level ...
    place_id    VARCHAR,                    -- ... or to this place
    source      VARCHAR NOT NULL,
    year        INTEGER NOT NULL,           -- first year of the new series
    description VARCHAR NOT NULL
);
