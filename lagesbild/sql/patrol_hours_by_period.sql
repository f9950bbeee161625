-- Hours of presence and number of passes per week or month and kind. Hours are the length of each
-- pass (ended_at - started_at), counted in the week or month the pass started.
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all), $resolution ('week' | 'month').
-- Returns: period_start (DATE: the Monday or the 1st), kind, label, sort_order, passes, hours, is_demo.
SELECT date_trunc($resolution, x.started_at)::DATE AS period_start, x.kind, k.label, k.sort_order,
       count(*) AS passes, sum(x.hours) AS hours, bool_or(x.is_demo) AS is_demo
FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
JOIN patrol_kinds k USING (kind)
GROUP BY ALL
ORDER BY period_start, k.sort_order
