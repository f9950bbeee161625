-- Known series breaks that apply to any of the places (by place, by level, or to every place).
-- Params: $places (list). Returns: place_id, year, description, source.
SELECT p.place_id, b.year, b.description, b.source
FROM places p JOIN series_breaks b
  ON b.place_id = p.place_id OR (b.place_id IS NULL AND (b.level IS NULL OR b.level = p.level))
WHERE list_contains($places, p.place_id)
ORDER BY p.place_id, b.year, b.source
