-- The activities (åtgärder) of a plan's priority areas, as the action plan wrote them.
-- Params: $plan_id. Returns: area_id, area_name, area_sort, action_id, activity, implementation,
-- responsible, due_text, due_date, ongoing, status, status_text, result, sort_order, is_demo.
SELECT c.area_id, a.name AS area_name, a.sort_order AS area_sort, c.action_id, c.activity, c.implementation,
       c.responsible, c.due_text, c.due_date, c.ongoing, c.status, c.status_text, c.result, c.sort_order,
       coalesce(l.is_demo, false) AS is_demo
FROM actions c
JOIN priority_areas a USING (area_id)
LEFT JOIN import_log l ON l.import_id = c._import_id
WHERE a.plan_id = $plan_id
ORDER BY a.sort_order, a.name, c.sort_order
