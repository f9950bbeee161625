"""Every kind has an Excel template: headers, one example row, Swedish instructions; the tabular
ones import as they are."""
from __future__ import annotations

import io

import openpyxl
import pytest

from lagesbild import db
from loaders.base import SourceFile
from loaders.pipeline import import_files
from loaders.registry import all_loaders
from loaders.templates import spec_for, template_bytes


# The areas file (fokusomraden) has three sheets instead of «Data»: its template is tested with its loader
# (tests/test_loader_priority_areas.py); it still imports as it is (below).
@pytest.mark.parametrize("loader", [l for l in all_loaders() if l.kind != "fokusomraden"], ids=lambda l: l.kind)
def test_template_has_headers_example_and_instructions(loader):
    spec = spec_for(loader)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(loader)))
    assert book.sheetnames[:2] == ["Data", "Instruktioner"]
    data = book["Data"]
    assert [c.value for c in data[1]] == spec.columns
    assert data.max_row == 2 and data.freeze_panes == "A2"
    help_text = " ".join(str(c.value) for row in book["Instruktioner"].iter_rows() for c in row if c.value)
    assert loader.title in help_text and spec.steps[0] in help_text


@pytest.mark.parametrize("loader", [l for l in all_loaders() if spec_for(l).importable], ids=lambda l: l.kind)
def test_importable_template_imports_its_example_row(loader, tmp_path):
    path = tmp_path / "t.duckdb"
    db.ensure_database(path)
    spec = spec_for(loader)
    (result,) = import_files(sources=[SourceFile(spec.file_name, template_bytes(loader))], db_path=path)
    assert result.kind == loader.kind                     # detected from the content
    assert result.status == "ok", result.message
