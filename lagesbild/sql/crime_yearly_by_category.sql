-- Yearly counts per category for one place (best source per category), for Översikt.
-- Params: $place_id, $year_from, $year_to. Returns: category_id, label, is_main, sort_order, year,
-- count, rate_per_100k, population, source, preliminary, is_demo.
WITH candidates AS (
    SELECT category_id, source, CASE source WHEN 'bra' THEN 1 WHEN 'lokal' THEN 2 ELSE 9 END AS priority,
           count(*) AS n
    FROM crime_counts
    WHERE place_id = $place_id AND period_type = 'year' AND source <> 'kolada'
    GROUP BY ALL
),
chosen AS (
    SELECT category_id, source FROM candidates
    QUALIFY row_number() OVER (PARTITION BY category_id ORDER BY priority, n DESC) = 1
)
SELECT c.category_id, k.label, k.is_main, k.sort_order, c.year, c.count,
       coalesce(c.rate_per_100k, c.count * 100000.0 / nullif(pop.population, 0)) AS rate_per_100k,
       pop.population, c.source, c.preliminary, l.is_demo
FROM crime_counts c
JOIN chosen USING (category_id, source)
JOIN crime_categories k USING (category_id)
JOIN import_log l ON l.import_id = c._import_id
LEFT JOIN population pop ON pop.place_id = c.place_id AND pop.year = c.year
WHERE c.place_id = $place_id AND c.period_type = 'year' AND c.year BETWEEN $year_from AND $year_to
ORDER BY k.sort_order, c.year
