-- Crime categories with data (excluding Kolada reference rates) for any of the places.
-- Params: $places (list), $period_type. Returns: category_id, label, is_main, sort_order, n_rows.
SELECT c.category_id, c.label, c.is_main, c.sort_order, count(*) AS n_rows
FROM crime_counts x JOIN crime_categories c USING (category_id)
WHERE list_contains($places, x.place_id) AND x.period_type = $period_type AND x.source <> 'kolada'
GROUP BY ALL
ORDER BY c.sort_order, c.label
