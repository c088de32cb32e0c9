"""Numbers and dates as Dutch plan writers put them down (domain rule 0).

A plan keeps every level and date as text; these functions find the number or date in that
text where there is one, and say None where there is none rather than guess.
"""

import calendar
import itertools
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import get_language, gettext_lazy

# A sign counts only when it does not follow a digit: "3-5" is a range, not 3 and -5.
# A number glued to a preceding letter is a name, not a quantity ("B1", "Q1", "m2", "CO2"),
# so "B1 moet eerst op 50% zijn" has one number: 50.
_GETAL = re.compile(
    r"(?:(?<![\d.,])(?P<teken>[+\-−])|(?<![\w.,]))(?P<cijfers>\d(?:[\d.,]*\d)?)",
)
_OPMERKING = re.compile(r"\([^()]*\)")
# Separators and punctuation that belong to neither the number nor its unit ("€ 1.250,-").
_RANDTEKENS = " \t\n:;,.-–—"


def _zonder_opmerkingen(tekst: str) -> str:
    """The text without remarks in parentheses, unless the remark is all there is."""
    kaal = tekst
    while True:
        # Repeat so that nested remarks go too.
        korter = _OPMERKING.sub(" ", kaal)
        if korter == kaal:
            break
        kaal = korter
    if kaal.strip():
        return kaal
    # "(12)" alone: the parentheses are decoration, not a remark beside a value.
    return tekst.replace("(", " ").replace(")", " ")


def _geldige_groepen(groepen: list[str]) -> bool:
    """Whether the digit groups form a thousands grouping like 1.250.000."""
    eerste, *rest = groepen
    return (
        1 <= len(eerste) <= 3
        and not eerste.startswith("0")
        and bool(rest)
        and all(len(groep) == 3 for groep in rest)
    )


def _cijfers_naar_decimal(cijfers: str) -> Decimal | None:
    """Digits with Dutch or English separators as a Decimal; None when they don't add up."""
    punten = cijfers.count(".")
    kommas = cijfers.count(",")
    if punten and kommas:
        # With both, the last one written is the decimal separator.
        decimaal = "," if cijfers.rfind(",") > cijfers.rfind(".") else "."
        duizendtal = "." if decimaal == "," else ","
        heel, _, fractie = cijfers.rpartition(decimaal)
        if decimaal in heel or not _geldige_groepen(heel.split(duizendtal)):
            return None
        return Decimal(f"{heel.replace(duizendtal, '')}.{fractie}")
    if kommas == 1:
        # A lone comma is the Dutch decimal comma, also before three digits ("1,250" = 1.25).
        return Decimal(cijfers.replace(",", "."))
    if punten == 1:
        heel, _, fractie = cijfers.partition(".")
        if len(fractie) == 3 and _geldige_groepen([heel, fractie]):
            # "1.250": Dutch writers group thousands with a dot.
            return Decimal(heel + fractie)
        return Decimal(cijfers)
    if punten or kommas:
        scheiding = "." if punten else ","
        groepen = cijfers.split(scheiding)
        return Decimal("".join(groepen)) if _geldige_groepen(groepen) else None
    return Decimal(cijfers)


def _enige_getal(tekst: str) -> tuple[Decimal, str, str] | None:
    """The one number in the text with the text before and after it, or None."""
    kaal = _zonder_opmerkingen(tekst)
    treffers = list(_GETAL.finditer(kaal))
    if len(treffers) != 1:
        return None
    treffer = treffers[0]
    waarde = _cijfers_naar_decimal(treffer["cijfers"])
    if waarde is None:
        return None
    if treffer["teken"] in ("-", "−"):
        waarde = -waarde
    return waarde, kaal[: treffer.start()], kaal[treffer.end() :]


def parse_getal(tekst: str) -> Decimal | None:
    """The number in a level as written, or None when there is no single number.

    None means the level is qualitative ("Ontwerp gereed") or ambiguous ("van 3 naar 5").
    Remarks in parentheses are ignored ("6,0 (nulmeting)" is 6.0). The Decimal keeps the
    digits as written: "6,0" gives Decimal("6.0"), not Decimal("6").
    """
    gevonden = _enige_getal(tekst)
    return None if gevonden is None else gevonden[0]


