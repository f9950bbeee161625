-- Yearly counts per category for one place (best source per category), for Översikt. Where a source
-- has only monthly rows for a year, the year is their sum, but only when all 12 months are known.
-- Params: $place_id, $year_from, $year_to. Returns: category_id, label, is_main, sort_order, year,
-- count, rate_per_100k, population, source, preliminary, is_demo, from_months.
WITH place_rows AS (
    SELECT * FROM crime_counts_rated WHERE place_id = $place_id AND source <> 'kolada'
),
yearly AS (
    SELECT category_id, source, source_priority, year, count, rate_per_100k, population, preliminary,
           is_demo, false AS from_months
    FROM place_rows WHERE period_type = 'year'
),
summed AS (
    SELECT m.category_id, m.source, any_value(m.source_priority), m.year, sum(m.count),
           sum(m.count) * 100000.0 / nullif(any_value(m.population), 0), any_value(m.population),
           bool_or(m.preliminary), bool_or(m.is_demo), true
    FROM place_rows m
    WHERE m.period_type = 'month'
      AND NOT EXISTS (SELECT 1 FROM yearly y WHERE y.category_id = m.category_id AND y.source = m.source
                      AND y.year = m.year)
    GROUP BY m.category_id, m.source, m.year
    HAVING count(DISTINCT m.period) = 12 AND count(m.count) = 12
),
rows AS (SELECT * FROM yearly UNION ALL SELECT * FROM summed),
chosen AS (
    SELECT category_id, source FROM rows
    GROUP BY category_id, source, source_priority
    QUALIFY row_number() OVER (PARTITION BY category_id ORDER BY source_priority, count(*) DESC) = 1
)
SELECT r.category_id, k.label, k.is_main, k.sort_order, r.year, r.count, r.rate_per_100k, r.population,
       r.source, r.preliminary, r.is_demo, r.from_months
FROM rows r
JOIN chosen USING (category_id, source)
JOIN crime_categories k USING (category_id)
WHERE r.year BETWEEN $year_from AND $year_to
ORDER BY k.sort_order, r.year
