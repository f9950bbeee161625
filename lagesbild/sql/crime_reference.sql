-- Reference rates per 100 000 for riket and the län the places lie in: Brå where we have it (with
-- counts), else Kolada (rates only). Params: $places (list), $category, $period_type, $year_from, $year_to.
-- Returns: place_id, name, level, year, period, count, rate_per_100k, source, is_demo.
WITH RECURSIVE up(place_id, origin) AS (
    SELECT unnest($places), 1
    UNION ALL
    SELECT p.parent_id, 1 FROM up JOIN places p ON p.place_id = up.place_id WHERE p.parent_id IS NOT NULL
),
refs AS (
    SELECT DISTINCT p.place_id FROM up JOIN places p USING (place_id) WHERE p.level IN ('riket', 'lan')
),
candidates AS (
    SELECT c.place_id, c.source, CASE c.source WHEN 'bra' THEN 1 WHEN 'kolada' THEN 2 ELSE 3 END AS priority
    FROM crime_counts c JOIN refs USING (place_id)
    WHERE c.category_id = $category AND c.period_type = $period_type
    GROUP BY ALL
),
chosen AS (
    SELECT place_id, source FROM candidates
    QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY priority) = 1
)
SELECT c.place_id, p.name, p.level, c.year, c.period, c.count,
       coalesce(c.rate_per_100k, c.count * 100000.0 / nullif(pop.population, 0)) AS rate_per_100k,
       c.source, l.is_demo
FROM crime_counts c
JOIN chosen USING (place_id, source)
JOIN places p USING (place_id)
JOIN import_log l ON l.import_id = c._import_id
LEFT JOIN population pop ON pop.place_id = c.place_id AND pop.year = c.year
WHERE c.category_id = $category AND c.period_type = $period_type
  AND c.year BETWEEN $year_from AND $year_to
ORDER BY p.level DESC, c.year, c.period