_DELEN = re.compile(r"[;\n|]")
# What joins the two ends of a range ("3-5 dagen", "3 tot 5"): neither end is the level.
_BEREIK = re.compile(r"\s*(?:[-–—]|tot|à|a)\s*", re.IGNORECASE)


def _getallen(kaal: str) -> list[re.Match[str]]:
    return [t for t in _GETAL.finditer(kaal) if _cijfers_naar_decimal(t["cijfers"]) is not None]


def _waarde(treffer: re.Match[str]) -> Decimal:
    waarde = _cijfers_naar_decimal(treffer["cijfers"])
    assert waarde is not None
    return -waarde if treffer["teken"] in ("-", "−") else waarde


def _draagt(kaal: str, treffer: re.Match[str], eenheid: str) -> bool:
    """Whether the unit is written right after the number ("55%", "14 dagen") or right
    before it ("NPS 20")."""
    gezocht = eenheid.casefold().strip()
    na = kaal[treffer.end() :].lstrip(" \t")
    voor = kaal[: treffer.start()].rstrip(" \t:")
    if na.casefold().startswith(gezocht):
        rest = na[len(gezocht) :]
        if not rest or not (rest[0].isalnum() and gezocht[-1:].isalnum()):
            return True
    if voor.casefold().endswith(gezocht):
        ervoor = voor[: len(voor) - len(gezocht)]
        if not ervoor or not (ervoor[-1].isalnum() and gezocht[:1].isalnum()):
            return True
    return False


def is_dubbelzinnig(tekst: str) -> bool:
    """Whether a level states more than one thing: several numbers outside its remarks
    ("van 3 naar 5", "Q1: 40, Q2: 45"), or several parts of which one has a number
    ("Ontwerp gereed; naleving 55%"). Rule 0: such a level has no number of its own."""
    kaal = _zonder_opmerkingen(tekst)
    if len(_getallen(kaal)) > 1:
        return True
    delen = [d for d in _DELEN.split(kaal) if d.strip(_RANDTEKENS)]
    return len(delen) > 1 and bool(_getallen(kaal))


def heeft_getal(tekst: str) -> bool:
    """Whether the text has a number outside its remarks in parentheses."""
    return bool(_getallen(_zonder_opmerkingen(tekst)))


def getallen(tekst: str) -> list[Decimal]:
    """Every number the text states outside its remarks in parentheses, in order."""
    return [_waarde(t) for t in _getallen(_zonder_opmerkingen(tekst))]


def getallen_in_opmerkingen(tekst: str) -> list[str]:
    """The remarks in parentheses that hold a number ("(was 12)"): the level's number is
    read without them, so a reader may want to point them out."""
    return [m.group(0) for m in _OPMERKING.finditer(tekst) if _GETAL.search(m.group(0))]


def parse_niveau(tekst: str, eenheid: str = "") -> Decimal | None:
    """The number of a level as written, read with the baat's unit (domain rule 0).

    One number: that number ("NPS +15", "6,0 (schaal 1-10)": remarks in parentheses are
    notes, not second numbers). A level that states more than one thing
    (`is_dubbelzinnig`) has a number only when exactly one of its numbers carries the
    unit: "Ontwerp gereed; naleving 55%" is 55 with unit "%", None with unit "score";
    "NPS 20; 400 respondenten" is 20 with unit "NPS". The ends of a range ("3-5 dagen")
    never count. None: qualitative or ambiguous.
    """
    if not is_dubbelzinnig(tekst):
        return parse_getal(tekst)
    if not eenheid.strip():
        return None
    kaal = _zonder_opmerkingen(tekst)
    treffers = _getallen(kaal)
    in_bereik: set[int] = set()
    for links, rechts in itertools.pairwise(treffers):
        tussen = kaal[links.end() : rechts.start()]
        if rechts["teken"]:
            tussen += rechts["teken"]
        if _BEREIK.fullmatch(tussen):
            in_bereik |= {links.start(), rechts.start()}
    dragers = [t for t in treffers if t.start() not in in_bereik and _draagt(kaal, t, eenheid)]
    return _waarde(dragers[0]) if len(dragers) == 1 else None


