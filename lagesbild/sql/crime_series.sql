-- Reported crime per place and period for one category, from the best source each place has
-- (Brå before local police statistics), with the rate per 100 000: the source's own, else computed
-- from the population of the same year. Places without residents (a torg) get no rate.
-- Params: $places (list), $category, $period_type ('year'|'quarter'|'month'), $year_from, $year_to.
-- Returns: place_id, name, level, year, period, count, rate_per_100k, rate_computed, population,
--          preliminary, flag, source, source_label, is_demo.
WITH candidates AS (
    SELECT place_id, source, count(*) AS n,
           CASE source WHEN 'bra' THEN 1 WHEN 'lokal' THEN 2 ELSE 9 END AS priority
    FROM crime_counts
    WHERE list_contains($places, place_id) AND category_id = $category
      AND period_type = $period_type AND source <> 'kolada'
    GROUP BY place_id, source
),
chosen AS (
    SELECT place_id, source FROM candidates
    QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY priority, n DESC) = 1
)
SELECT c.place_id, p.name, p.level, c.year, c.period, c.count,
       coalesce(c.rate_per_100k, c.count * 100000.0 / nullif(pop.population, 0)) AS rate_per_100k,
       c.rate_per_100k IS NULL AND pop.population IS NOT NULL AND c.count IS NOT NULL AS rate_computed,
       pop.population, c.preliminary, c.flag, c.source, c.source_label, l.is_demo
FROM crime_counts c
JOIN chosen USING (place_id, source)
JOIN places p USING (place_id)
JOIN import_log l ON l.import_id = c._import_id
LEFT JOIN population pop ON pop.place_id = c.place_id AND pop.year = c.year
WHERE c.category_id = $category AND c.period_type = $period_type
  AND c.year BETWEEN $year_from AND $year_to
ORDER BY p.name, c.year, c.period
