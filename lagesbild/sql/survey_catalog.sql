-- Surveys and indicators that have results, for the pickers on the Trygghet page.
-- Params: none. Returns: survey, survey_label, publisher, population, indicator_id, label, unit,
-- higher_is_better, theme, question_text, n_rows, first_year, last_year, sort_order.
SELECT s.survey, s.label AS survey_label, s.publisher, s.population, i.indicator_id, i.label, i.unit,
       i.higher_is_better, i.theme, i.question_text, count(*) AS n_rows,
       min(r.year) AS first_year, max(r.year) AS last_year, any_value(i.sort_order) AS sort_order
FROM survey_results r
JOIN survey_indicators i USING (survey, indicator_id)
JOIN surveys s USING (survey)
GROUP BY ALL
ORDER BY s.survey, sort_order, i.label
