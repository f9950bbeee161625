-- The places whose events count for a place: the place and everything under it.
-- Params: $place_id. Returns: place_id.
WITH RECURSIVE down(place_id) AS (
    SELECT $place_id
    UNION ALL
    SELECT p.place_id FROM places p JOIN down ON p.parent_id = down.place_id
)
SELECT DISTINCT place_id FROM down
