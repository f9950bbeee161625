-- Hours of presence per weekday (1 = Monday) and hour of the day, summed over the period. Each pass
-- is cut into the clock hours it overlaps: 21:30–00:15 gives 0.5 h to 21, 1 h to 22 and 23, and
-- 0.25 h to hour 0 of the next weekday. Passes are chosen by the day they started.
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all).
-- Returns: weekday, hour, hours, passes (passes present some time in that hour).
WITH buckets AS (   -- every clock hour a pass overlaps: from the hour it started to before it ended
    SELECT started_at, ended_at,
           unnest(range(date_trunc('hour', started_at), ended_at, INTERVAL 1 HOUR)) AS bucket
    FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
)
SELECT isodow(bucket) AS weekday, hour(bucket) AS hour,
       sum(date_diff('second', greatest(started_at, bucket), least(ended_at, bucket + INTERVAL 1 HOUR))) / 3600.0
           AS hours,
       count(*) AS passes
FROM buckets
GROUP BY ALL
ORDER BY weekday, hour
