-- The latest published events, summaries included (marked).
-- Params: $places (list), $date_from, $date_to, $types (list; empty = all), $limit.
-- Returns: event_id, published_at, occurred_at, type, place_name, location_name, summary, url, is_summary.
SELECT e.event_id, e.published_at, e.occurred_at, e.type, p.name AS place_name, e.location_name,
       e.summary, e.url, e.is_summary
FROM police_events e JOIN places p USING (place_id)
WHERE list_contains($places, e.place_id)
  AND coalesce(e.occurred_at, e.published_at)::DATE BETWEEN $date_from AND $date_to
  AND (len($types) = 0 OR list_contains($types, e.type))
ORDER BY e.published_at DESC
LIMIT $limit
