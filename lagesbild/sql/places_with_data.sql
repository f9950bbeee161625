-- Places that have any crime counts, police events, survey results or patrols, for the place picker.
-- Params: none. Returns: place_id, name, level, parent_id, parent_name, valid_to, has_crime, has_events,
-- has_surveys, has_patrols, sort_order.
WITH data AS (
    SELECT place_id, true AS has_crime, false AS has_events, false AS has_surveys, false AS has_patrols
    FROM crime_counts WHERE source <> 'kolada' GROUP BY place_id
    UNION ALL
    SELECT place_id, false, true, false, false FROM police_events GROUP BY place_id
    UNION ALL
    SELECT place_id, false, false, true, false FROM survey_results GROUP BY place_id
    UNION ALL
    SELECT place_id, false, false, false, true FROM patrols GROUP BY place_id
)
SELECT p.place_id, p.name, p.level, p.parent_id, parent.name AS parent_name, p.valid_to,
       bool_or(d.has_crime) AS has_crime, bool_or(d.has_events) AS has_events,
       bool_or(d.has_surveys) AS has_surveys, bool_or(d.has_patrols) AS has_patrols,
       any_value(p.sort_order) AS sort_order
FROM places p
JOIN data d USING (place_id)
LEFT JOIN places parent ON parent.place_id = p.parent_id
GROUP BY p.place_id, p.name, p.level, p.parent_id, parent.name, p.valid_to
ORDER BY CASE p.level WHEN 'riket' THEN 1 WHEN 'lan' THEN 2 WHEN 'kommun' THEN 3
         WHEN 'stadsdelsomrade' THEN 4 WHEN 'stadsdel' THEN 5 ELSE 6 END,
         p.valid_to IS NOT NULL, p.name
