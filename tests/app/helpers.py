"""Small helpers shared by the page tests."""
from __future__ import annotations

import json


def charts(at) -> list[dict]:
    """The plotly figures on the page, as dicts."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def open_page(app_on, path, page: str, **params):
    """Start the app on `path` with `params` in the URL, switch to `page`, and check it ran cleanly."""
    at = app_on(path, None, **params)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at
