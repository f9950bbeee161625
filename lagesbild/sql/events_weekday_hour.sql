-- Published events (not summaries) with a known incident time, per weekday (1 = Monday) and hour.
-- Params: $places (list), $date_from, $date_to, $types (list; empty = all). Returns: weekday, hour, n.
SELECT isodow(occurred_at) AS weekday, hour(occurred_at) AS hour, count(*) AS n
FROM police_events
WHERE list_contains($places, place_id) AND NOT is_summary AND occurred_at IS NOT NULL
  AND occurred_at::DATE BETWEEN $date_from AND $date_to
  AND (len($types) = 0 OR list_contains($types, type))
GROUP BY ALL
ORDER BY weekday, hour
