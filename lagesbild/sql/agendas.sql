-- Saved meeting agendas (Mötesläge), newest first.
-- Params: none. Returns: agenda_id, name, views, place_id, place_name, year_from, year_to, saved_by, saved_at.
SELECT a.agenda_id, a.name, a.views, a.place_id, p.name AS place_name, a.year_from, a.year_to, a.saved_by,
       a.saved_at
FROM agendas a
LEFT JOIN places p USING (place_id)
ORDER BY a.saved_at DESC, a.name
