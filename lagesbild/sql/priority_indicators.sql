-- The indicators of the priority areas of one plan, as set (one row each, before they are spread
-- over places; see priority_indicator_targets), with what they measure in words.
-- Params: $plan_id.
-- Returns: area_id, area_name, area_sort, sort_order, source, indicator_ref, place_id, place_name,
-- place_text (the place as the areas file writes it: its name, or its id when the name means another
-- place), baseline_year, target, source_label ('Anmälda brott', 'Enkät', 'Polisens händelser', 'Närvaro'),
-- label (what is measured), ref_text (the indicator as the areas file writes it), unit ('antal',
-- 'timmar' or the survey's unit), higher_is_better (surveys; NULL otherwise), publisher.
WITH ind AS (
    SELECT i.*, a.name AS area_name, a.sort_order AS area_sort,
           split_part(i.indicator_ref, ':', 1) AS survey, split_part(i.indicator_ref, ':', 2) AS indicator_id,
           split_part(i.indicator_ref, ':', 3) AS grade
    FROM priority_area_indicators i JOIN priority_areas a USING (area_id)
    WHERE a.plan_id = $plan_id
)
SELECT i.area_id, i.area_name, i.area_sort, i.sort_order, i.source, i.indicator_ref, i.place_id,
       p.name AS place_name,
       CASE WHEN p.place_id IS NULL THEN NULL
            WHEN EXISTS (SELECT 1 FROM place_aliases pa WHERE pa.alias_key = lower(p.name) AND pa.place_id = p.place_id)
            THEN p.name ELSE p.place_id END AS place_text,
       i.baseline_year, i.target,
       CASE i.source WHEN 'crime' THEN 'Anmälda brott' WHEN 'survey' THEN 'Enkät'
                     WHEN 'events' THEN 'Polisens händelser' ELSE 'Närvaro' END AS source_label,
       CASE i.source
           WHEN 'crime' THEN coalesce(k.label, i.indicator_ref)
           WHEN 'survey' THEN coalesce(si.label, i.indicator_ref)
                || CASE i.grade WHEN 'ak9' THEN ' (åk 9)' WHEN 'gy2' THEN ' (gy 2)' ELSE '' END
           WHEN 'events' THEN CASE WHEN i.indicator_ref = '' THEN 'Alla publicerade händelser'
                                   ELSE 'Publicerade händelser: ' || i.indicator_ref END
           ELSE CASE WHEN i.indicator_ref = '' THEN 'All närvaro' ELSE 'Närvaro: ' || coalesce(pk.label, i.indicator_ref) END
       END AS label,
       CASE i.source
           WHEN 'crime' THEN coalesce(k.label, i.indicator_ref)
           WHEN 'survey' THEN CASE WHEN si.label IS NULL THEN i.indicator_ref
                                   ELSE s.label || ': ' || si.label
                                        || CASE i.grade WHEN 'ak9' THEN ' (åk 9)' WHEN 'gy2' THEN ' (gy 2)' ELSE '' END END
           WHEN 'events' THEN CASE WHEN i.indicator_ref = '' THEN 'Alla typer' ELSE i.indicator_ref END
           ELSE CASE WHEN i.indicator_ref = '' THEN 'Alla typer' ELSE coalesce(pk.label, i.indicator_ref) END
       END AS ref_text,
       CASE i.source WHEN 'survey' THEN coalesce(si.unit, 'andel') WHEN 'patrols' THEN 'timmar' ELSE 'antal' END AS unit,
       CASE WHEN i.source = 'survey' THEN si.higher_is_better END AS higher_is_better,
       CASE i.source WHEN 'crime' THEN 'Brå, anmälda brott; Polisen, lokal statistik'
                     WHEN 'survey' THEN coalesce(s.publisher || ' (' || s.label || ')', 'Enkät')
                     WHEN 'events' THEN 'Polisen, publicerade händelser (ett urval, inte brottsstatistik)'
                     ELSE 'Närvaro- och patrulloggar (egen import)' END AS publisher
FROM ind i
LEFT JOIN places p ON p.place_id = i.place_id
LEFT JOIN crime_categories k ON i.source = 'crime' AND k.category_id = i.indicator_ref
LEFT JOIN surveys s ON i.source = 'survey' AND s.survey = i.survey
LEFT JOIN survey_indicators si ON i.source = 'survey' AND si.survey = i.survey AND si.indicator_id = i.indicator_id
LEFT JOIN patrol_kinds pk ON i.source = 'patrols' AND pk.kind = i.indicator_ref
ORDER BY i.area_sort, i.area_name, i.sort_order
