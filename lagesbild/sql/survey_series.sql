-- One survey indicator per place, year, grade and gender. A value is only returned when it may be
-- shown: not hidden by the source (flag), not missing, and not from fewer than $min_n respondents;
-- otherwise `value` is NULL and `suppressed` says why. The hidden value never leaves this query.
-- Params: $survey, $indicator, $places (list), $year_from, $year_to, $min_n.
-- Returns: place_id, name, level, year, grade, gender, value, suppressed, unit, n_respondents, is_demo.
SELECT r.place_id, p.name, p.level, r.year, r.grade, r.gender,
       shown_value(r.value, r.flag, r.n_respondents, $min_n) AS value,
       suppressed_reason(r.value, r.flag, r.n_respondents, $min_n) AS suppressed,
       r.unit, r.n_respondents, l.is_demo
FROM survey_results r
JOIN places p USING (place_id)
JOIN import_log l ON l.import_id = r._import_id
WHERE r.survey = $survey AND r.indicator_id = $indicator AND list_contains($places, r.place_id)
  AND r.year BETWEEN $year_from AND $year_to
ORDER BY p.name, r.year, r.grade, r.gender
