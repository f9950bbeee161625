"""The loader registry: every supported kind of file, its detection and its reader.

A new loader is a module with a `Loader` subclass listed in `LOADERS`; the CLI (and later the
import page) learn about it from here.
"""
from __future__ import annotations

import json
from functools import cached_property

from loaders.base import ImportRejected, Parsed, SourceFile
from loaders.tabular import is_excel, read_excel_table, sniff_delimiter


class Peek:
    """Cheap looks at a file's content for detection; each is computed once."""

    def __init__(self, src: SourceFile):
        self.src = src

    @cached_property
    def is_parquet(self) -> bool:
        return self.src.data[:4] == b"PAR1"

    @cached_property
    def is_excel(self) -> bool:
        return is_excel(self.src)

    @cached_property
    def text(self) -> str | None:
        if self.is_parquet or self.is_excel:
            return None
        try:
            return self.src.decoded[0]
        except (UnicodeDecodeError, ImportRejected):  # the guard reports undecodable files
            return None

    @property
    def json(self):
        """The parsed JSON document, or None; parsed once per file (readers reuse it)."""
        if "_json" not in self.src.cache:
            text = self.text
            document = None
            if text is not None and text.lstrip()[:1] in ("[", "{"):
                try:
                    document = json.loads(text)
                except ValueError:
                    pass
            self.src.cache["_json"] = document
        return self.src.cache["_json"]

    @cached_property
    def header_lines(self) -> list[list[str]]:
        """Candidate header rows (cells) from the first rows of a text file or an Excel workbook."""
        if self.is_excel:
            found: list[list[str]] = []
            read_excel_table(self.src, lambda cells: found.append(cells) or False)
            return found
        if self.text is None or self.json is not None:
            return []
        lines = [l for l in _first_lines(self.text, 40) if l.strip()]
        return [[c.strip() for c in l.split(sniff_delimiter(l))] for l in lines]

    def has_header(self, test) -> bool:
        return any(test(cells) for cells in self.header_lines)


def _first_lines(text: str, n: int) -> list[str]:
    """`text.splitlines()[:n]` without splitting a large file to its end."""
    size = 1 << 16
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > n:       # the n-th line is complete: a later one follows it in the chunk
            return lines[:n]
        size *= 4
    return text.splitlines()[:n]


class Loader:
    """Base class. Subclasses set the attributes and implement `sniff` and `read`."""

    kind: str = ""
    title: str = ""          # Swedish, one line
    description: str = ""    # Swedish: what the file is and where it comes from
    template: str = ""       # header line users can copy, for our own templates
    year_option: bool = False  # the file may lack its year; `options["year"]` (--year) supplies it
    header = None            # tabular loaders: their `header_matcher`, to say what a near-miss lacks

    # Tabular kinds set `header = staticmethod(test)` (a test for their header row); `sniff` and
    # `table` then come free.
    header = None
    missing_header: str = ""   # rejection when no header row is found (default: names the template)

    def sniff(self, peek: Peek) -> bool:
        if self.header is None:
            raise NotImplementedError
        return peek.has_header(self.header)

    def table(self, src: SourceFile):
        """The file's table below its header row (text or Excel). Raises ImportRejected."""
        from loaders.tabular import read_table

        found = read_table(src, self.header)
        if found is None:
            raise ImportRejected(src.name, [self.missing_header or
                                            f"hittade ingen rubrikrad; mallen är «{self.template}»."])
        return found

    def read(self, src: SourceFile, options: dict) -> Parsed:
        raise NotImplementedError


def all_loaders() -> list[Loader]:
    from loaders.action_plan import ActionPlan
    from loaders.bra_databasfil import BraDatabasfil
    from loaders.bra_kommun import BraKommunCsv
    from loaders.kolada import Kolada
    from loaders.ntu_table import NtuTable
    from loaders.patrol_log import PatrolLog
    from loaders.places_file import PlacesFile
    from loaders.police_template import PoliceTemplate
    from loaders.polisen_events import PolisenEvents
    from loaders.population import PopulationTemplate, ScbPopulation
    from loaders.priority_areas import PriorityAreasFile
    from loaders.survey_template import SurveyTemplate

    return [BraKommunCsv(), BraDatabasfil(), PoliceTemplate(), PolisenEvents(), ScbPopulation(),
            PopulationTemplate(), Kolada(), SurveyTemplate(), NtuTable(), PatrolLog(), ActionPlan(),
            PriorityAreasFile(), PlacesFile()]


def get_loader(kind: str, file_name: str = "") -> Loader:
    for loader in all_loaders():
        if loader.kind == kind:
            return loader
    kinds = ", ".join(l.kind for l in all_loaders())
    raise ImportRejected(file_name or kind, [f"okänd filtyp «{kind}»; kända typer: {kinds}."])


def detect(src: SourceFile) -> Loader:
    """The loader whose content test matches; the file name is only a tie-breaker hint."""
    peek = Peek(src)
    matches = [l for l in all_loaders() if l.sniff(peek)]
    if len(matches) > 1:
        hinted = [l for l in matches if l.kind.replace("-", "") in src.name.lower().replace("-", "")]
        matches = hinted or matches
    if matches:
        return matches[0]
    kinds = ", ".join(l.kind for l in all_loaders())
    raise ImportRejected(src.name, [
        "filtypen kunde inte avgöras från innehållet (ingen känd rubrikrad eller JSON-struktur). "
        f"Ange typen med --kind; kända typer: {kinds}. `python -m loaders kinds` beskriver dem."
        + _near_miss(peek)
    ])


def _near_miss(peek: Peek) -> str:
    """A hint for an unknown file: the loader one of whose header groups (at most one in three) the
    best line lacks, as " Närmast är «polisstatistik», men raden med rubriker saknar …", else ""."""
    best = None
    for loader in all_loaders():
        groups = getattr(loader.header, "groups", None)
        if not groups or len(groups) < 2:
            continue
        for cells in peek.header_lines[:40]:
            folded = {c.strip().casefold() for c in cells}
            missing = [g for g in groups if not folded & {n.casefold() for n in g}]
            matched = len(groups) - len(missing)
            if 0 < len(missing) <= max(1, len(groups) // 3) and matched >= 2:
                score = matched / len(groups)
                if best is None or score > best[0]:
                    best = (score, loader, missing)
    if best is None:
        return ""
    _, loader, missing = best
    lacks = ", ".join("«" + "» eller «".join(g) + "»" for g in missing)
    return (f" Närmast är «{loader.kind}», men raden med rubriker saknar {lacks}"
            + (f" (mallen är «{loader.template}»)." if loader.template else "."))
