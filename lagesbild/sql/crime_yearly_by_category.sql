-- Yearly counts per category for one place (best source per category), for Översikt. Where a source
-- has only monthly rows for a year, the year is their sum, but only when all 12 months are known.
-- Params: $place_id, $year_from, $year_to. Returns: category_id, label, is_main, sort_order, year,
-- count, rate_per_100k, population, source, preliminary, is_demo, from_months.
WITH yearly AS (
    SELECT category_id, source, year, count, rate_per_100k, preliminary, _import_id, false AS from_months
    FROM crime_counts
    WHERE place_id = $place_id AND period_type = 'year' AND source <> 'kolada'
),
summed AS (
    SELECT m.category_id, m.source, m.year, sum(m.count) AS count, NULL::DOUBLE AS rate_per_100k,
           bool_or(m.preliminary) AS preliminary, max(m._import_id) AS _import_id, true AS from_months
    FROM crime_counts m
    WHERE m.place_id = $place_id AND m.period_type = 'month' AND m.source <> 'kolada'
      AND NOT EXISTS (SELECT 1 FROM yearly y WHERE y.category_id = m.category_id AND y.source = m.source
                      AND y.year = m.year)
    GROUP BY m.category_id, m.source, m.year
    HAVING count(DISTINCT m.period) = 12 AND count(m.count) = 12
),
rows AS (SELECT * FROM yearly UNION ALL SELECT * FROM summed),
chosen AS (
    SELECT category_id, source FROM rows
    GROUP BY category_id, source
    QUALIFY row_number() OVER (PARTITION BY category_id
                               ORDER BY CASE source WHEN 'bra' THEN 1 WHEN 'lokal' THEN 2 ELSE 9 END,
                                        count(*) DESC) = 1
)
SELECT r.category_id, k.label, k.is_main, k.sort_order, r.year, r.count,
       coalesce(r.rate_per_100k, r.count * 100000.0 / nullif(pop.population, 0)) AS rate_per_100k,
       pop.population, r.source, r.preliminary, l.is_demo, r.from_months
FROM rows r
JOIN chosen USING (category_id, source)
JOIN crime_categories k USING (category_id)
JOIN import_log l ON l.import_id = r._import_id
LEFT JOIN population pop ON pop.place_id = $place_id AND pop.year = r.year
WHERE r.year BETWEEN $year_from AND $year_to
ORDER BY k.sort_order, r.year
