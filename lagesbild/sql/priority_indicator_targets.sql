-- The places each indicator of a plan is followed for (the table macro priority_targets, migration
-- 009): its own place, or the area's places and the plan's place; event indicators the kommun of
-- each. `explicit`: the indicator names the place; `is_plan_place`: the plan's own place.
-- Params: $plan_id.
-- Returns: area_id, indicator_no, source, indicator_ref, place_id, place_name, level, explicit,
-- is_plan_place, place_sort (plan place first, then the registry's order).
SELECT t.area_id, t.indicator_no, t.source, t.indicator_ref, t.place_id, p.name AS place_name, p.level,
       t.explicit, t.is_plan_place,
       row_number() OVER (PARTITION BY t.area_id, t.indicator_no
                          ORDER BY t.is_plan_place DESC, p.sort_order, p.name) AS place_sort
FROM priority_targets($plan_id) t
JOIN places p USING (place_id)
ORDER BY t.area_id, t.indicator_no, place_sort