def eenheid_uit(tekst: str) -> str:
    """The unit written around the single number ("12%" gives "%"), best effort.

    The word after the number wins over the word before it ("ca. 14 dagen" gives "dagen",
    "NPS +15" gives "NPS"); "per ..." stays with it ("3,5 uur per week"). The rest of the
    sentence does not ("50% van de klanten" gives "%"). "" when the text has no single
    number or nothing around it.
    """
    gevonden = _enige_getal(tekst)
    if gevonden is None:
        return ""
    _, voor, na = gevonden
    woorden = na.split()
    eenheid = woorden[:1]
    rest = woorden[1:]
    if eenheid == ["per"]:
        eenheid, rest = woorden[:2], woorden[2:]
    while len(rest) >= 2 and rest[0] == "per":
        eenheid, rest = [*eenheid, *rest[:2]], rest[2:]
    achter = " ".join(eenheid).strip(_RANDTEKENS)
    if achter:
        return achter
    ervoor = voor.split()
    return ervoor[-1].strip(_RANDTEKENS) if ervoor else ""


def format_getal(waarde: Decimal) -> str:
    """A Decimal the Dutch way: "1.250,5"; the digits after the comma as stored ("6,0")."""
    if waarde.is_zero():
        # "-0" only confuses readers.
        waarde = abs(waarde)
    engels = format(waarde, ",f")
    return engels.translate(str.maketrans(",.", ".,"))


MAANDNAMEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_maand(d: date) -> str:
    """A month as Dutch plans write it, "maart 2026": what parse_datum reads back as the
    month's last day."""
    return f"{MAANDNAMEN[d.month - 1]} {d.year}"


_MAANDEN: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "febr": 2,
    "feb": 2,
    "february": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "augustus": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_Periode = tuple[date, date]


def _laatste_dag(jaar: int, maand: int) -> date:
    return date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def _maanden(jaar: int, eerste: int, laatste: int) -> _Periode:
    return date(jaar, eerste, 1), _laatste_dag(jaar, laatste)


def _dag(jaar: str, maand: str | int, dag: str) -> _Periode:
    d = date(int(jaar), int(maand), int(dag))
    return d, d


def _maand(jaar: str, maand: str | int) -> _Periode:
    return _maanden(int(jaar), int(maand), int(maand))


def _kwartaal(jaar: str, kwartaal: str) -> _Periode:
    laatste = 3 * int(kwartaal)
    return _maanden(int(jaar), laatste - 2, laatste)


def _halfjaar(jaar: str, helft: str) -> _Periode:
    laatste = 6 * int(helft)
    return _maanden(int(jaar), laatste - 5, laatste)


def _maandnaam(naam: str) -> int:
    # KeyError, like the ValueError of an impossible date, means "not a date".
    return _MAANDEN[naam]


_Omzetter = Callable[[re.Match[str]], _Periode]

# Each form, fully matched against the lowered text, gives the period it names.
# Years have four digits: "15-03-26" could be 1926 or 2026 and is not read.
_VORMEN: list[tuple[str, _Omzetter]] = [
    (r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})", lambda m: _dag(m[4], m[3], m[1])),
    (r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", lambda m: _dag(m[1], m[3], m[4])),
    (r"(\d{1,2}) ([a-z]+)\.? (\d{4})", lambda m: _dag(m[3], _maandnaam(m[2]), m[1])),
    (r"([a-z]+)\.? (\d{1,2}),? (\d{4})", lambda m: _dag(m[3], _maandnaam(m[1]), m[2])),
    (r"([a-z]+)\.? (\d{4})", lambda m: _maand(m[2], _maandnaam(m[1]))),
    (r"(\d{1,2})[-/](\d{4})", lambda m: _maand(m[2], m[1])),
    (r"(\d{4})-(\d{1,2})", lambda m: _maand(m[1], m[2])),
    (r"[qk]([1-4])[ /-]?(\d{4})", lambda m: _kwartaal(m[2], m[1])),
    (r"(\d{4})[ /-]?[qk]([1-4])", lambda m: _kwartaal(m[1], m[2])),
    (r"h([12])[ /-]?(\d{4})", lambda m: _halfjaar(m[2], m[1])),
    (r"(\d{4})[ /-]?h([12])", lambda m: _halfjaar(m[1], m[2])),
    (r"(\d{4})", lambda m: _maanden(int(m[1]), 1, 12)),
]
_LEZERS = [(re.compile(patroon), omzetter) for patroon, omzetter in _VORMEN]


