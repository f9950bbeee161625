"""File-level checks before any reader runs: size, emptiness, and files that are not what they
claim to be. Each raises ImportRejected with a Swedish message; nothing is read further."""
from __future__ import annotations

import os

from loaders.base import ImportRejected, SourceFile

DEFAULT_MAX_MB = 40


def max_bytes() -> int:
    """The size limit: LAGESBILD_MAX_FILE_MB (default 40 MB)."""
    try:
        return int(float(os.environ.get("LAGESBILD_MAX_FILE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def check_file(src: SourceFile) -> None:
    limit = max_bytes()
    if len(src.data) > limit:
        raise ImportRejected(src.name, [
            f"filen är {len(src.data) / 1024 / 1024:.0f} MB; gränsen är {limit / 1024 / 1024:.0f} MB. "
            "Dela upp filen (t.ex. per år) eller höj gränsen med miljövariabeln LAGESBILD_MAX_FILE_MB."])
    if not src.data.strip():
        raise ImportRejected(src.name, ["filen är tom."])
