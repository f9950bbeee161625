"""File-level checks before any reader runs: size, emptiness, and files that are not what they
claim to be. Each raises ImportRejected with a Swedish message; nothing is read further.

In order (`check_file`):

1. Size: at most LAGESBILD_MAX_FILE_MB (default 40 MB).
2. Binary formats by their first bytes: zip (Excel), Parquet, the old Excel/encrypted format, PDF.
   A zip must be an Excel workbook named .xlsx/.xlsm, open, and unpack to a sane size (zip bombs).
   A truncated Parquet file lacks its end marker.
3. Text: a file named .xlsx/.parquet that is text; undecodable bytes (`base.decode_text`);
   empty files; HTML pages (an error page saved instead of data); JSON that does not parse
   (cut off or malformed) or is empty; and, in text other than JSON, damage by a wrong conversion
   (control characters, replacement characters «�», UTF-8 read as Windows-1252: «Ã¶»).
"""
from __future__ import annotations

import io
import json
import os
import re
import struct
import zipfile
import zlib
from html import unescape

import numpy as np

from loaders.base import ImportRejected, SourceFile

DEFAULT_MAX_MB = 40
# A workbook may unpack to at most this many times the size limit, and no part of it may be
# compressed more than MAX_RATIO times (ordinary sheets compress 5–20 times; zip bombs ~1000).
UNZIPPED_FACTOR = 10
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024          # parts smaller than this are not ratio-checked

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes() -> int:
    """The size limit: LAGESBILD_MAX_FILE_MB (default 40 MB)."""
    try:
        return int(float(os.environ.get("LAGESBILD_MAX_FILE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def check_file(src: SourceFile) -> None:
    """Raises ImportRejected when the file must not be read further; remembers a file that passed."""
    if src.cache.get("_guarded"):
        return
    _check(src)
    src.cache["_guarded"] = True


def _check(src: SourceFile) -> None:
    limit = max_bytes()
    if len(src.data) > limit:
        size = _mb(len(src.data))
        if size == _mb(limit):  # "40 MB; gränsen är 40 MB" would read as a contradiction
            size = f"{len(src.data) / 1024 / 1024:.1f} MB".replace(".", ",")
        raise ImportRejected(src.name, [
            f"filen är {size}; gränsen är {_mb(limit)}. "
            "Dela upp filen (t.ex. per år) eller höj gränsen med miljövariabeln LAGESBILD_MAX_FILE_MB."])
    if not src.data.strip():
        raise ImportRejected(src.name, ["filen är tom."])
    data, suffix = src.data, src.suffix
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _check_zip(src, limit)
    if data.startswith(b"PAR1"):
        if not data.endswith(b"PAR1") or len(data) < 12:
            raise ImportRejected(src.name, [
                "Parquet-filen är avklippt (slutmarkeringen «PAR1» saknas); hämta den igen."])
        return None
    if data.startswith(OLE_MAGIC):
        raise ImportRejected(src.name, [
            "filen är i det gamla Excel-formatet (.xls) eller en lösenordsskyddad Excel-fil; inget av dem "
            "kan läsas. Öppna den i Excel, ta bort eventuellt lösenord och spara som «Excel-arbetsbok (.xlsx)»."])
    if data.startswith(b"%PDF"):
        raise ImportRejected(src.name, [
            "filen är en PDF; siffror kan inte läsas ur den. Förväntade CSV, Excel (.xlsx), JSON eller Parquet."])
    if suffix in EXCEL_SUFFIXES:
        raise ImportRejected(src.name, [
            f"filen heter «{suffix}» men är en textfil (t.ex. CSV), inte en Excel-arbetsbok. Byt filändelse "
            "till .csv, eller öppna den i Excel och spara som «Excel-arbetsbok (.xlsx)»."])
    if suffix == ".parquet":
        raise ImportRejected(src.name, ["filen heter «.parquet» men är ingen Parquet-fil (den börjar inte "
                                        "med «PAR1»)."])
    text, _ = src.decoded          # ImportRejected for bytes that are not text
    if not text.strip():
        raise ImportRejected(src.name, ["filen är tom."])
    _check_html(src, text)
    if not _check_json(src, text):
        # JSON comes from an API in UTF-8 and carries free text (event summaries): a stray character
        # there is the source's, and names in it are checked against the registry anyway.
        _check_damaged_text(src, text)
    return None


# --- zip (Excel) ----------------------------------------------------------------------------------

def _check_zip(src: SourceFile, limit: int) -> None:
    suffix = src.suffix
    if suffix == ".zip":
        raise ImportRejected(src.name, ["filen är ett zip-arkiv; packa upp det och importera filerna i det."])
    if suffix not in EXCEL_SUFFIXES and suffix != "":
        kind = "ett OpenDocument-kalkylblad" if suffix == ".ods" else "ett zip-arkiv (t.ex. en Excel-arbetsbok)"
        raise ImportRejected(src.name, [
            f"filen heter «{suffix}» men är {kind}. Spara den som «Excel-arbetsbok (.xlsx)» eller som CSV "
            "och importera den igen."])
    try:
        zf = zipfile.ZipFile(io.BytesIO(src.data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRejected(src.name, [
            "Excel-filen är skadad eller avklippt (zip-arkivet går inte att öppna). Öppna den i Excel och "
            "spara den igen, eller hämta den på nytt."]) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise ImportRejected(src.name, [
            "zip-arkivet är ingen Excel-arbetsbok (xl/workbook.xml saknas). Förväntade en .xlsx-fil sparad "
            "av Excel, LibreOffice eller Google Kalkylark."])
    ceiling = UNZIPPED_FACTOR * limit
    declared = sum(i.file_size for i in infos)
    bomb = (" Filen importeras inte: den kan vara en så kallad zip-bomb, som fyller minnet när den packas "
            "upp. Spara om arbetsboken i Excel eller dela upp den.")
    if declared > ceiling:
        raise ImportRejected(src.name, [
            f"Excel-filen packas upp till {_mb(declared)}; gränsen är {_mb(ceiling)} "
            f"({UNZIPPED_FACTOR} gånger filgränsen {_mb(limit)})." + bomb])
    for info in infos:
        if info.file_size >= RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRejected(src.name, [
                f"delen «{info.filename}» i Excel-filen packas upp från {info.compress_size / 1024:.0f} kB "
                f"till {_mb(info.file_size)} ({info.file_size // max(info.compress_size, 1)} gånger); "
                f"förväntade högst {MAX_RATIO} gånger." + bomb])
    # The sizes above are what the archive declares; make sure the parts do not unpack to more.
    for info in infos:
        actual = _inflated_size(src.data, info, info.file_size + 1)
        if actual is not None and actual > info.file_size:
            raise ImportRejected(src.name, [
                f"delen «{info.filename}» i Excel-filen packas upp till mer än de {info.file_size} byte som "
                "arkivet anger." + bomb])


def _inflated_size(data: bytes, info: zipfile.ZipInfo, stop_after: int) -> int | None:
    """How many bytes a deflated or stored member really unpacks to (counting stops after
    `stop_after`), or None when it cannot be told (other compression, encrypted, unreadable)."""
    if info.flag_bits & 0x1:
        return None
    start = info.header_offset
    if data[start:start + 4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
    begin = start + 30 + name_len + extra_len
    raw = memoryview(data)[begin:begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return None
    inflater = zlib.decompressobj(-15)
    total, chunk = 0, 1 << 20
    try:
        for offset in range(0, len(raw), chunk):
            pending = raw[offset:offset + chunk]
            while True:
                piece = inflater.decompress(pending, min(1 << 24, stop_after - total + 1))
                total += len(piece)
                if total > stop_after:
                    return total
                pending = inflater.unconsumed_tail
                if not piece:
                    break
    except zlib.error:
        return None
    return total


# --- text ---------------------------------------------------------------------------------------

_HTML = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)",
                   re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


def _check_html(src: SourceFile, text: str) -> None:
    if not _HTML.match(text[:4096]):
        return
    found = _TITLE.search(text[:100_000])
    title = ""
    if found:
        title = re.sub(r"<[^>]+>", " ", found.group(1) or found.group(2) or "")
        title = re.sub(r"\s+", " ", unescape(title)).strip()[:100]
    what = f"«{title}»" if title else "en webbsida"
    hint = "Servern svarade med en felsida i stället för data"
    if re.search(r"\b429\b|too many requests", title + text[:4096], re.IGNORECASE):
        hint += " (för många anrop; Polisens API tillåter högst 60 i timmen)"
    raise ImportRejected(src.name, [
        f"filen är en webbsida (HTML), inte data: {what}. {hint}. Vänta en stund och hämta filen igen; "
        "förväntade CSV, Excel, JSON eller Parquet."])


_LOOKS_JSON = re.compile(r"\s*(?:\{|\[\s*[\{\[\]])")


def _check_json(src: SourceFile, text: str) -> bool:
    """A .json file (or text that starts like JSON) must parse; the document is cached for Peek.
    True when the file is JSON."""
    if src.suffix != ".json" and not _LOOKS_JSON.match(text[:200]):
        return False
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        error = exc
    except RecursionError:
        raise ImportRejected(src.name, ["JSON-filen är för djupt nästlad för att läsas."]) from None
    else:
        if document in ([], {}):
            raise ImportRejected(src.name, [
                f"filen är en tom JSON-{'lista' if document == [] else 'struktur'} («{json.dumps(document)}»): "
                "inga poster att importera. Kontrollera urvalet (t.ex. datum, plats eller nyckeltal) när "
                "filen hämtades."])
        src.cache["_json"] = document   # Peek.json reuses it
        return True
    if text.lstrip()[:1] not in ("{", "["):
        raise ImportRejected(src.name, [
            f"filen heter «{src.suffix}» men innehåller ingen JSON (börjar med «{text.strip().splitlines()[0][:40]}»). "
            "Förväntade JSON som från polisen.se/api/events, SCB:s eller Koladas API."])
    end = len(text.rstrip())
    if error.pos >= end - 1 or error.msg.startswith("Unterminated string"):
        raise ImportRejected(src.name, [
            f"JSON-filen tar slut mitt i en post (rad {text.count(chr(10), 0, end) + 1}, efter "
            f"{end} tecken); den verkar avklippt. Hämta eller spara den igen."])
    around = text[max(0, error.pos - 30):error.pos + 30].replace("\n", " ")
    raise ImportRejected(src.name, [
        f"JSON-filen är felaktig på rad {error.lineno}, tecken {error.colno}: fann «{around.strip()}», "
        "förväntade giltig JSON. Spara svaret från API:t oförändrat och försök igen."])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252 (or latin-1): "ö" (C3 B6) shows as "Ã¶", "Ä" (C3 84) as "Ã„" …
_SECOND = "".join(sorted({bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xC0)}))
_MOJIBAKE = re.compile("[\u00c2\u00c3][" + re.escape(_SECOND) + "]")


def _line_and_word(text: str, position: int) -> tuple[int, str]:
    line = text.count("\n", 0, position) + 1
    start = max(text.rfind(sep, 0, position) for sep in (";", "\t", ",", "\n", "\"")) + 1
    ends = [i for i in (text.find(sep, position) for sep in (";", "\t", ",", "\n", "\r", "\"")) if i >= 0]
    word = text[start:min(ends) if ends else len(text)].strip()
    return line, word[:60]


# The bytes that decode to _CONTROL's characters: the same single bytes in UTF-8 and Windows-1252
# (whose 0x80–0x9F are other characters, or undefined and rejected when decoding); U+0080–U+009F
# are C2 80–C2 9F in UTF-8.
_CONTROL_BYTES = np.zeros(256, dtype=bool)
_CONTROL_BYTES[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True


def _may_have_control(src: SourceFile) -> bool:
    """False when the file's bytes show that its text has no _CONTROL character (much faster than
    searching the text); True when they may, or for other encodings (then the text is searched)."""
    encoding = src.decoded[1]
    if encoding not in ("utf-8", "utf-8-sig", "cp1252"):
        return True
    data = np.frombuffer(src.data, dtype=np.uint8)
    if _CONTROL_BYTES[data].any():
        return True
    if encoding != "cp1252":
        lead = np.flatnonzero(data[:-1] == 0xC2) + 1
        return bool(((data[lead] >= 0x80) & (data[lead] <= 0x9F)).any())
    return False


def _check_damaged_text(src: SourceFile, text: str) -> None:
    found = _CONTROL.search(text) if _may_have_control(src) else None
    if found:
        line, _ = _line_and_word(text, found.start())
        raise ImportRejected(src.name, [
            f"rad {line} innehåller styrtecknet 0x{ord(found.group()):02X}, som inte hör hemma i en textfil; "
            "filen är skadad eller har fel teckenkodning. Spara om den som «CSV UTF-8»."])
    position = text.find("\ufffd")
    if position >= 0:
        line, word = _line_and_word(text, position)
        raise ImportRejected(src.name, [
            f"rad {line} innehåller ersättningstecknet «\ufffd» («{word}»): tecken som å, ä och ö har gått "
            "förlorade när filen konverterades. Förväntade läsbar text; hämta eller spara filen igen från "
            "originalet."])
    found = _MOJIBAKE.search(text) if ("\u00c3" in text or "\u00c2" in text) else None
    if found:
        line, word = _line_and_word(text, found.start())
        raise ImportRejected(src.name, [
            f"rad {line} innehåller «{word}», som ser ut som felkodad text (UTF-8 som lästs som "
            "Windows-1252, t.ex. «Ã¶» för «ö»). Förväntade å, ä och ö; spara om filen som «CSV UTF-8» "
            "från originalet."])
