-- The latest result of every survey indicator for a place: each from the place itself or, where it
-- has none in the years, from its nearest ancestor that has one; the latest year there, for everybody
-- (gender 'T'; grade 'alla', else åk 9, else gy 2). Suppression as in survey_series: `value` is NULL
-- with the reason in `suppressed` when the source hid it, it is missing or fewer than $min_n answered.
-- Params: $places (list: the place and its ancestors, nearest first, as place_lineage gives them),
-- $year_from, $year_to, $min_n, $indicators (list of '<survey>:<indicator_id>'; empty = every
-- indicator, by survey label and the indicators' order; else only those, in the list's order).
-- Returns: survey, survey_label, publisher, indicator_id, label, unit, higher_is_better, theme,
-- place_id, place_name, depth (0 = the place itself), year, grade, value, suppressed, n_respondents,
-- is_demo; one row per indicator, by survey and the indicators' order.
WITH latest AS (
    SELECT r.*, list_position($places, r.place_id) - 1 AS depth
    FROM survey_results r
    WHERE list_contains($places, r.place_id) AND r.year BETWEEN $year_from AND $year_to AND r.gender = 'T'
      AND (len($indicators) = 0 OR list_contains($indicators, r.survey || ':' || r.indicator_id))
    QUALIFY row_number() OVER (
        PARTITION BY r.survey, r.indicator_id
        ORDER BY list_position($places, r.place_id), r.year DESC,
                 CASE r.grade WHEN 'alla' THEN 1 WHEN 'ak9' THEN 2 ELSE 3 END) = 1
)
SELECT x.survey, s.label AS survey_label, s.publisher, x.indicator_id, i.label, i.unit, i.higher_is_better,
       i.theme, x.place_id, p.name AS place_name, x.depth, x.year, x.grade,
       shown_value(x.value, x.flag, x.n_respondents, $min_n) AS value,
       suppressed_reason(x.value, x.flag, x.n_respondents, $min_n) AS suppressed,
       x.n_respondents, l.is_demo
FROM latest x
JOIN surveys s USING (survey)
JOIN survey_indicators i USING (survey, indicator_id)
JOIN places p ON p.place_id = x.place_id
JOIN import_log l ON l.import_id = x._import_id
ORDER BY list_position($indicators, x.survey || ':' || x.indicator_id), s.label, i.sort_order, i.label
