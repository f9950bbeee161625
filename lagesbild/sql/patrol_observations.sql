-- What the passes saw, per year: the sum of each observation column over the passes whose log
-- recorded it. Observations no pass recorded in a year are left out (unknown is not 0).
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all).
-- Returns: year, observation ('obs_youths', 'obs_intoxicated', 'obs_vandalism', 'obs_fires',
-- 'obs_fights', 'obs_police_contacted'), n (sum), passes (passes with a value), is_demo.
WITH chosen AS (
    SELECT year(x.started_at) AS year, x.obs_youths, x.obs_intoxicated, x.obs_vandalism, x.obs_fires,
           x.obs_fights, x.obs_police_contacted, x.is_demo
    FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
),
long AS (   -- UNPIVOT drops NULLs: a pass counts only for what its log recorded
    UNPIVOT chosen
    ON obs_youths, obs_intoxicated, obs_vandalism, obs_fires, obs_fights, obs_police_contacted
    INTO NAME observation VALUE n
)
SELECT year, observation, sum(n) AS n, count(*) AS passes, bool_or(is_demo) AS is_demo
FROM long
GROUP BY year, observation
ORDER BY year, CASE observation WHEN 'obs_youths' THEN 1 WHEN 'obs_intoxicated' THEN 2
                               WHEN 'obs_vandalism' THEN 3 WHEN 'obs_fires' THEN 4 WHEN 'obs_fights' THEN 5
                               ELSE 6 END
