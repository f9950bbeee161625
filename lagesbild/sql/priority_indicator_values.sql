-- Yearly values of every indicator of a plan, for each place it is followed for (priority_targets),
-- over the same months of each year: January to $months (4 = tertial 1, 8 = tertial 1–2, 12 = the
-- whole year), so a follow-up at T1 compares January–April with January–April.
--   crime:   reported crimes from the best source of the place (Brå before local statistics): the sum
--            of the months when all of them are known, or (whole years) the yearly figure.
--   events:  Polisen's published events of the type ('' = all, summaries never) in the place and
--            everything under it, by incident time; only years whose months the event data fully cover.
--   survey:  the survey's result for everyone (gender 'T'; grade 'alla', else åk 9, unless the
--            reference names one: 'stockholmsenkaten:trygg_omradet:gy2'), only values that may be shown
--            (not hidden by the source, at least $min_n respondents); the months do not apply.
--   patrols: hours of presence of the kind ('' = all) in the place and everything under it, from the
--            first to the last year with such passes (years in between without passes are 0).
-- Params: $plan_id, $months (1–12), $min_n.
-- Returns: area_id, indicator_no, source, indicator_ref, place_id, year, value, n (survey respondents,
-- patrol passes), basis ('month' or 'year' for crime, the grade for surveys), preliminary, is_demo.
WITH RECURSIVE targets AS (
    SELECT * FROM priority_targets($plan_id)
),
down AS (       -- places under the places of event and patrol indicators
    SELECT DISTINCT place_id AS root, place_id FROM targets WHERE source IN ('events', 'patrols')
    UNION
    SELECT d.root, p.place_id FROM down d JOIN places p ON p.parent_id = d.place_id
),
-- crime
crime_rows AS (
    SELECT c.* FROM crime_counts_rated c
    WHERE c.source <> 'kolada' AND EXISTS (SELECT 1 FROM targets t WHERE t.source = 'crime'
                                           AND t.place_id = c.place_id AND t.indicator_ref = c.category_id)
),
crime_windows AS (
    SELECT place_id, category_id, source, any_value(source_priority) AS source_priority, year,
           sum(count) AS value, bool_or(preliminary) AS preliminary, bool_or(is_demo) AS is_demo, 'month' AS basis
    FROM crime_rows WHERE period_type = 'month' AND period <= $months
    GROUP BY place_id, category_id, source, year
    HAVING count(DISTINCT period) = $months AND count(count) = $months
    UNION ALL
    SELECT place_id, category_id, source, source_priority, year, count, preliminary, is_demo, 'year'
    FROM crime_rows WHERE period_type = 'year' AND $months = 12 AND count IS NOT NULL
),
crime_source AS (
    SELECT place_id, category_id, source FROM crime_windows
    GROUP BY place_id, category_id, source, source_priority
    QUALIFY row_number() OVER (PARTITION BY place_id, category_id ORDER BY source_priority, count(*) DESC) = 1
),
crime AS (
    SELECT t.area_id, t.indicator_no, t.source, t.indicator_ref, t.place_id, w.year, w.value::DOUBLE AS value,
           NULL::BIGINT AS n, w.basis, w.preliminary, w.is_demo
    FROM targets t
    JOIN crime_windows w ON t.source = 'crime' AND w.place_id = t.place_id AND w.category_id = t.indicator_ref
    JOIN crime_source cs ON cs.place_id = w.place_id AND cs.category_id = w.category_id AND cs.source = w.source
    QUALIFY row_number() OVER (PARTITION BY t.area_id, t.indicator_no, t.place_id, w.year
                               ORDER BY w.basis DESC) = 1
),
-- police events
event_span AS (
    SELECT min(coalesce(occurred_at, published_at))::DATE AS first_day,
           max(coalesce(occurred_at, published_at))::DATE AS last_day,
           bool_or(l.is_demo) AS is_demo
    FROM police_events e JOIN import_log l ON l.import_id = e._import_id
),
event_years AS (
    SELECT y.year FROM event_span s, range(year(s.first_day), year(s.last_day) + 1) AS y(year)
    WHERE s.first_day <= make_date(y.year::INTEGER, 1, 1)
      AND s.last_day >= last_day(make_date(y.year::INTEGER, $months, 1))
),
event_counts AS (
    SELECT t.area_id, t.indicator_no, t.place_id, year(coalesce(e.occurred_at, e.published_at)) AS year,
           count(*) AS n
    FROM targets t
    JOIN down d ON d.root = t.place_id
    JOIN police_events e ON e.place_id = d.place_id AND NOT e.is_summary
                        AND (t.indicator_ref = '' OR e.type = t.indicator_ref)
    WHERE t.source = 'events' AND month(coalesce(e.occurred_at, e.published_at)) <= $months
    GROUP BY ALL
),
events AS (
    SELECT t.area_id, t.indicator_no, t.source, t.indicator_ref, t.place_id, y.year,
           coalesce(c.n, 0)::DOUBLE AS value, NULL::BIGINT AS n, NULL AS basis, false AS preliminary,
           (SELECT is_demo FROM event_span) AS is_demo
    FROM targets t CROSS JOIN event_years y
    LEFT JOIN event_counts c ON c.area_id = t.area_id AND c.indicator_no = t.indicator_no
                             AND c.place_id = t.place_id AND c.year = y.year
    WHERE t.source = 'events'
),
-- surveys
survey_targets AS (
    SELECT *, split_part(indicator_ref, ':', 1) AS survey, split_part(indicator_ref, ':', 2) AS indicator_id,
           nullif(split_part(indicator_ref, ':', 3), '') AS grade
    FROM targets WHERE source = 'survey'
),
surveys AS (
    SELECT t.area_id, t.indicator_no, t.source, t.indicator_ref, t.place_id, r.year, r.value,
           r.n_respondents AS n, r.grade AS basis, false AS preliminary, l.is_demo
    FROM survey_targets t
    JOIN survey_results r ON r.survey = t.survey AND r.indicator_id = t.indicator_id AND r.place_id = t.place_id
                         AND r.gender = 'T' AND (t.grade IS NULL OR r.grade = t.grade)
    JOIN import_log l ON l.import_id = r._import_id
    WHERE r.flag IS NULL AND r.value IS NOT NULL AND (r.n_respondents IS NULL OR r.n_respondents >= $min_n)
    QUALIFY dense_rank() OVER (PARTITION BY t.area_id, t.indicator_no, t.place_id
                               ORDER BY CASE r.grade WHEN 'alla' THEN 1 WHEN 'ak9' THEN 2 ELSE 3 END, r.grade) = 1
),
-- presence
patrol_rows AS (
    SELECT t.area_id, t.indicator_no, t.place_id, year(x.started_at) AS year,
           date_diff('second', x.started_at, x.ended_at) / 3600.0 AS hours, month(x.started_at) AS month,
           l.is_demo
    FROM targets t
    JOIN down d ON d.root = t.place_id
    JOIN patrols x ON x.place_id = d.place_id AND (t.indicator_ref = '' OR x.kind = t.indicator_ref)
    JOIN import_log l ON l.import_id = x._import_id
    WHERE t.source = 'patrols'
),
patrol_span AS (
    SELECT area_id, indicator_no, place_id, min(year) AS first_year, max(year) AS last_year, bool_or(is_demo) AS is_demo
    FROM patrol_rows GROUP BY ALL
),
patrols AS (
    SELECT t.area_id, t.indicator_no, t.source, t.indicator_ref, t.place_id, y.year,
           coalesce((SELECT sum(r.hours) FROM patrol_rows r WHERE r.area_id = t.area_id AND r.indicator_no = t.indicator_no
                     AND r.place_id = t.place_id AND r.year = y.year AND r.month <= $months), 0)::DOUBLE AS value,
           (SELECT count(*) FROM patrol_rows r WHERE r.area_id = t.area_id AND r.indicator_no = t.indicator_no
            AND r.place_id = t.place_id AND r.year = y.year AND r.month <= $months) AS n,
           NULL AS basis, false AS preliminary, s.is_demo
    FROM targets t
    JOIN patrol_span s USING (area_id, indicator_no, place_id)
    CROSS JOIN LATERAL range(s.first_year, s.last_year + 1) AS y(year)
    WHERE t.source = 'patrols'
)
SELECT * FROM crime
UNION ALL SELECT * FROM events
UNION ALL SELECT * FROM surveys
UNION ALL SELECT * FROM patrols
ORDER BY area_id, indicator_no, place_id, year
