-- Reference rates per 100 000 for riket and the län the places lie in: Brå where we have it (with
-- counts), else Kolada (rates only). Params: $places (list), $category, $period_type, $year_from, $year_to.
-- Returns: place_id, name, level, year, period, count, rate_per_100k, source, is_demo.
WITH RECURSIVE up(place_id) AS (
    SELECT unnest($places)
    UNION ALL
    SELECT p.parent_id FROM up JOIN places p ON p.place_id = up.place_id WHERE p.parent_id IS NOT NULL
),
rows AS (
    SELECT * FROM crime_counts_rated
    WHERE level IN ('riket', 'lan') AND place_id IN (SELECT place_id FROM up)
      AND category_id = $category AND period_type = $period_type
),
chosen AS (
    SELECT place_id, source FROM rows
    GROUP BY place_id, source, source_priority
    QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY source_priority) = 1
)
SELECT place_id, name, level, year, period, count, rate_per_100k, source, is_demo
FROM rows JOIN chosen USING (place_id, source)
WHERE year BETWEEN $year_from AND $year_to
ORDER BY level DESC, year, period
