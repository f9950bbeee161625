-- Everything an indicator can follow, for the editor's picker: crime categories, survey questions,
-- Polisens event types in the database and the kinds of presence ('' = all types).
-- Params: none. Returns: source, indicator_ref, source_label, label, option_label (what the picker
-- shows: '<source_label>: <label>'), sort_order.
WITH options AS (
    SELECT 'crime' AS source, category_id AS indicator_ref, 'Anmälda brott' AS source_label, label,
           1 AS source_order, sort_order
    FROM crime_categories
    UNION ALL
    SELECT 'survey', i.survey || ':' || i.indicator_id, 'Enkät', s.label || ': ' || i.label, 2, i.sort_order
    FROM survey_indicators i JOIN surveys s USING (survey)
    UNION ALL
    SELECT 'events', '', 'Polisens händelser', 'Alla typer', 3, 0
    UNION ALL
    SELECT 'events', type, 'Polisens händelser', type, 3, 1
    FROM (SELECT DISTINCT type FROM police_events WHERE NOT is_summary)
    UNION ALL
    SELECT 'patrols', '', 'Närvaro', 'Alla typer', 4, 0
    UNION ALL
    SELECT 'patrols', kind, 'Närvaro', label, 4, sort_order FROM patrol_kinds
)
SELECT source, indicator_ref, source_label, label, source_label || ': ' || label AS option_label,
       row_number() OVER (ORDER BY source_order, sort_order, label) AS sort_order
FROM options
ORDER BY sort_order
