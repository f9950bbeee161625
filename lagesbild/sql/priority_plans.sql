-- Every action plan (handlingsplan / åtgärdsplan) with its place and how much it holds, for the plan
-- picker on Fokusområden.
-- Params: none. Returns: plan_id, title, place_id, place_name, place_text (as the areas file writes the
-- place), level, valid_from, valid_to, areas,
-- indicators, actions, is_demo (any of its rows came from a demo import).
WITH area_rows AS (
    SELECT a.plan_id, a.area_id, a._import_id FROM priority_areas a
),
counts AS (
    SELECT r.plan_id, count(DISTINCT r.area_id) AS areas,
           (SELECT count(*) FROM priority_area_indicators i JOIN area_rows x USING (area_id)
            WHERE x.plan_id = r.plan_id) AS indicators,
           (SELECT count(*) FROM actions c JOIN area_rows x USING (area_id) WHERE x.plan_id = r.plan_id) AS actions
    FROM area_rows r GROUP BY r.plan_id
),
demo AS (
    SELECT plan_id, bool_or(l.is_demo) AS is_demo FROM (
        SELECT plan_id, _import_id FROM action_plans
        UNION ALL SELECT plan_id, _import_id FROM area_rows
    ) x JOIN import_log l ON l.import_id = x._import_id
    GROUP BY plan_id
)
SELECT pl.plan_id, pl.title, pl.place_id, p.name AS place_name,
       CASE WHEN EXISTS (SELECT 1 FROM place_aliases pa WHERE pa.alias_key = lower(p.name) AND pa.place_id = p.place_id)
            THEN p.name ELSE p.place_id END AS place_text, p.level, pl.valid_from, pl.valid_to,
       coalesce(c.areas, 0) AS areas, coalesce(c.indicators, 0) AS indicators, coalesce(c.actions, 0) AS actions,
       coalesce(d.is_demo, false) AS is_demo
FROM action_plans pl
JOIN places p USING (place_id)
LEFT JOIN counts c USING (plan_id)
LEFT JOIN demo d USING (plan_id)
ORDER BY pl.valid_from DESC NULLS LAST, pl.title
