-- Places with results for one survey indicator.
-- Params: $survey, $indicator. Returns: place_id, name, level, parent_name, valid_to, sort_order.
SELECT p.place_id, p.name, p.level, parent.name AS parent_name, p.valid_to, p.sort_order
FROM places p LEFT JOIN places parent ON parent.place_id = p.parent_id
WHERE p.place_id IN (SELECT place_id FROM survey_results WHERE survey = $survey AND indicator_id = $indicator)
ORDER BY CASE p.level WHEN 'riket' THEN 1 WHEN 'lan' THEN 2 WHEN 'kommun' THEN 3
         WHEN 'stadsdelsomrade' THEN 4 WHEN 'stadsdel' THEN 5 ELSE 6 END, p.valid_to IS NOT NULL, p.name
