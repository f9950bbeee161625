-- The places of the priority areas of one plan (editing and the areas file).
-- Params: $plan_id. Returns: area_id, area_name, place_id, name, level, place_text (the place as the areas
-- file writes it: its name, or its id when the name means another place).
SELECT a.area_id, a.name AS area_name, ap.place_id, p.name, p.level,
       CASE WHEN EXISTS (SELECT 1 FROM place_aliases pa WHERE pa.alias_key = lower(p.name) AND pa.place_id = p.place_id)
            THEN p.name ELSE p.place_id END AS place_text
FROM priority_area_places ap
JOIN priority_areas a USING (area_id)
JOIN places p ON p.place_id = ap.place_id
WHERE a.plan_id = $plan_id
ORDER BY a.sort_order, a.name, p.sort_order, p.name
