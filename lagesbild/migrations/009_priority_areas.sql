-- 009: priority areas (fokusområden / prioriterade samverkansområden), their places and indicators,
-- the action plan's activities and its glossary, and the editors' free text per place.

-- A plan: "Handlingsplan för samverkan mellan Danderyds kommun och polisen 2017-05-01 till 2018-04-30".
CREATE TABLE action_plans (
    plan_id      VARCHAR PRIMARY KEY,      -- slug of owner and title, e.g. 'danderyd-handlingsplan-2017-2018'
    title        VARCHAR NOT NULL,
    place_id     VARCHAR NOT NULL,         -- the kommun or stadsdelsområde the plan is for
    valid_from   DATE,
    valid_to     DATE,
    _import_id   BIGINT                    -- NULL for areas created in the app
);

CREATE TABLE priority_areas (
    area_id      VARCHAR PRIMARY KEY,      -- plan_id || '/' || slug(name)
    plan_id      VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,         -- "Minska inbrott och bildelsstölder"
    goal         VARCHAR,                  -- "Mål": what should be reached
    description  VARCHAR,
    sort_order   INTEGER NOT NULL,
    _import_id   BIGINT
);

CREATE TABLE priority_area_places (
    area_id      VARCHAR NOT NULL,
    place_id     VARCHAR NOT NULL,
    _import_id   BIGINT,
    PRIMARY KEY (area_id, place_id)
);

-- What follows an area up. source: 'crime' (indicator_ref = crime_categories.category_id),
-- 'events' (a police event type), 'survey' ('<survey>:<indicator_id>'), 'patrols' (a patrol kind,
-- or '' for all presence). place_id NULL = the plan's place and the area's places.
CREATE TABLE priority_area_indicators (
    area_id       VARCHAR NOT NULL,
    source        VARCHAR NOT NULL CHECK (source IN ('crime', 'events', 'survey', 'patrols')),
    indicator_ref VARCHAR NOT NULL,
    place_id      VARCHAR,
    baseline_year INTEGER,
    target        VARCHAR,                 -- as written: "minska", "under 20 %", "öka till 40 %"
    sort_order    INTEGER NOT NULL,
    _import_id    BIGINT
);

CREATE TABLE actions (
    action_id      VARCHAR PRIMARY KEY,    -- area_id || '#' || the activity's number within the area
    area_id        VARCHAR NOT NULL,
    activity       VARCHAR NOT NULL,       -- "Aktivitet" / "Åtgärd" / "Insats"
    implementation VARCHAR,                -- "Genomförande"
    responsible    VARCHAR,                -- "Ansvarig", abbreviations as written (see glossary)
    due_text       VARCHAR,                -- as written: "2017 -12-31, löpande", "T2 2020"
    due_date       DATE,                   -- read from due_text when it names a date or a period end
    ongoing        BOOLEAN NOT NULL DEFAULT false,   -- "löpande", "pågår", "kontinuerligt"
    status         VARCHAR CHECK (status IN ('genomford', 'paborjad', 'pagar', 'ej_genomford')),
    status_text    VARCHAR,                -- the text the status was read from
    result         VARCHAR,                -- "Resultat" / "Uppföljning"
    sort_order     INTEGER NOT NULL,
    _import_id     BIGINT
);

CREATE TABLE glossary (
    plan_id      VARCHAR NOT NULL,
    abbreviation VARCHAR NOT NULL,         -- "KLK"
    meaning      VARCHAR NOT NULL,         -- "Kommunledningskontoret"
    _import_id   BIGINT,
    PRIMARY KEY (plan_id, abbreviation)
);

-- "Annan information" on the overview: free text editors write per place. Every save is a new
-- version; the newest is shown, and undo removes the newest.
CREATE TABLE place_notes (
    place_id     VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,         -- '' when an editor cleared it
    updated_by   VARCHAR,
    updated_at   TIMESTAMP NOT NULL
);

-- Earlier versions of areas, kept so that undoing a `fokusomraden` import (a file or an edit in the
-- app) brings them back. An import writes an area as a whole (the row, its places and indicators);
-- the version it replaced moves here with `_replaced_by` = that import.
CREATE TABLE priority_areas_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM priority_areas LIMIT 0;
CREATE TABLE priority_area_places_replaced AS
    SELECT *, NULL::BIGINT AS _replaced_by FROM priority_area_places LIMIT 0;
CREATE TABLE priority_area_indicators_replaced AS
    SELECT *, NULL::BIGINT AS _replaced_by FROM priority_area_indicators LIMIT 0;

-- The places an indicator is followed for: its own place, or (place_id NULL) the area's places and
-- the plan's place. Police events have only a kommun or län as place, so an event indicator is
-- followed for the nearest kommun (or län) of each such place, once. `explicit`: the indicator
-- names the place; `is_plan_place`: the plan's own place (shown even when there are no figures).
CREATE MACRO priority_targets(plan) AS TABLE
WITH RECURSIVE ind AS (
    SELECT i.area_id, i.sort_order, i.source, i.indicator_ref, i.place_id, a.plan_id
    FROM priority_area_indicators i JOIN priority_areas a USING (area_id)
    WHERE a.plan_id = plan
),
raw AS (
    SELECT area_id, sort_order AS indicator_no, source, indicator_ref, place_id AS target_id, true AS explicit
    FROM ind WHERE place_id IS NOT NULL
    UNION ALL
    SELECT i.area_id, i.sort_order, i.source, i.indicator_ref, ap.place_id, false
    FROM ind i JOIN priority_area_places ap USING (area_id) WHERE i.place_id IS NULL
    UNION ALL
    SELECT i.area_id, i.sort_order, i.source, i.indicator_ref, pl.place_id, false
    FROM ind i JOIN action_plans pl USING (plan_id) WHERE i.place_id IS NULL
),
lineage AS (
    SELECT p.place_id AS target_id, p.place_id, p.level, p.parent_id, 0 AS depth
    FROM places p WHERE p.place_id IN (SELECT target_id FROM raw WHERE source = 'events')
    UNION ALL
    SELECT l.target_id, p.place_id, p.level, p.parent_id, l.depth + 1
    FROM lineage l JOIN places p ON p.place_id = l.parent_id
),
event_home AS (
    SELECT target_id, arg_min(place_id, depth) AS home
    FROM lineage WHERE level IN ('kommun', 'lan', 'riket') GROUP BY target_id
)
SELECT r.area_id, r.indicator_no, r.source, r.indicator_ref,
       CASE WHEN r.source = 'events' THEN coalesce(h.home, r.target_id) ELSE r.target_id END AS place_id,
       bool_or(r.explicit) AS explicit,
       bool_or(r.target_id = (SELECT pl.place_id FROM action_plans pl WHERE pl.plan_id = plan)) AS is_plan_place
FROM raw r LEFT JOIN event_home h ON h.target_id = r.target_id AND r.source = 'events'
GROUP BY ALL;

-- A corrected action plan (kind `handlingsplan`, same plan_id) replaces the plan's rows; the version
-- it replaced is kept here (and its areas in priority_areas_replaced) so that undoing the correction
-- brings it back (loaders/action_plan.py).
CREATE TABLE action_plans_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM action_plans LIMIT 0;
CREATE TABLE actions_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM actions LIMIT 0;
CREATE TABLE glossary_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM glossary LIMIT 0;
