-- The notes of the passes (personal data was masked on import), newest first, for editors. The
-- search text is matched literally anywhere in the note, any case (% and _ are not wildcards).
-- Params: $places (list), $date_from, $date_to (DATE, inclusive), $kinds (list; empty = all),
-- $organisations (list; empty = all), $search (text; '' = every note), $limit.
-- Returns: started_at, ended_at, place_name, kind, label, organisation, notes.
SELECT x.started_at, x.ended_at, p.name AS place_name, x.kind, k.label, x.organisation, x.notes
FROM chosen_patrols($places, $date_from, $date_to, $kinds, $organisations) x
JOIN places p USING (place_id)
JOIN patrol_kinds k USING (kind)
WHERE x.notes IS NOT NULL
  AND x.notes ILIKE '%' || replace(replace(replace($search, '\', '\\'), '%', '\%'), '_', '\_') || '%' ESCAPE '\'
ORDER BY x.started_at DESC, p.name, x.organisation
LIMIT $limit
