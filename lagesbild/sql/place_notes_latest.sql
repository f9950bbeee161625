-- The newest "annan information" text for a place and how many versions exist.
-- Params: $place_id. Returns (0 or 1 row): text, updated_by, updated_at, versions.
SELECT text, updated_by, updated_at, count(*) OVER () AS versions
FROM place_notes
WHERE place_id = $place_id
ORDER BY updated_at DESC
LIMIT 1
