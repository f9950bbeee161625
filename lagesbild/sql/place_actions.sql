-- The priority areas and action-plan activities that name a place. An activity names it when its area
-- lists the place (priority_area_places), or when the place's name or one of its aliases stands in the
-- activity or implementation text as a word of its own (case-insensitive, a genitive s allowed:
-- "Mörby Centrum", "Danderyds"; "Ale" does not match "alla"). An area that lists the place but has no
-- activities gives one row without an activity.
-- Params: $place_id.
-- Returns: plan_id, plan_title, area_id, area_name, goal, action_id, activity, implementation,
-- responsible, due_text, due_date, ongoing, status, status_text, listed (the area lists the place),
-- is_demo; by plan, area and activity order.
WITH names AS (
    SELECT '(^|[^\pL\pN])'
           || regexp_replace(regexp_replace(alias, '([^\pL\pN ])', '\\\1', 'g'), ' +', '\\s+', 'g')
           || 's?($|[^\pL\pN])' AS pattern
    FROM (SELECT alias FROM place_aliases WHERE place_id = $place_id
          UNION SELECT name FROM places WHERE place_id = $place_id)
),
listed AS (SELECT area_id FROM priority_area_places WHERE place_id = $place_id),
named AS (
    SELECT a.action_id FROM actions a
    WHERE EXISTS (SELECT 1 FROM names n
                  WHERE regexp_matches(concat_ws(' ', a.activity, a.implementation), n.pattern, 'i'))
)
SELECT pa.plan_id, p.title AS plan_title, pa.area_id, pa.name AS area_name, pa.goal, a.action_id, a.activity,
       a.implementation, a.responsible, a.due_text, a.due_date, coalesce(a.ongoing, false) AS ongoing,
       a.status, a.status_text, pa.area_id IN (SELECT area_id FROM listed) AS listed,
       coalesce(l.is_demo, false) AS is_demo
FROM priority_areas pa
JOIN action_plans p USING (plan_id)
LEFT JOIN actions a ON a.area_id = pa.area_id
LEFT JOIN import_log l ON l.import_id = coalesce(a._import_id, pa._import_id)
WHERE pa.area_id IN (SELECT area_id FROM listed) OR a.action_id IN (SELECT action_id FROM named)
ORDER BY p.valid_from DESC NULLS LAST, p.title, pa.sort_order, a.sort_order
