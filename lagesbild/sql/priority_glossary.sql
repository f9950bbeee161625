-- The abbreviations a plan uses («KLK» = Kommunledningskontoret), for the activities' «Ansvarig».
-- Params: $plan_id. Returns: abbreviation, meaning.
SELECT abbreviation, meaning FROM glossary WHERE plan_id = $plan_id ORDER BY abbreviation
