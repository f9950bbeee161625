-- The kinds of presence, in display order. Returns: kind, label.
SELECT kind, label FROM patrol_kinds ORDER BY sort_order
