-- What the database holds, for banners and empty states.
-- Params: none. Returns one row.
SELECT
    (SELECT count(*) FROM crime_counts) AS crime_rows,
    (SELECT count(*) FROM police_events) AS event_rows,
    (SELECT count(*) FROM population) AS population_rows,
    (SELECT count(*) FROM import_log WHERE status = 'ok') AS imports,
    (SELECT count(*) FROM import_log WHERE status = 'ok' AND is_demo) AS demo_imports,
    (SELECT max(finished_at) FROM import_log WHERE status = 'ok') AS last_import,
    (SELECT min(year) FROM (SELECT year FROM crime_counts WHERE source <> 'kolada'
                            UNION ALL SELECT year FROM survey_results
                            UNION ALL SELECT min(year(started_at)) FROM patrols)) AS first_year,
    (SELECT max(year) FROM (SELECT year FROM crime_counts WHERE source <> 'kolada'
                            UNION ALL SELECT year FROM survey_results
                            UNION ALL SELECT max(year(started_at)) FROM patrols)) AS last_year,
    (SELECT count(*) FROM survey_results) AS survey_rows,
    (SELECT min(published_at) FROM police_events) AS first_event,
    (SELECT max(published_at) FROM police_events) AS last_event,
    (SELECT count(*) FROM patrols) AS patrol_rows