def _normaal(tekst: str) -> str:
    kaal = _OPMERKING.sub(" ", tekst).lower()
    return " ".join(kaal.split()).strip(" ,;.")


def _enkele_periode(tekst: str) -> _Periode | None:
    """The period one date-like text names (a day, month, quarter, half year or year)."""
    for patroon, omzetter in _LEZERS:
        treffer = patroon.fullmatch(tekst)
        if treffer is not None:
            try:
                return omzetter(treffer)
            except (KeyError, ValueError):
                return None
    return None


def parse_datum(tekst: str) -> date | None:
    """The date as written, or None when it cannot be read.

    A coarser date counts as the last day it names (domain rule 0): "maart 2026" is
    31 March 2026, "Q1 2026" is 31 March 2026, "2026 H1" 30 June 2026, "2026" 31 December.
    Remarks in parentheses are ignored ("maart 2026 (M3)"), and so is a word that says the
    end is meant, which the last day already is: "eind 2027", "uiterlijk Q3 2026".
    """
    periode = _enkele_periode(_EIND.sub("", _normaal(tekst)))
    return None if periode is None else periode[1]


_EIND = re.compile(r"^(?:eind|einde|ultimo|uiterlijk)\s+")


# Between the two ends of a range; the spaces around a dash are optional ("jan-jun 2026").
_TOT = re.compile(r"\s*(?:[-–—/]|\b(?:t/m|tot en met|tot|to|until)\b)\s*")
_JAAR = re.compile(r"\d{4}")


def parse_periode(tekst: str) -> tuple[date, date] | None:
    """The first and last day of the period as written, or None when it cannot be read.

    Besides everything parse_datum reads (a day is a period of one day), ranges such as
    "sep 2025 - feb 2026" and "jan-jun 2026", where one end borrows the year of the other.
    """
    normaal = _normaal(tekst)
    periode = _enkele_periode(normaal)
    if periode is not None:
        return periode
    for scheiding in _TOT.finditer(normaal):
        links = normaal[: scheiding.start()]
        rechts = normaal[scheiding.end() :]
        if not links or not rechts:
            continue
        van = _enkele_periode(links)
        tot = _enkele_periode(rechts)
        if van is None and tot is not None and not _JAAR.search(links):
            van = _enkele_periode(f"{links} {tot[0].year}")
        if tot is None and van is not None and not _JAAR.search(rechts):
            tot = _enkele_periode(f"{rechts} {van[1].year}")
        if van is not None and tot is not None and van[0] <= tot[1]:
            return van[0], tot[1]
    return None


def kwartaal_van(d: date) -> tuple[int, int]:
    """The calendar quarter of a date as (year, quarter 1-4)."""
    return d.year, (d.month - 1) // 3 + 1


def nummer(tekst: str | None) -> int | None:
    """A row number as a URL or form carries it ("12"), or None: only the digits 0-9, so
    that "²" or "١" never reaches int() or a query."""
    if tekst and tekst.isascii() and tekst.isdigit():
        return int(tekst)
    return None


# How the pages and the PDF show a day: "30 sep. 2026", the abbreviations of the Dutch
# style guides (Taalunie), which parse_datum reads back.
MAANDAFKORTINGEN = (
    "jan.",
    "feb.",
    "mrt.",
    "apr.",
    "mei",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)


