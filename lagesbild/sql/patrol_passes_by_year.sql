-- Passes (walks, patrols) per year and kind, with the participants where the log counted them: the
-- average is over the passes with a count only (a pass without a count is not a pass with 0 people).
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all).
-- Returns: year, kind, label, sort_order, passes, passes_with_count, participants (sum, NULL when no
-- pass has a count), avg_participants (NULL likewise), hours, is_demo.
SELECT year(x.started_at) AS year, x.kind, k.label, k.sort_order, count(*) AS passes,
       count(x.participants) AS passes_with_count, sum(x.participants) AS participants,
       avg(x.participants) AS avg_participants,
       sum(x.hours) AS hours, bool_or(x.is_demo) AS is_demo
FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
JOIN patrol_kinds k USING (kind)
GROUP BY ALL
ORDER BY year, k.sort_order
