-- The kinds and organisations with patrols or walks in the places and dates, for the filters and the
-- empty state (not filtered by kind or organisation). A pass belongs to the day it started.
-- Params: $places (list), $date_from, $date_to (DATE, inclusive).
-- Returns: kind, label, sort_order, organisation, passes, first_start, last_start, is_demo.
SELECT x.kind, k.label, k.sort_order, x.organisation, count(*) AS passes,
       min(x.started_at) AS first_start, max(x.started_at) AS last_start, bool_or(x.is_demo) AS is_demo
FROM chosen_patrols($places, $date_from, $date_to, []::VARCHAR[], []::VARCHAR[]) x
JOIN patrol_kinds k USING (kind)
GROUP BY ALL
ORDER BY k.sort_order, x.organisation
