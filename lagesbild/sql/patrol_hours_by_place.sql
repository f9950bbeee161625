-- Hours of presence and number of passes per place and kind for the whole period, with who did them.
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all).
-- Returns: place_id, place_name, kind, label, sort_order, organisations (', '-separated, sorted),
-- passes, hours, is_demo.
SELECT x.place_id, p.name AS place_name, x.kind, k.label, k.sort_order,
       string_agg(DISTINCT x.organisation, ', ' ORDER BY x.organisation) AS organisations,
       count(*) AS passes, sum(x.hours) AS hours, bool_or(x.is_demo) AS is_demo
FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
JOIN places p USING (place_id)
JOIN patrol_kinds k USING (kind)
GROUP BY x.place_id, p.name, x.kind, k.label, k.sort_order
ORDER BY p.name, k.sort_order
