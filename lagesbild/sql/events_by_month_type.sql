-- Published events (not summaries) per month and type.
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $types (list; empty = all).
-- Returns: month (DATE), type, n, is_demo.
SELECT date_trunc('month', coalesce(e.occurred_at, e.published_at))::DATE AS month, e.type,
       count(*) AS n, bool_or(l.is_demo) AS is_demo
FROM police_events e JOIN import_log l ON l.import_id = e._import_id
WHERE list_contains($places, e.place_id) AND NOT e.is_summary
  AND coalesce(e.occurred_at, e.published_at)::DATE BETWEEN $date_from AND $date_to
  AND (len($types) = 0 OR list_contains($types, e.type))
GROUP BY ALL
ORDER BY month, type
