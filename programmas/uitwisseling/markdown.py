"""Markdown as people write it in a plan: escaped text, placeholders, labels and blocks.

The document is parsed by markdown-it-py (CommonMark with its table rule, raw HTML off) into
`Blok`s that keep their line numbers. The texts a plan gives meaning to (a drempel in prose,
the unit of a level, a meting or what will be measured) are read here too, because both the
template's reader (sjabloon.py) and its writer (sjabloon_schrijven.py) follow them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit, getLine
from markdown_it.rules_block.table import table as _markdown_it_tabel
from markdown_it.token import Token

from .. import notatie

_PUNCTUATIE = r"!-/:-@\[-`{-~"  # CommonMark's ASCII punctuation, which a backslash escapes
_ONTSNAPPING = re.compile(rf"\\([{_PUNCTUATIE}])|<br\s*/?>|&#(\d{{1,7}});", re.IGNORECASE)
_TE_ONTSNAPPEN = re.compile(rf"\\(?=[{_PUNCTUATIE}\n])|<|&(?=#?[A-Za-z0-9]+;)")
_PLAATSHOUDER = re.compile(r"\[[^\[\]]*\]|_{2,}|\.{3}|…")
# What would start another block at the start of a list item ("[a]: b" defines a link).
_BLOKBEGIN = re.compile(r"([#>+*=\[-]|\d+[.)])")


def is_plaatshouder(tekst: str) -> bool:
    return not tekst.strip() or bool(_PLAATSHOUDER.fullmatch(tekst.strip()))


def _terug(treffer: re.Match[str]) -> str:
    if treffer.group(1) is not None:
        return treffer.group(1)
    if treffer.group(2) is None:
        return "\n"  # <br>
    # A space at the end of a text, written as a character reference (`randen`); any other
    # reference is text as written.
    code = int(treffer.group(2))
    teken = chr(code) if code <= 0x10FFFF else ""
    return teken if teken.isspace() and teken not in "\r\n" else treffer.group(0)


def ontsnap_terug(tekst: str) -> str:
    return _ONTSNAPPING.sub(_terug, tekst)


def randen(tekst: str) -> str:
    """`tekst` with the spaces at its ends written as character references ("&#32;"), which
    Markdown does not trim, so that a text ending in a space reads back with it."""
    kern = tekst.strip()
    if kern == tekst:
        return tekst
    if not kern:
        return "".join(f"&#{ord(c)};" for c in tekst)
    begin = tekst[: len(tekst) - len(tekst.lstrip())]
    eind = tekst[len(tekst.rstrip()) :]
    return "".join(f"&#{ord(c)};" for c in begin) + kern + "".join(f"&#{ord(c)};" for c in eind)


def lees_tekst(ruw: str) -> str:
    """A one-line value as written: placeholder empty, escapes undone, "<br>" a line break."""
    # A line break in the source is a wrapped line, not a break in the text.
    tekst = ruw.replace("\n", " ").strip()
    return "" if is_plaatshouder(tekst) else ontsnap_terug(tekst)


def schrijf_tekst(tekst: str, *, cel: bool = False, begin: bool = False) -> str:
    """A value escaped so that `lees_tekst` gives it back exactly and no HTML gets through."""
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n")
    if not tekst.strip():
        return randen(tekst)
    uit = _TE_ONTSNAPPEN.sub(lambda m: "\\" + m.group(0), tekst).replace("\n", "<br>")
    if cel:
        uit = uit.replace("|", "\\|")
    if uit and is_plaatshouder(uit):
        uit = "\\" + uit
    if begin and (treffer := _BLOKBEGIN.match(uit)):
        teken = treffer.end() - 1
        uit = uit[:teken] + "\\" + uit[teken:]
    # A closing "#" is escaped unless it already is (an odd run of backslashes before it):
    # "#" alone at the start of an item is already escaped by `begin` above, and escaping
    # it twice would read back as a backslash before the "#".
    vooraf = uit[:-1]
    if uit.endswith("#") and (len(vooraf) - len(vooraf.rstrip("\\"))) % 2 == 0:
        uit = vooraf + "\\#"
    return randen(uit)


def vergelijkbaar(tekst: str) -> str:
    """A label compared loosely: lower case, no accents, markup or punctuation."""
    kaal = unicodedata.normalize("NFKD", tekst.replace("'", "").replace("’", ""))
    kaal = "".join(c for c in kaal if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", kaal).split())


_LABEL = re.compile(
    r"^(?:\*\*|__)?\s*(?P<label>[^:*_|]{1,60}?)\s*(?:(?:\*\*|__)\s*:|:(?:\*\*|__)?)\s*(?P<waarde>.*)$"
)


def lees_label(regel: str) -> tuple[str, str] | None:
    """A "**Label:** value" line as (loose label, raw value)."""
    treffer = _LABEL.match(regel.strip())
    if treffer is None:
        return None
    return vergelijkbaar(treffer["label"]), treffer["waarde"].strip()


GETAL_PROCENT = r"([+-]?\d+(?:[.,]\d+)?)\s*%"
_DREMPEL = re.compile(
    rf"(?:\bop|\bdrempel:?|\bminimaal|\bminstens|\bten\s+minste)\s+"
    rf"(?:minimaal\s+|minstens\s+|ten\s+minste\s+)?{GETAL_PROCENT}",
    re.IGNORECASE,
)


def als_procent(tekst: str) -> Decimal | None:
    try:
        return Decimal(tekst.replace(",", "."))
    except InvalidOperation:
        return None


def drempel_uit(tekst: str) -> Decimal | None:
    """The drempel in prose such as "B1 moet eerst op 50% zijn", or None."""
    waarden = {als_procent(t) for t in _DREMPEL.findall(tekst)}
    if len(waarden) != 1:
        return None
    waarde = waarden.pop()
    return waarde if waarde is not None and 0 <= waarde <= 100 else None


def eenheid_van(nulmeting: str, target: str) -> str:
    """The unit of a baat as its nulmeting and target write it, when they agree."""
    eenheden = {e for e in (notatie.eenheid_uit(nulmeting), notatie.eenheid_uit(target)) if e}
    return eenheden.pop() if len(eenheden) == 1 else ""


@dataclass
class Item:
    regel: int
    nummer: int | None = None  # of an ordered list's item
    tekst: str = ""
    sub: list[Item] = field(default_factory=list)


@dataclass
class Tabel:
    kop: list[str]
    rijen: list[tuple[int, list[str]]]


@dataclass
class Blok:
    soort: str  # kop, alinea, lijst, tabel, citaat, code, lijn
    regel: int  # first line, 1-based
    eind: int  # last line, inclusive
    niveau: int = 0
    tekst: str = ""
    items: list[Item] = field(default_factory=list)
    tabel: Tabel | None = None


def _sluiting(tokens: list[Token], i: int) -> int:
    niveau = tokens[i].level
    j = i + 1
    while j < len(tokens) and not (tokens[j].level == niveau and tokens[j].nesting == -1):
        j += 1
    return j


def _items(tokens: list[Token], niveau: int) -> list[Item]:
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "list_item_open" and t.level == niveau:
            nummer = int(t.info) if t.info.isdigit() else None
            items.append(Item(regel=t.map[0] + 1 if t.map else 0, nummer=nummer))
        elif t.type == "inline" and t.level == niveau + 2 and items and not items[-1].tekst:
            items[-1].tekst = t.content
        elif t.type.endswith("_list_open") and t.level == niveau + 1 and items:
            eind = _sluiting(tokens, i)
            items[-1].sub.extend(_items(tokens[i + 1 : eind], niveau + 2))
            i = eind
        i += 1
    return items


def _cellen(state: StateBlock, regel: int) -> list[str]:
    cellen = escapedSplit(mdTrim(getLine(state, regel)))
    if cellen and cellen[0] == "":
        cellen.pop(0)
    if cellen and cellen[-1] == "":
        cellen.pop()
    return cellen


def _tabelregel(state: StateBlock, begin: int, eind: int, stil: bool) -> bool:
    """markdown-it's table rule, but a table is one token whose `meta` holds its Tabel.

    The rule of markdown-it pushes some ten tokens per row; a plan of 20,000 metingen became
    hundreds of thousands of objects, and Python's garbage collector walked them over and
    over, so reading grew faster than the file. Whether lines form a table is decided by
    markdown-it's own rule (asked silently, it pushes nothing); the rows are then read as
    that rule reads them, into plain lists.
    """
    if not _markdown_it_tabel(state, begin, eind, True):
        return False
    if stil:
        return True
    kop = [mdTrim(cel) for cel in _cellen(state, begin)]
    aantal = len(kop)
    afsluiters = state.md.block.ruler.getRules("blockquote")
    rijen: list[tuple[int, list[str]]] = []
    aangevuld = 0
    regel = begin + 2
    while regel < eind:
        if state.sCount[regel] < state.blkIndent:
            break
        if any(afsluiter(state, regel, eind, True) for afsluiter in afsluiters):
            break
        if not mdTrim(getLine(state, regel)) or state.is_code_block(regel):
            break
        cellen = _cellen(state, regel)
        aangevuld += aantal - len(cellen)
        if aangevuld > MAX_AUTOCOMPLETED_CELLS:
            break
        cellen = [mdTrim(c) if c else "" for c in cellen[:aantal]]
        rijen.append((regel + 1, cellen + [""] * (aantal - len(cellen))))
        regel += 1
    token = state.push("tabel", "table", 0)
    token.map = [begin, regel]
    token.meta = {"tabel": Tabel(kop, rijen)}
    state.line = regel
    return True


def _blokken(tokens: list[Token]) -> list[Blok]:
    blokken: list[Blok] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.level != 0 or t.nesting == -1:
            i += 1
            continue
        begin, eind = (t.map[0] + 1, t.map[1]) if t.map else (0, 0)
        volgende = tokens[i + 1].content if i + 1 < len(tokens) else ""
        if t.type == "heading_open":
            # A setext heading ("text" over "---") is often a paragraph written without a
            # blank line before a rule; the reader decides (see _secties).
            soort = "setext" if t.markup in ("-", "=") else "kop"
            blokken.append(Blok(soort, begin, eind, niveau=int(t.tag[1:]), tekst=volgende))
        elif t.type == "paragraph_open":
            blokken.append(Blok("alinea", begin, eind, tekst=volgende))
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            sluiting = _sluiting(tokens, i)
            blokken.append(Blok("lijst", begin, eind, items=_items(tokens[i + 1 : sluiting], 1)))
            i = sluiting
        elif t.type == "tabel":
            blokken.append(Blok("tabel", begin, eind, tabel=t.meta["tabel"]))
        elif t.type == "blockquote_open":
            blokken.append(Blok("citaat", begin, eind))
            i = _sluiting(tokens, i)
        elif t.type in ("fence", "code_block"):
            blokken.append(Blok("code", begin, eind, tekst=t.content))
        elif t.type == "hr":
            blokken.append(Blok("lijn", begin, eind))
        elif t.type == "html_block":
            blokken.append(Blok("alinea", begin, eind, tekst=t.content))
        i += 1
    return blokken


def tabelcellen(regel: str) -> list[str]:
    """The cells of a table line as written, split at unescaped pipes."""
    kaal = regel.strip().removeprefix("|")
    kaal = kaal[:-1] if kaal.endswith("|") and not kaal.endswith("\\|") else kaal
    return re.split(r"(?<!\\)\|", kaal)


def schaal(nulmeting: str, target: str, eenheid: str = "") -> str:
    """The scale of a baat as its levels write it: "getal" when its nulmeting or target has a
    number, "kwalitatief" when they are written without one, "" when neither is written."""
    if any(notatie.parse_niveau(n, eenheid) is not None for n in (nulmeting, target)):
        return "getal"
    return "kwalitatief" if nulmeting.strip() or target.strip() else ""


def is_meting(meting: str, schaal_van_baat: str) -> bool:
    """Whether a cell of the template's Meting column holds the meting (domain rule 0).

    In a qualitative baat any text is a meting. Otherwise only a text with a number is: a
    text without one ("Kwartaalmeting NPS") says what will be measured, whatever its date,
    so the same file reads the same on any day.
    """
    if not meting.strip():
        return False
    return schaal_van_baat == "kwalitatief" or notatie.heeft_getal(meting)


def lees_blokken(markdown: str) -> list[Blok]:
    """The top-level blocks of a Markdown document, each with its lines."""
    return _blokken(_PARSER.parse(markdown))


# The reader takes the source text of each inline token (`content`) and never its parsed
# children, so inline parsing is off: it scans ahead from every "[" and "`" and so takes
# time quadratic in a paragraph's length (a paragraph of brackets held a worker for 40 s).
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table").disable("inline")
_PARSER.block.ruler.at("table", _tabelregel, {"alt": ["paragraph", "reference"]})


def ontsnap(tekst: str) -> str:
    """Text with HTML and the escapes `ontsnap_terug` undoes escaped; line breaks kept."""
    return _TE_ONTSNAPPEN.sub(lambda m: "\\" + m.group(0), tekst)


# Cells the template gives meaning to

_SCHEIDING = re.compile(r"[│|┤├┼┃]")


def baatnummer(tekst: str) -> int | None:
    """The number in a baat reference: "B3", "b 3", "**B3**", "Baat 3" or "3"."""
    treffer = re.fullmatch(r"\W*(?:baat\s*|b\s*)?(\d{1,5})\W*", tekst.strip(), re.IGNORECASE)
    return int(treffer[1]) if treffer else None


def rastercellen(rest: str) -> list[str]:
    """The cells of a roadmap row after its baat code, left to right."""
    delen = _SCHEIDING.split(rest)
    # Before the first separator: the row's leader ("B1 ──────┤"); after the last: nothing.
    cellen = delen[1:]
    if cellen and not cellen[-1].strip():
        cellen.pop()
    return [c.strip(" ─━") for c in cellen]


def _b_code(tekst: str) -> int | None:
    treffer = re.fullmatch(r"\W*B\s*(\d{1,5})\W*", tekst, re.IGNORECASE)
    return int(treffer[1]) if treffer else None


def van_uit(tekst: str) -> tuple[list[int], str]:
    """An "Afhankelijk van" cell as the baten it names and what is outside the plan."""
    van: list[int] = []
    scheiding = re.compile(r"\s*(?:[,;/&+]|\ben\b)\s*", re.IGNORECASE)
    # The B-codes at the start, as the writer puts them.
    while treffer := re.match(r"\**B\s*(\d{1,5})\**(?=\s*(?:[,;/&+]|\ben\b|$))", tekst, re.I):
        van.append(int(treffer[1]))
        tekst = tekst[treffer.end() :]
        if scheidingsteken := scheiding.match(tekst):
            tekst = tekst[scheidingsteken.end() :]
    delen = [d.strip() for d in re.split(r"[,;]", tekst)]
    codes = [_b_code(d) for d in delen]
    if any(c is not None for c in codes):
        van += [c for c in codes if c is not None]
        tekst = ", ".join(d for d, c in zip(delen, codes, strict=True) if c is None and d)
    return list(dict.fromkeys(van)), tekst.strip()


def naam_en_periode(tekst: str) -> tuple[str, str]:
    """ "Fundament - 2026 H1" as naam and periode: split at the first " - " that a period
    follows, else at the last one."""
    # The writer escapes a dash inside a naam ("\\-"), so only a bare one splits.
    # An en or em dash (Word's autocorrect) separates only in a heading without a bare "-".
    streepjes = list(re.finditer(r"\s+-\s+", tekst)) or list(re.finditer(r"\s+[–—]\s+", tekst))
    for streepje in streepjes:
        if notatie.parse_periode(lees_tekst(tekst[streepje.end() :])) is not None:
            return lees_tekst(tekst[: streepje.start()]), lees_tekst(tekst[streepje.end() :])
    if streepjes:
        return lees_tekst(tekst[: streepjes[-1].start()]), lees_tekst(tekst[streepjes[-1].end() :])
    if notatie.parse_periode(lees_tekst(tekst)) is not None:
        return "", lees_tekst(tekst)
    return lees_tekst(tekst), ""
