"""Editors' free text per place ("annan information" on the overview). Every save is a new
version through the one writer; undo removes the newest version. No Streamlit here."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from lagesbild import db


def save_note(db_path: Path, place_id: str, text: str, editor: str | None) -> None:
    with db.writer(db_path) as w:
        w.con.execute("INSERT INTO place_notes VALUES (?, ?, ?, ?)",
                      [place_id, text.strip(), editor, dt.datetime.now()])
        w.changed = True


def undo_note(db_path: Path, place_id: str) -> bool:
    """Remove the newest version of the place's text; False when there is none."""
    with db.writer(db_path) as w:
        newest = w.con.execute("SELECT max(updated_at) FROM place_notes WHERE place_id = ?", [place_id]).fetchone()[0]
        if newest is None:
            return False
        w.con.execute("DELETE FROM place_notes WHERE place_id = ? AND updated_at = ?", [place_id, newest])
        w.changed = True
    return True
