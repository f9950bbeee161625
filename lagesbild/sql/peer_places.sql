-- The places a place is compared with: the same level under the same parent (the kommuner of a
-- kommun's län, the stadsdelsområden of a stadsdelsområde's kommun, former areas included: their
-- data covers the years before a merger). The place itself is included.
-- Params: $place_id. Returns: place_id, name.
SELECT s.place_id, s.name
FROM places p
JOIN places s ON s.parent_id = p.parent_id AND s.level = p.level
WHERE p.place_id = $place_id
ORDER BY s.sort_order, s.name
