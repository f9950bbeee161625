-- The priority areas (fokusområden) of one plan, in the plan's order, with their places.
-- Params: $plan_id. Returns: area_id, plan_id, name, goal, description, sort_order, place_ids (list),
-- place_names (list, in the places' registry order), indicators, actions, is_demo.
SELECT a.area_id, a.plan_id, a.name, a.goal, a.description, a.sort_order,
       coalesce((SELECT list(ap.place_id ORDER BY p.sort_order, p.name) FROM priority_area_places ap
                 JOIN places p USING (place_id) WHERE ap.area_id = a.area_id), []) AS place_ids,
       coalesce((SELECT list(p.name ORDER BY p.sort_order, p.name) FROM priority_area_places ap
                 JOIN places p USING (place_id) WHERE ap.area_id = a.area_id), []) AS place_names,
       (SELECT count(*) FROM priority_area_indicators i WHERE i.area_id = a.area_id) AS indicators,
       (SELECT count(*) FROM actions c WHERE c.area_id = a.area_id) AS actions,
       coalesce(l.is_demo, false) AS is_demo
FROM priority_areas a
LEFT JOIN import_log l ON l.import_id = a._import_id
WHERE a.plan_id = $plan_id
ORDER BY a.sort_order, a.name
