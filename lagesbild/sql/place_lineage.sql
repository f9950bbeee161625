-- A place and all its ancestors (nearest first).
-- Params: $place_id. Returns: place_id, name, level, scb_code, valid_from, valid_to, successor_name, depth.
WITH RECURSIVE up(place_id, depth) AS (
    SELECT $place_id, 0
    UNION ALL
    SELECT p.parent_id, up.depth + 1 FROM up JOIN places p ON p.place_id = up.place_id
    WHERE p.parent_id IS NOT NULL
)
SELECT p.place_id, p.name, p.level, p.scb_code, p.valid_from, p.valid_to, s.name AS successor_name, up.depth
FROM up JOIN places p USING (place_id)
LEFT JOIN places s ON s.place_id = p.successor_id
ORDER BY up.depth
