-- 003: one definition of "the rate per 100 000" and of source priority, used by every crime query.
-- The rate is the source's own where it gave one, else computed from the population of the same
-- year; places without population (a torg) get none. Brå is preferred over local statistics; Kolada
-- (rates only) is for reference lines.
CREATE VIEW crime_counts_rated AS
SELECT c.place_id, p.name, p.level, c.category_id, c.source_label, c.period_type, c.year, c.period,
       c.count,
       coalesce(c.rate_per_100k, c.count * 100000.0 / nullif(pop.population, 0)) AS rate_per_100k,
       c.rate_per_100k IS NULL AND pop.population IS NOT NULL AND c.count IS NOT NULL AS rate_computed,
       pop.population, c.preliminary, c.flag, c.source,
       CASE c.source WHEN 'bra' THEN 1 WHEN 'lokal' THEN 2 WHEN 'kolada' THEN 3 ELSE 9 END AS source_priority,
       l.is_demo, c._import_id
FROM crime_counts c
JOIN places p USING (place_id)
JOIN import_log l ON l.import_id = c._import_id
LEFT JOIN population pop ON pop.place_id = c.place_id AND pop.year = c.year;
