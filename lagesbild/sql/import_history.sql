-- Every import, newest first, for the history on the import page.
-- Params: none. Returns: import_id, started_at, file_name, kind, imported_by, rows_added, rows_replaced,
-- rows_unchanged, rows_skipped, status, is_demo, undone_at, message.
SELECT import_id, started_at, file_name, kind, imported_by, rows_added, rows_replaced, rows_unchanged,
       rows_skipped, status, is_demo, undone_at, message
FROM import_log
ORDER BY import_id DESC
