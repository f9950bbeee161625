-- 008: the one definition of "the patrols a page asks for", shared by every patrol query.
-- A pass belongs to the places it was logged at and to the day it started; empty kind and
-- organisation lists mean all. Adds the pass's length in hours and whether it is demo data.
CREATE MACRO chosen_patrols(places, date_from, date_to, kinds, organisations) AS TABLE
    SELECT x.*, date_diff('second', x.started_at, x.ended_at) / 3600.0 AS hours, l.is_demo
    FROM patrols x
    JOIN import_log l ON l.import_id = x._import_id
    WHERE list_contains(places, x.place_id)
      AND x.started_at::DATE BETWEEN date_from AND date_to
      AND (len(kinds) = 0 OR list_contains(kinds, x.kind))
      AND (len(organisations) = 0 OR list_contains(organisations, x.organisation));
