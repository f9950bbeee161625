-- Survey share indicators (unit 'andel') with results for everyone (gender 'T') in any of the
-- places, per year and grade: the choices of the map page. A row counts even when its value is
-- hidden (survey_series decides that), so a year where every area is hidden still shows as grey.
-- Params: $places (list).
-- Returns: survey, survey_label, publisher, population, indicator_id, label, higher_is_better, theme,
--          question_text, year, grade, n_places, sort_order.
SELECT s.survey, s.label AS survey_label, s.publisher, s.population, i.indicator_id, i.label,
       i.higher_is_better, i.theme, i.question_text, r.year, r.grade,
       count(DISTINCT r.place_id) AS n_places, any_value(i.sort_order) AS sort_order
FROM survey_results r
JOIN survey_indicators i USING (survey, indicator_id)
JOIN surveys s USING (survey)
WHERE list_contains($places, r.place_id) AND i.unit = 'andel' AND r.gender = 'T'
GROUP BY s.survey, s.label, s.publisher, s.population, i.indicator_id, i.label, i.higher_is_better, i.theme,
         i.question_text, r.year, r.grade
ORDER BY s.survey, sort_order, i.label, r.year, r.grade
