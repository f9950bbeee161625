-- 006: patrol and walk logs (polis, ordningsvakter, väktare, föräldra- and nattvandringar …).

CREATE TABLE patrol_kinds (
    kind        VARCHAR PRIMARY KEY,        -- polis | ordningsvakt | vaktare | foraldravandring | nattvandring | faltassistent | grannsamverkan | annan
    label       VARCHAR NOT NULL,           -- "Polis", "Föräldravandring" …
    sort_order  INTEGER NOT NULL
);

-- Free text in logs ("Kommunpolis", "Securitas", "Nattvandrare") -> kind. Shipped rows have no
-- _import_id; rows added by an import (the user's own spellings) go with it on undo.
CREATE TABLE patrol_kind_aliases (
    alias       VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    alias_key   VARCHAR PRIMARY KEY,        -- names.name_key(alias)
    _import_id  BIGINT
);

CREATE TABLE patrols (
    patrol_id       VARCHAR NOT NULL,       -- md5 of kind, organisation, place and start: stable across imports
    kind            VARCHAR NOT NULL,
    organisation    VARCHAR NOT NULL,       -- as written in the log ("Securitas"); the kind's label when the log has none
    kind_label      VARCHAR NOT NULL,       -- the text the kind was read from
    place_id        VARCHAR NOT NULL,
    location_name   VARCHAR NOT NULL,       -- the place as written in the log
    started_at      TIMESTAMP NOT NULL,     -- local wall time
    ended_at        TIMESTAMP NOT NULL,     -- after started_at; the next day when the log's end is before its start
    participants    INTEGER,                -- people on the patrol or walk; NULL when the log does not say
    notes           VARCHAR,                -- free text with personnummer, phone numbers, e-mail and regnr masked; NULL when dropped
    obs_youths      INTEGER,                -- observations, where the log counts them: young people met
    obs_intoxicated INTEGER,                -- berusade
    obs_vandalism   INTEGER,                -- skadegörelse/klotter
    obs_fires       INTEGER,                -- bränder
    obs_fights      INTEGER,                -- bråk/slagsmål
    obs_police_contacted INTEGER,           -- times the police were contacted (Ja = 1)
    _import_id      BIGINT NOT NULL
);

CREATE TABLE patrols_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM patrols LIMIT 0;
