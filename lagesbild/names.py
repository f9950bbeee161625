"""Normalising names as sources spell them, and finding the closest known names."""
from __future__ import annotations

import difflib
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014]\s*")


def name_key(text: str) -> str:
    """Matching key: case-folded, NFC, single spaces, no spaces around hyphens.

    `Hässelby - Vällingby (Sthlm)` and `hässelby-vällingby  (sthlm)` give the same key.
    """
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\u202f", " ")
    text = _SPACES.sub(" ", text).strip()
    text = _HYPHEN.sub("-", text)
    return text.casefold()


def slug(text: str) -> str:
    """ASCII identifier part: `Hässelby-Vällingby` -> `hasselby-vallingby`."""
    text = unicodedata.normalize("NFKD", name_key(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def closest(name: str, candidates: dict[str, str], n: int = 3) -> list[str]:
    """Up to n display names from `candidates` (key -> display name) closest to `name`."""
    hits = difflib.get_close_matches(name_key(name), list(candidates), n=n * 3, cutoff=0.6)
    seen: list[str] = []
    for key in hits:
        display = candidates[key]
        if display not in seen:
            seen.append(display)
    return seen[:n]


def short_slug(text: str, limit: int = 60) -> str:
    """slug(text), cut after the last whole word within `limit` characters (ids of plans and areas)."""
    out = ""
    for word in slug(text).split("-"):
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out


def file_slug(text: str | None, default: str, limit: int = 80) -> str:
    """An ASCII file-name part: 'Anmälda brott – Danderyd 2015–2025' -> 'anmalda-brott-danderyd-2015-2025'
    (at most `limit` characters; `default` when nothing is left)."""
    return slug(text or "")[:limit].strip("-") or default
