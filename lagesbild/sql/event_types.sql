-- Event types with counts (not summaries) for the places and dates.
-- Params: $places (list), $date_from, $date_to. Returns: type, n.
SELECT type, count(*) AS n FROM police_events
WHERE list_contains($places, place_id) AND NOT is_summary
  AND coalesce(occurred_at, published_at)::DATE BETWEEN $date_from AND $date_to
GROUP BY type ORDER BY n DESC, type
