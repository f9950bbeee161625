-- Every place in the registry, for pickers that must reach places without data (import page).
-- Params: none. Returns: place_id, name, level, parent_name, valid_to, sort_order.
SELECT p.place_id, p.name, p.level, parent.name AS parent_name, p.valid_to, p.sort_order
FROM places p LEFT JOIN places parent ON parent.place_id = p.parent_id
ORDER BY CASE p.level WHEN 'riket' THEN 1 WHEN 'lan' THEN 2 WHEN 'kommun' THEN 3
         WHEN 'stadsdelsomrade' THEN 4 WHEN 'stadsdel' THEN 5 ELSE 6 END, p.name
