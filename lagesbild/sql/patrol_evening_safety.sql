-- The evening-safety questions of the surveys, each for the place or its nearest ancestor that has a
-- result in the years: the latest year there, for everybody (gender 'T'; grade 'alla', else åk 9,
-- else gy 2). Suppression as in survey_series: `value` is NULL with the reason in `suppressed` when
-- the source hid it, it is missing or fewer than $min_n answered.
-- Params: $place_id, $year_from, $year_to, $min_n.
-- Returns: survey, survey_label, publisher, indicator_id, label, unit, higher_is_better, place_id,
-- place_name, depth (0 = the place itself), year, grade, value, suppressed, n_respondents, is_demo;
-- one row per survey that has one, in the order below.
WITH RECURSIVE up(place_id, depth) AS (
    SELECT $place_id, 0
    UNION ALL
    SELECT p.parent_id, up.depth + 1 FROM up JOIN places p ON p.place_id = up.place_id
    WHERE p.parent_id IS NOT NULL
),
wanted(survey, indicator_id, preference) AS (
    VALUES ('trygghetsmatning_polis', 'trygg_kvall', 1), ('trygghetsmatning_stad', 'trygg_kvall', 2),
           ('ntu', 'otrygghet_sen_kvall', 3), ('stockholmsenkaten', 'otrygg_ute_kvall', 4)
),
nearest AS (
    SELECT r.*, up.depth, w.preference
    FROM survey_results r
    JOIN up USING (place_id)
    JOIN wanted w USING (survey, indicator_id)
    WHERE r.year BETWEEN $year_from AND $year_to AND r.gender = 'T'
    QUALIFY row_number() OVER (PARTITION BY r.survey, r.indicator_id
                               ORDER BY up.depth, r.year DESC,
                                        CASE r.grade WHEN 'alla' THEN 1 WHEN 'ak9' THEN 2 ELSE 3 END) = 1
)
SELECT n.survey, s.label AS survey_label, s.publisher, n.indicator_id, i.label, i.unit, i.higher_is_better,
       n.place_id, p.name AS place_name, n.depth, n.year, n.grade,
       CASE WHEN n.flag IS NULL AND n.value IS NOT NULL
                 AND (n.n_respondents IS NULL OR n.n_respondents >= $min_n) THEN n.value END AS value,
       CASE WHEN n.flag IS NOT NULL THEN n.flag
            WHEN n.value IS NULL THEN '..'
            WHEN n.n_respondents < $min_n THEN 'n<' || $min_n END AS suppressed,
       n.n_respondents, l.is_demo
FROM nearest n
JOIN surveys s USING (survey)
JOIN survey_indicators i USING (survey, indicator_id)
JOIN places p ON p.place_id = n.place_id
JOIN import_log l ON l.import_id = n._import_id
ORDER BY n.preference