def format_datum(d: date) -> str:
    """A day as every page and the PDF show it: "30 sep. 2026" (one notation everywhere)."""
    return f"{d.day} {MAANDAFKORTINGEN[d.month - 1]} {d.year}"


def format_tijdstip(moment: datetime) -> str:
    """A moment (in local time) as the pages show it: "30 sep. 2026 14:05"."""
    return f"{format_datum(moment.date())} {moment:%H:%M}"


# Display in the reader's language (issue 19). The format_ functions above write Dutch,
# what files and stored texts hold; the toon_ functions below are for pages, charts and
# the PDF: Dutch as above, or in English "30 Sep 2026" and "1,250.5". The months come
# from the catalogue, so that a page holds no month the catalogue lacks.
_TOON_MAANDAFKORTINGEN = (
    gettext_lazy("jan."),
    gettext_lazy("feb."),
    gettext_lazy("mrt."),
    gettext_lazy("apr."),
    gettext_lazy("mei"),
    gettext_lazy("jun."),
    gettext_lazy("jul."),
    gettext_lazy("aug."),
    gettext_lazy("sep."),
    gettext_lazy("okt."),
    gettext_lazy("nov."),
    gettext_lazy("dec."),
)


def in_het_engels() -> bool:
    """Whether the active language (the reader's) is English."""
    return (get_language() or "").startswith("en")


def toon_getal(waarde: Decimal) -> str:
    """A number as the reader reads it: "1.250,5" in Dutch, "1,250.5" in English."""
    if not in_het_engels():
        return format_getal(waarde)
    return format(abs(waarde) if waarde.is_zero() else waarde, ",f")


def toon_datum(d: date) -> str:
    """A day as the reader reads it: "30 sep. 2026" in Dutch, "30 Sep 2026" in English."""
    return f"{d.day} {_TOON_MAANDAFKORTINGEN[d.month - 1]} {d.year}"


def toon_tijdstip(moment: datetime) -> str:
    """A moment (in local time) as the reader reads it: "30 Sep 2026 14:05" in English."""
    return f"{toon_datum(moment.date())} {moment:%H:%M}"


# A day written in digits only ("15-3-2026", "2026-03-15"): shown as format_datum does.
_CIJFERDAG = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{4}|\d{4}([-/.])\d{1,2}\2\d{1,2}")


def toon_datumtekst(tekst: str) -> str:
    """A date as written, for display: a day in digits as "15 mrt. 2026" (in English
    "15 Mar 2026"), like every date the app shows; anything else (a month, a quarter, a
    remark) exactly as written.

    Display only: the text stays stored, exported and imported as typed.
    """
    kaal = tekst.strip()
    if _CIJFERDAG.fullmatch(kaal):
        d = parse_datum(kaal)
        if d is not None:
            return toon_datum(d)
    return tekst


# A level that is only a number ("7", "+20", "6,5"): it gets the baat's unit when shown.
_KAAL_GETAL = re.compile(r"[+\-−]?\d[\d.,]*")


def met_eenheid(tekst: str, eenheid: str) -> str:
    """A level as written with the baat's unit where the writer left it out: "7" with
    unit NPS is "7 NPS", "11" with unit dagen "11 dagen". A level that names a unit or says
    something else ("NPS +7", "Ontwerp gereed") stays as written. Display only."""
    eenheid = eenheid.strip()
    kaal = tekst.strip()
    if not eenheid or not _KAAL_GETAL.fullmatch(kaal) or parse_getal(kaal) is None:
        return tekst
    return f"{kaal} {eenheid}"


def getal_met_eenheid(waarde: Decimal, eenheid: str) -> str:
    """A number of a level (a meting, an expected level) with the baat's unit: "7 NPS"
    (display: "6,5 NPS" in Dutch, "6.5 NPS" in English)."""
    tekst = toon_getal(waarde.normalize())
    return f"{tekst} {eenheid.strip()}" if eenheid.strip() else tekst
