-- Reported crime per place and period for one category, from the best source each place has
-- (Brå before local police statistics; Kolada only as reference), rates as in crime_counts_rated.
-- Params: $places (list), $category, $period_type ('year'|'quarter'|'month'), $year_from, $year_to.
-- Returns: place_id, name, level, year, period, count, rate_per_100k, rate_computed, population,
--          preliminary, flag, source, source_label, is_demo.
WITH rows AS (
    SELECT * FROM crime_counts_rated
    WHERE list_contains($places, place_id) AND category_id = $category
      AND period_type = $period_type AND source <> 'kolada'
),
chosen AS (
    SELECT place_id, source FROM rows
    GROUP BY place_id, source, source_priority
    QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY source_priority, count(*) DESC) = 1
)
SELECT place_id, name, level, year, period, count, rate_per_100k, rate_computed, population,
       preliminary, flag, source, source_label, is_demo
FROM rows JOIN chosen USING (place_id, source)
WHERE year BETWEEN $year_from AND $year_to
ORDER BY name, year, period
