"""The plan's Plotly figures drawn as standalone SVG, for the PDF report.

The web pages draw charts.py's figures with plotly.js; the PDF shows the same figures as
vector graphics. Kaleido would need a headless Chromium on the server and seconds per report,
so this module draws the figure JSON itself, following plotly.js 4's layout rules (autorange
padding, ticks, automargin, legend wrapping) for the features charts.py uses. Anything else
is skipped with a warning, so that a new chart feature shows up in the test log instead of
going missing from the PDF unnoticed. Why and what: docs/grafieken-in-pdf.md.
"""

from __future__ import annotations

import html
import itertools
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from ..notatie import in_het_engels

log = logging.getLogger(__name__)

MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# plotly.js's own (English) months, for a reader in English.
ENGELSE_MAANDEN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
# plotly.js's defaults for what a figure leaves out (charts.py uses template "none").
KLEUREN = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
LIJN = "#444"
REGEL = 1.3  # line spacing, in em
MIDDEN = 0.35  # em below a point that puts a line of text's middle on it
# Advance widths in 1/100 em of DejaVu Sans, Debian's sans-serif, for " " to "~". They only
# decide margins and fits; the PDF's own font draws the text.
_BREEDTES = bytes.fromhex(
    "20282e54405f4e1c27273254202420224040404040404040404022225454543564444546"
    "4d3f3a4e4b1e1e4238564b4f3c4f46403d494463443d442722275432323d4037403e2340"
    "3f1c1c3a1c613f3d40402934273f3b523b3b3440224054"
)
_PIJLPUNTEN = (  # plotly's arrowheads 0-7, and how far each reaches beyond the line's end
    ("", 0),
    ("M-2.4,-3V3L0.6,0Z", 0.6),
    ("M-3.7,-2.5V2.5L1.3,0Z", 1.3),
    ("M-4.45,-3L-1.65,-0.2V0.2L-4.45,3L1.55,0Z", 1.55),
    ("M-2.2,-2.2L-0.2,-0.2V0.2L-2.2,2.2L-1.4,3L1.6,0L-1.4,-3Z", 1.6),
    ("M-1.4,-2.2L0.6,0L-1.4,2.2L-1.4,3L1.6,0L-1.4,-3Z", 1.6),
    ("M2,0A2,2 0 1,1 0,-2A2,2 0 0,1 2,0Z", 0),
    ("M2,2V-2H-2V2Z", 0),
)
_STREPEN = {"dot": (1, 1), "dash": (3, 3), "longdash": (5, 5), "dashdot": (3, 1, 1, 1)}
_ANKER = {"left": 0.5, "top": 0.5, "right": -0.5, "bottom": -0.5}  # box centre from the point
# Hovering, zooming and editing only exist in the browser: not drawn, and no warning.
_INTERACTIEF = {
    *("hovertemplate", "hoverinfo", "hovertext", "hoverlabel", "hovermode", "customdata"),
    *("meta", "uid", "ids", "fixedrange", "dragmode", "uirevision", "template", "legendgroup"),
    *("captureevents", "automargin", "autosize"),
}
_BEKEND = {  # what is drawn, per kind of item; anything else gets a warning
    "bar": "type name x y base orientation width text textposition insidetextanchor textfont "
    "marker showlegend visible",
    "scatter": "type name x y mode line marker text textposition textfont showlegend visible",
    "layout": "font paper_bgcolor plot_bgcolor margin showlegend legend xaxis yaxis height "
    "barmode bargap shapes annotations",
    "axis": "type range autorange tickvals ticktext tickmode side showgrid gridcolor gridwidth "
    "zeroline visible categoryorder categoryarray tickformat title tickfont nticks",
    "legend": "orientation x y font",
    "marker": "color size symbol line",
    "line": "color width dash shape",
    "shape": "type x0 x1 y0 y1 xref yref line layer visible",
    "annotation": "x y xref yref text showarrow arrowhead arrowsize arrowwidth arrowcolor ax ay "
    "axref ayref xanchor yanchor font align visible",
}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_OPMAAK = re.compile(r"</?(?:b|i|em|sup|sub|span)(?:\s[^<>]*)?>", re.IGNORECASE)
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML
_DATUM = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d(?:\.\d*)?))?)?")
_EPOCHE = date(1970, 1, 1).toordinal()


def _onbekend(waar: str, item: dict[str, Any], soort: str) -> None:
    for sleutel in sorted(item.keys() - set(_BEKEND[soort].split()) - _INTERACTIEF):
        log.warning("SVG chart: %s attribute %r is not drawn", waar, sleutel)


def _x(waarde: Any) -> str:
    """XML-escaped, for attributes and text alike: names can hold <, & and quotes."""
    return escape(_ONGELDIG.sub("", str(waarde)), {'"': "&quot;", "'": "&apos;"})


def _n(getal: float) -> str:
    tekst = f"{getal:.2f}".rstrip("0").rstrip(".")
    return "0" if tekst == "-0" else tekst


def _el(naam: str, inhoud: str | None = None, /, **kenmerken: Any) -> str:
    """An SVG element: numbers with two decimals, all else escaped, stroke_width as
    stroke-width and class_ as class; inhoud is markup already."""
    tekst = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{_n(w) if isinstance(w, int | float) else _x(w)}"'
        for k, w in kenmerken.items()
        if w is not None
    )
    return f"<{naam}{tekst}/>" if inhoud is None else f"<{naam}{tekst}>{inhoud}</{naam}>"


def _regels(tekst: Any) -> list[str]:
    """The lines of a plotly text. Its formatting tags are dropped (charts.py uses none);
    entities become their characters (charts.tekst writes user text so), and other markup
    stays literal text, as plotly.js shows it."""
    return [html.unescape(_OPMAAK.sub("", regel)) for regel in _BR.split(str(tekst))]


@lru_cache(maxsize=4096)
def _em(regel: str) -> float:
    codes = (ord(unicodedata.normalize("NFD", teken)[0]) for teken in regel)  # ë is as wide as e
    return sum(_BREEDTES[c - 32] if 32 <= c < 127 else 64 for c in codes) / 100


def _breedte(regels: list[str], grootte: float) -> float:
    return max((_em(regel) for regel in regels), default=0.0) * grootte


def _punt(waarde: Any, i: int, standaard: Any = None) -> Any:
    """The value for point i of an attribute that is one value for all, or a list."""
    if isinstance(waarde, list):
        waarde = waarde[i] if i < len(waarde) else None
    return standaard if waarde is None else waarde


def _getal(waarde: Any) -> float | None:
    try:
        getal = float(waarde)
    except (TypeError, ValueError):
        return None
    return getal if math.isfinite(getal) and not isinstance(waarde, bool) else None


def _rond_op(waarde: float, reeks: tuple[int, ...]) -> int:
    """The first step of the series above the rough one (plotly's roundUp)."""
    return next((stap for stap in reeks if stap > waarde), reeks[-1])


def _dag(waarde: Any) -> float | None:
    """A date, as an ISO string or a date, in days since 1970."""
    if isinstance(waarde, date):
        return waarde.toordinal() - _EPOCHE
    if not isinstance(waarde, str) or not (match := _DATUM.fullmatch(waarde.strip()[:26])):
        return None
    j, m, d, uur, minuut, seconde = match.groups()
    try:
        dag = date(int(j), int(m), int(d)).toordinal() - _EPOCHE
    except ValueError:
        return None
    return dag + (int(uur or 0) * 3600 + int(minuut or 0) * 60 + float(seconde or 0)) / 86400


def _datumtekst(dag: date, opmaak: str) -> str:
    """A d3 time format (plotly's tickformat) with the months of the web page's locale:
    Dutch ("mrt"), or English ("Mar") for a reader in English."""
    maanden = ENGELSE_MAANDEN if in_het_engels() else MAANDEN
    velden = {"Y": str(dag.year), "y": f"{dag.year % 100:02d}", "m": f"{dag.month:02d}"}
    velden |= {"d": f"{dag.day:02d}", "-d": str(dag.day), "b": maanden[dag.month - 1]}
    return re.sub(r"%(-?[a-zA-Z])", lambda m: velden.get(m.group(1), m.group(0)), opmaak)


def _getaltekst(getal: float, decimalen: int, macht: int) -> str:
    """A tick number as the web page shows it: 12.500,5 or 15k, and a minus sign; in
    English 12,500.5."""
    tekst = f"{abs(getal) / 10**macht:,.{max(decimalen, 0)}f}"
    if "." in tekst:
        tekst = tekst.rstrip("0").rstrip(".")
    if len(tekst.partition(".")[0]) < 6:  # plotly groups thousands from 10.000 on
        tekst = tekst.replace(",", "")
    if not in_het_engels():
        tekst = tekst.translate(str.maketrans(",.", ".,"))
    if not tekst.strip("0,."):
        return "0"
    teken = "−" if getal < 0 else ""
    return teken + tekst + {3: "k", 6: "M", 9: "B", -3: "m", -6: "μ"}.get(macht, "")


@dataclass(frozen=True)
class _Letter:
    familie: str
    grootte: float
    kleur: str

    def met(self, font: Any, i: int = 0) -> _Letter:
        if not isinstance(font, dict):
            return self
        familie, kleur = _punt(font.get("family"), i, self.familie), _punt(font.get("color"), i)
        grootte = _getal(_punt(font.get("size"), i)) or self.grootte
        return _Letter(str(familie), grootte, str(kleur or self.kleur))


def _tekst(
    x: float,
    y: float,
    regels: list[str],
    letter: _Letter,
    basis: _Letter,
    anker: str = "start",
    **extra: Any,
) -> str:
    """Real <text>, a <tspan> per line, so the words stay searchable in the PDF. y is the
    first line's baseline; the root <svg> carries the basis font."""
    stap = REGEL * letter.grootte
    inhoud = "".join(_el("tspan", _x(r), x=x, y=y + i * stap) for i, r in enumerate(regels))
    extra["text_anchor"] = None if anker == "start" else anker
    extra["font_size"] = letter.grootte if letter.grootte != basis.grootte else None
    extra["fill"] = letter.kleur if letter.kleur != basis.kleur else None
    extra["font_family"] = letter.familie if letter.familie != basis.familie else None
    return _el("text", _x(regels[0]) if len(regels) == 1 else inhoud, x=x, y=y, **extra)


def _lijn(kleur: Any, dikte: float, streep: Any = None) -> dict[str, Any]:
    """Stroke attributes; plotly's named dashes scale with the line, at least 3 px."""
    patroon = None
    if streep in _STREPEN:
        patroon = ",".join(_n(stap * max(dikte, 3)) for stap in _STREPEN[streep])
    elif streep not in (None, "solid"):
        log.warning("SVG chart: line dash %r is drawn solid", streep)
    return {"stroke": kleur, "stroke_width": dikte, "stroke_dasharray": patroon}


@dataclass
class _As:
    """One axis: its kind, categories, extremes, range, place on the page and ticks."""

    letter: str
    opties: dict[str, Any]
    soort: str
    categorieen: dict[str, int]
    font: _Letter
    bereik: tuple[float, float] = (0.0, 1.0)
    begin: float = 0.0
    lengte: float = 1.0
    minima: list[tuple[float, float, bool]] = field(default_factory=list)
    maxima: list[tuple[float, float, bool]] = field(default_factory=list)
    ticks: list[tuple[float, list[str]]] = field(default_factory=list)

    def getal(self, waarde: Any) -> float | None:
        """A data value as a number along the axis: a category's place, a date's day."""
        if self.soort == "category":
            return None if waarde is None else _getal(self.categorieen.get(str(waarde)))
        return _dag(waarde) if self.soort == "date" else _getal(waarde)

    def pixel(self, getal: float) -> float:
        a, b = self.bereik
        deel = (getal - a) / (b - a)
        return self.begin + (deel if self.letter == "x" else 1 - deel) * self.lengte

    def binnen(self, getal: float) -> bool:
        laag, hoog = sorted(self.bereik)
        return laag - (hoog - laag) * 1e-4 <= getal <= hoog + (hoog - laag) * 1e-4

    def uiterste(self, waarden: list[float | None], laag: Any, hoog: Any, extra: bool) -> None:
        """Values autorange must show, with pixels to spare below and above each (plotly's
        findExtremes); extra adds plotly's 5 %. With one pad for all, only the ends count."""
        punten = [(w, _punt(laag, i, 0), _punt(hoog, i, 0)) for i, w in enumerate(waarden)]
        punten = [p for p in punten if p[0] is not None]
        if punten and not isinstance(laag, list) and not isinstance(hoog, list):
            punten = [min(punten), max(punten)]
        self.minima += [(w, float(p), extra) for w, p, _ in punten]
        self.maxima += [(w, float(p), extra) for w, _, p in punten]

    def schaal(self, begin: float, lengte: float) -> None:
        """Place the axis, take its range as given or by plotly's autorange, and its ticks."""
        self.begin, self.lengte = begin, lengte
        gegeven, auto = self.opties.get("range") or [], self.opties.get("autorange")
        grenzen = [_getal(g) if self.soort == "category" else self.getal(g) for g in gegeven]
        vast = len(grenzen) == 2 and None not in grenzen and grenzen[0] != grenzen[1]
        if vast and auto not in (True, "reversed"):
            self.bereik = (grenzen[0], grenzen[1])  # type: ignore[assignment]
        else:
            bereik = _autobereik(self.minima, self.maxima, lengte, self.soort)
            self.bereik = bereik[::-1] if auto == "reversed" else bereik
        self.ticks = [(g, regels) for g, regels in self._ticks() if self.binnen(g)]

    def _ticks(self) -> list[tuple[float, list[str]]]:
        laag, hoog = sorted(self.bereik)
        if isinstance(waarden := self.opties.get("tickvals"), list):
            teksten = list(self.opties.get("ticktext") or [])
            getallen = [(i, g) for i, w in enumerate(waarden) if (g := self.getal(w)) is not None]
            teksten += [self._label(g, 1) for _, g in getallen[len(teksten) :]]
            return [(g, _regels(teksten[i])) for i, g in getallen]
        if self.soort == "category":  # at most a label per 1.2 letter heights, as plotly
            stap = max(math.ceil((hoog - laag) * round(1.2 * self.font.grootte) / self.lengte), 1)
            return [(i, _regels(naam)) for naam, i in self.categorieen.items() if i % stap == 0]
        aantal = min(max(self.lengte / (80 if self.letter == "x" else 40), 4), 9) + 1  # plotly
        ruw = (hoog - laag) / (self.opties.get("nticks") or aantal)
        if self.soort == "date":
            return self._maanden(laag, hoog, ruw)
        stap = 10.0 ** math.floor(math.log10(ruw))
        stap *= _rond_op(ruw / stap, (2, 5, 10))
        reeks = range(math.ceil(laag / stap - 1e-9), math.floor(hoog / stap + 1e-9) + 1)
        return [(round(k * stap, 12), [self._label(k * stap, stap)]) for k in reeks]

    def _label(self, getal: float, stap: float) -> str:
        if self.soort == "date":
            dag = date.fromordinal(int(getal) + _EPOCHE)
            return _datumtekst(dag, self.opties.get("tickformat") or "%-d %b %Y")
        if self.soort == "category":
            return next((naam for naam, i in self.categorieen.items() if i == getal), "")
        orde = math.floor(math.log10(max(map(abs, self.bereik)) or 1) + 0.01)
        macht = 3 * round((orde - 1) / 3) if abs(orde) > 3 else 0  # plotly's k, M, B
        return _getaltekst(getal, macht - math.floor(math.log10(stap) + 0.01), macht)

    def _maanden(self, laag: float, hoog: float, ruw: float) -> list[tuple[float, list[str]]]:
        """Plotly's date ticks of whole years or 1, 2, 3 or 6 months, counted from January
        2000. Shorter steps are not supported: charts.py's "%b %Y" asks for months anyway."""
        if 2 * ruw > 365.25:
            basis = 10 ** math.floor(math.log10(ruw / 365.25))
            maanden = max(round(12 * basis * _rond_op(ruw / 365.25 / basis, (2, 5, 10))), 12)
        else:
            maanden = _rond_op(ruw / 30.4375, (1, 2, 3, 6, 12)) if 2 * ruw > 30.4375 else 1
        opmaak = self.opties.get("tickformat") or ("%Y" if maanden % 12 == 0 else "%b %Y")
        eerste = date.fromordinal(math.ceil(laag) + _EPOCHE)
        uit, index = [], eerste.year * 12 + eerste.month - (eerste.day == 1)
        for k in itertools.count(index + -index % maanden, maanden):
            if (getal := date(k // 12, k % 12 + 1, 1).toordinal() - _EPOCHE) > hoog:
                return uit
            uit.append((float(getal), [_datumtekst(date(k // 12, k % 12 + 1, 1), opmaak)]))
        return uit


def _autobereik(minima: list, maxima: list, lengte: float, soort: str) -> tuple[float, float]:
    """plotly.js's getAutoRange: the smallest range that shows every extreme with its pixels
    to spare, dropping the padding of a pair it leaves no room for."""
    if not minima:
        return (10957.0, 11323.0) if soort == "date" else (-1.0, 6.0)
    laag, hoog = min(m[0] for m in minima), max(m[0] for m in maxima)
    if laag == hoog:  # one value: plotly shows ±1 around it (a month, for a date)
        return (laag - (30 if soort == "date" else 1), hoog + (30 if soort == "date" else 1))

    def pad(punt: tuple[float, float, bool]) -> float:
        return punt[1] + (0.05 * lengte if punt[2] else 0)

    beste, a, b = 0.0, minima[0], maxima[0]
    for mn, mx in itertools.product(minima, maxima):
        if (ruimte := lengte - pad(mn) - pad(mx)) <= lengte / 10:
            mn, mx, ruimte = (mn[0], 0.0, False), (mx[0], 0.0, False), lengte
        if (mx[0] - mn[0]) / ruimte > beste:
            beste, a, b = (mx[0] - mn[0]) / ruimte, mn, mx
    return (a[0] - beste * pad(a), b[0] + beste * pad(b))


def _maak_as(letter: str, opties: dict[str, Any], sporen: list[dict], basis: _Letter) -> _As:
    _onbekend(f"{letter}axis", opties, "axis")
    waarden = [w for s in sporen for w in s.get(letter) or [] if w is not None]
    soort = opties.get("type", "-")
    if soort not in ("category", "date", "linear"):  # plotly's autotype
        if soort != "-":
            log.warning("SVG chart: %saxis type %r is drawn as linear", letter, soort)
        teksten = [w for w in waarden if _getal(w) is None]
        soort = "date" if teksten and all(_dag(w) is not None for w in teksten) else "linear"
        soort = "category" if teksten and soort == "linear" else soort
    namen = [str(c) for c in opties.get("categoryarray") or []]
    if opties.get("categoryorder", "array" if namen else "trace") not in ("array", "trace"):
        log.warning("SVG chart: %saxis categoryorder is drawn in trace order", letter)
    if soort == "category":  # the given order first, then the rest as the traces have them
        namen = list(dict.fromkeys(namen + [str(w) for w in waarden]))
    font = basis.met(opties.get("tickfont"))
    return _As(letter, opties, soort, {naam: i for i, naam in enumerate(namen)}, font)


@dataclass
class _Notitie:
    """An annotation, its text box measured as plotly does (2 px of border and padding)."""

    opties: dict[str, Any]
    letter: _Letter

    def __post_init__(self) -> None:
        o = self.opties
        self.pijl = o.get("showarrow", True) is not False
        self.regels = _regels(o["text"]) if o.get("text", "") != "" else []
        self.breedte = round(_breedte(self.regels, self.letter.grootte) + 4)
        self.hoogte = round(
            self.letter.grootte * (REGEL * len(self.regels) - 0.2) * bool(self.regels) + 4
        )
        self.schaal = float(o.get("arrowwidth", 2)) * float(o.get("arrowsize", 1))

    def verschuiving(self, letter: str, deel: float) -> float:
        """Pixels from the point to the text box's centre, by xanchor or yanchor."""
        anker = self.opties.get(f"{letter}anchor", "auto")
        if anker == "auto":  # plotly keeps a text near the paper's edge inside the paper
            anker = "left" if deel < 1 / 3 else "right" if deel > 2 / 3 else "center"
        return (self.breedte if letter == "x" else self.hoogte) * _ANKER.get(anker, 0.0)

    def staart(self, letter: str) -> Any:
        return self.opties.get(f"a{letter}", -10 if letter == "x" else -30) if self.pijl else 0

    def uitersten(self, as_: _As) -> None:
        """An annotation on a data axis widens its autorange to fit (plotly's calcAutorange)."""
        letter, o = as_.letter, self.opties
        if o.get(f"{letter}ref", letter) != letter or (plek := as_.getal(o.get(letter))) is None:
            return
        half = (self.breedte if letter == "x" else self.hoogte) / 2
        schuif, kop, staart = self.verschuiving(letter, 0.5), 3 * self.schaal * self.pijl, 0.0
        if self.pijl and o.get(f"a{letter}ref") == letter:  # the tail is in data too
            as_.uiterste([plek], kop, kop, False)
            plek = as_.getal(self.staart(letter))
        else:
            staart = _getal(self.staart(letter)) or 0.0
        plus = max(half + schuif + staart, kop, kop + staart)
        min_ = max(half - schuif - staart, kop, kop - staart)
        # Pixels count rightwards but downwards: on y, the pixels above are its minus side.
        as_.uiterste([plek], *((min_, plus) if letter == "x" else (plus, min_)), False)

    def plek(self, as_: _As, rand: float) -> tuple[float, float, float] | None:
        """(head, tail, text centre) along one axis, in pixels; None when plotly hides it."""
        letter, o = as_.letter, self.opties
        ref, aref = o.get(f"{letter}ref", letter), o.get(f"a{letter}ref", "pixel")
        if ref == letter:
            if (getal := as_.getal(o.get(letter))) is None:
                return None
            staart = as_.getal(self.staart(letter)) if self.pijl and aref == letter else None
            if not as_.binnen(getal) and (staart is None or not as_.binnen(staart)):
                return None  # outside the range, as plotly
            punt, deel = as_.pixel(getal), 0.5
        elif (
            ref in ("paper", f"{letter} domain")
            and (deel := _getal(o.get(letter, 0.5))) is not None
        ):
            deel = deel if letter == "x" else 1 - deel
            punt = as_.begin + as_.lengte * deel
        else:
            log.warning("SVG chart: annotation at %s %r is skipped", ref, o.get(letter))
            return None
        if not self.pijl:
            return punt, punt, punt + self.verschuiving(letter, deel)
        if aref == ref == letter:
            staart = punt if staart is None else as_.pixel(staart)
        else:
            staart = punt + (_getal(self.staart(letter)) or 0)
            punt = punt if ref == letter else min(max(punt, 1), rand - 1)
        return punt, staart, staart + self.verschuiving(letter, 0.5)

    def svg(self, xas: _As, yas: _As, w: float, h: float, basis: _Letter) -> str:
        if (px := self.plek(xas, w)) is None or (py := self.plek(yas, h)) is None:
            return ""
        (kx, sx, tx), (ky, sy, ty) = px, py
        delen = self._pijl(kx, ky, sx, sy, tx, ty) if self.pijl else []
        if self.regels:  # on the anchor's side, so a narrower PDF font keeps the text in place
            anker = "start" if tx - sx > 1 else "end" if sx - tx > 1 else "middle"
            if len(self.regels) > 1:
                anker = {"left": "start", "right": "end"}.get(self.opties.get("align"), "middle")
            x = tx + {"start": -1, "end": 1, "middle": 0}[anker] * (self.breedte / 2 - 2)
            y = ty - self.hoogte / 2 + 2 + 0.9 * self.letter.grootte  # plotly's first baseline
            delen.append(_tekst(x, y, self.regels, self.letter, basis, anker))
        return _el("g", "".join(delen), class_="annotation")

    def _pijl(self, kx: float, ky: float, sx: float, sy: float, tx: float, ty: float) -> list:
        """A line from the text box's edge to the head; none when the head is in the box."""
        hw, hh, dx, dy = self.breedte / 2, self.hoogte / 2, kx - sx, ky - sy
        if abs(kx - tx) <= hw and abs(ky - ty) <= hh:
            return []
        if abs(sx - tx) <= hw and abs(sy - ty) <= hh:  # start where the line leaves the box
            randen = ((dx, sx, tx, hw), (dy, sy, ty, hh))
            t = min((m + math.copysign(half, d) - s) / d for d, s, m, half in randen if d)
            sx, sy = sx + t * dx, sy + t * dy
        if (soort := self.opties.get("arrowhead", 1)) not in range(8):
            log.warning("SVG chart: arrowhead %r is drawn as 1", soort)
            soort = 1
        pad, terug = _PIJLPUNTEN[soort]
        if not (lengte := math.hypot(kx - sx, ky - sy)):
            return []
        eind = max(lengte - terug * self.schaal, 0) / lengte  # the head covers the line's end
        ex, ey = sx + (kx - sx) * eind, sy + (ky - sy) * eind
        kleur = self.opties.get("arrowcolor", LIJN)
        dikte = float(self.opties.get("arrowwidth", 2))
        uit = [_el("line", x1=sx, y1=sy, x2=ex, y2=ey, **_lijn(kleur, dikte))]
        if pad:
            hoek = 0 if soort >= 6 else math.degrees(math.atan2(ky - sy, kx - sx))
            plaats = f"translate({_n(ex)} {_n(ey)}) rotate({_n(hoek)}) scale({_n(self.schaal)})"
            uit.append(_el("path", d=pad, fill=kleur, transform=plaats))
        return uit


def _sporen(data: list[Any]) -> list[dict[str, Any]]:
    """The traces to draw; any other is skipped with a warning, never an error."""
    uit = []
    for i, spoor in enumerate(data):
        soort = spoor.get("type", "scatter") if isinstance(spoor, dict) else None
        assen = (spoor.get("xaxis", "x"), spoor.get("yaxis", "y")) if soort else ()
        if soort not in ("bar", "scatter") or assen != ("x", "y"):
            log.warning("SVG chart: trace %d (%s) is skipped", i, soort)
        elif spoor.get("visible", True) is True:
            _onbekend(f"{soort} trace", spoor, soort)
            for deel in ("marker", "line"):
                _onbekend(f"{soort} {deel}", spoor.get(deel) or {}, deel)
            uit.append({**spoor, "type": soort, "_index": i})
    return uit


def _kleur(spoor: dict[str, Any]) -> str:
    """The colour plotly gives a trace that names none: its line's, or the next default."""
    return (spoor.get("line") or {}).get("color") or KLEUREN[spoor["_index"] % len(KLEUREN)]


def _modus(spoor: dict[str, Any]) -> set[str]:
    standaard = "lines+markers" if len(spoor.get("x") or spoor.get("y") or []) < 20 else "lines"
    modus = set(str(spoor.get("mode") or standaard).split("+"))
    for deel in modus - {"lines", "markers", "text", "none"}:
        log.warning("SVG chart: scatter mode %r is not drawn", deel)
    return modus


def _xy(spoor: dict[str, Any], xas: _As, yas: _As) -> tuple[list, list]:
    xs, ys = spoor.get("x"), spoor.get("y")
    aantal = min(len(xs or ys or []), len(ys or xs or []))
    xs, ys = list(xs or range(aantal))[:aantal], list(ys or range(aantal))[:aantal]
    return [xas.getal(x) for x in xs], [yas.getal(y) for y in ys]


def _staafdata(spoor: dict[str, Any], xas: _As, yas: _As) -> tuple[_As, _As, list, float]:
    """(position axis, value axis, [(point, position, start, end)], room per position)."""
    xs, ys = _xy(spoor, xas, yas)
    liggend = spoor.get("orientation") == "h"
    pos_as, waarde_as = (yas, xas) if liggend else (xas, yas)
    staven = []
    for i, (p, lengte) in enumerate(zip(*((ys, xs) if liggend else (xs, ys)), strict=True)):
        if None not in (p, lengte, b := waarde_as.getal(_punt(spoor.get("base"), i, 0))):
            staven.append((i, p, b, b + lengte))
    stappen = [b - a for a, b in itertools.pairwise(sorted({s[1] for s in staven}))]
    return pos_as, waarde_as, staven, min(stappen or [1.0]) if pos_as.soort != "category" else 1.0


def _uitersten(xas: _As, yas: _As, sporen: list[dict], vormen: list[dict], notities: list) -> None:
    """Everything that autorange must show, per axis, as plotly.js collects it."""
    for spoor in sporen:
        if spoor["type"] == "bar":  # whole bands on the position axis; values from 0 up
            pos_as, waarde_as, staven, band = _staafdata(spoor, xas, yas)
            pos_as.uiterste([s[1] + k * band / 2 for s in staven for k in (-1, 1)], 0, 0, False)
            nul = [0.0] if "base" not in spoor or any(s[2] == 0 for s in staven) else []
            waarde_as.uiterste([w for s in staven for w in s[2:]] + nul, 0, 0, True)
            continue
        modus, maat = _modus(spoor), (spoor.get("marker") or {}).get("size", 6)
        xs, ys = _xy(spoor, xas, yas)
        if "markers" not in modus:
            pad: Any = 0
        elif isinstance(maat, list):  # plotly pads by marker size / 1.6, at least 3 px
            pad = [max(float(_punt(maat, i, 6)) / 1.6, 3) for i in range(len(xs))]
        else:
            pad = max(float(maat) / 1.6, 3)
        xas.uiterste(xs, pad, pad, bool({"markers", "text"} & modus))
        yas.uiterste(ys, pad, pad, bool({"markers", "text"} & modus))
    for vorm, as_ in itertools.product(vormen, (xas, yas)):
        if vorm.get(f"{as_.letter}ref", as_.letter) == as_.letter:
            dikte = float((vorm.get("line") or {}).get("width", 2)) / 2
            as_.uiterste(
                [as_.getal(vorm.get(f"{as_.letter}{k}")) for k in (0, 1)], dikte, dikte, False
            )
    for notitie, as_ in itertools.product(notities, (xas, yas)):
        notitie.uitersten(as_)


def _marker(x: float, y: float, marker: dict[str, Any], i: int, standaard: str) -> str:
    symbool = str(_punt(marker.get("symbol"), i, "circle"))
    vorm, _, open_ = symbool.partition("-")
    if vorm not in ("circle", "square", "diamond") or open_ not in ("", "open"):
        log.warning("SVG chart: marker symbol %r is drawn as a circle", symbool)
        vorm, open_ = "circle", ""
    r, kleur = float(_punt(marker.get("size"), i, 6)) / 2, _punt(marker.get("color"), i, standaard)
    rand = marker.get("line") or {}
    dikte = float(_punt(rand.get("width"), i, 0))
    if open_:  # an open symbol is its outline, in the marker's colour, at least 1 px wide
        stijl = {"fill": "none", **_lijn(kleur, dikte or 1)}
    else:
        stijl = {
            "fill": kleur,
            **(_lijn(_punt(rand.get("color"), i, LIJN), dikte) if dikte else {}),
        }
    if vorm == "circle":
        return _el("circle", cx=x, cy=y, r=r, **stijl)
    if vorm == "square":
        return _el("rect", x=x - r, y=y - r, width=2 * r, height=2 * r, **stijl)
    d = 1.3 * r  # plotly's diamond reaches 1.3 times the radius
    punten = f"M{_n(x + d)},{_n(y)}L{_n(x)},{_n(y + d)}L{_n(x - d)},{_n(y)}L{_n(x)},{_n(y - d)}Z"
    return _el("path", d=punten, **stijl)


def _staven(spoor: dict[str, Any], xas: _As, yas: _As, gat: float, basis: _Letter) -> str:
    """Bars, each with its text inside, made smaller where it does not fit (as plotly)."""
    pos_as, waarde_as, staven, band = _staafdata(spoor, xas, yas)
    liggend, dik = pos_as is yas, float(spoor.get("width") or band * (1 - gat))
    marker = spoor.get("marker") or {}
    rand, delen = marker.get("line") or {}, []
    for i, p, begin, eind in staven:
        w1, w2 = waarde_as.pixel(begin), waarde_as.pixel(eind)
        p1, p2 = pos_as.pixel(p - dik / 2), pos_as.pixel(p + dik / 2)
        x1, x2, y1, y2 = (w1, w2, p1, p2) if liggend else (p1, p2, w1, w2)
        x, y, breedte, hoogte = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
        dikte = float(_punt(rand.get("width"), i, 0))
        lijn = _lijn(_punt(rand.get("color"), i, LIJN), dikte) if dikte else {}
        kleur = _punt(marker.get("color"), i, _kleur(spoor))
        delen.append(_el("rect", x=x, y=y, width=breedte, height=hoogte, fill=kleur, **lijn))
        tekst, plaats = _punt(spoor.get("text"), i), _punt(spoor.get("textposition"), i, "auto")
        if tekst in (None, "") or plaats == "none":
            continue
        if plaats not in ("inside", "auto") or not liggend:
            log.warning("SVG chart: bar text %r is drawn inside horizontal bars only", plaats)
            continue
        regels, letter = _regels(tekst), basis.met(spoor.get("textfont"), i)
        hoog = letter.grootte * (REGEL * len(regels) - 0.2)
        passen = min((breedte - 6) / max(_breedte(regels, letter.grootte), 1), (hoogte - 6) / hoog)
        g = letter.grootte * min(1, max(passen, 0.1))
        anker = {"start": "start", "end": "end"}.get(spoor.get("insidetextanchor"), "middle")
        tx = {"start": x + 3, "end": x + breedte - 3}.get(anker, x + breedte / 2)
        ty = y + hoogte / 2 + MIDDEN * g - (len(regels) - 1) * REGEL * g / 2
        delen.append(_tekst(tx, ty, regels, _Letter(letter.familie, g, letter.kleur), basis, anker))
    return _el("g", "".join(delen), class_="trace bar", data_name=spoor.get("name", ""))


def _scatter(spoor: dict[str, Any], xas: _As, yas: _As, basis: _Letter) -> str:
    """Lines (broken where a point is missing), then markers, then texts, as plotly."""
    modus, kleur, lijn = _modus(spoor), _kleur(spoor), spoor.get("line") or {}
    xs, ys = _xy(spoor, xas, yas)
    punten = [
        None if None in p else (xas.pixel(p[0]), yas.pixel(p[1])) for p in zip(xs, ys, strict=True)
    ]
    delen = []
    if "lines" in modus and (dikte := float(lijn.get("width", 2))) > 0:
        if lijn.get("shape", "linear") != "linear":
            log.warning("SVG chart: line shape %r is drawn straight", lijn.get("shape"))
        for heel, stuk in itertools.groupby(punten, key=lambda p: p is not None):
            if heel and len(stuk := list(stuk)) > 1:
                reeks = " ".join(f"{_n(x)},{_n(y)}" for x, y in stuk)
                stijl = _lijn(kleur, dikte, lijn.get("dash"))
                delen.append(_el("polyline", points=reeks, fill="none", **stijl))
    marker = spoor.get("marker") or {}
    if "markers" in modus:
        delen += [_marker(*p, marker, i, kleur) for i, p in enumerate(punten) if p is not None]
    for i, punt in enumerate(punten):
        tekst = _punt(spoor.get("text"), i)
        if "text" not in modus or punt is None or tekst in (None, ""):
            continue
        letter, regels = basis.met(spoor.get("textfont"), i), _regels(tekst)
        plaats = str(_punt(spoor.get("textposition"), i, "middle center"))
        v = next((k for k in (-1, 1) if ("top", "", "bottom")[k + 1] in plaats), 0)
        h = next((k for k in (-1, 1) if ("left", "", "right")[k + 1] in plaats), 0)
        r = float(_punt(marker.get("size"), i, 6)) / 2 if "markers" in modus else 0
        afstand = r / 0.8 + 1 if r else 0  # plotly's Drawing.textPointPosition
        g, regelmaat = letter.grootte, (len(regels) - 1) * REGEL + 1
        dy = 0.75 * g + v * afstand + (v - 1) * regelmaat * g / 2
        anker = ("end", "middle", "start")[h + 1]
        delen.append(_tekst(punt[0] + h * afstand, punt[1] + dy, regels, letter, basis, anker))
    return _el("g", "".join(delen), class_="trace scatter", data_name=spoor.get("name", ""))


def _vorm(vorm: dict[str, Any], xas: _As, yas: _As) -> str:
    """A line shape, in data or paper coordinates; left out when outside the data range."""
    if vorm.get("type", "rect") != "line":
        log.warning("SVG chart: shape type %r is skipped", vorm.get("type", "rect"))
        return ""
    punten = []
    for as_, k in itertools.product((xas, yas), (0, 1)):
        waarde, ref = vorm.get(f"{as_.letter}{k}"), vorm.get(f"{as_.letter}ref", as_.letter)
        if ref == as_.letter and (getal := as_.getal(waarde)) is not None and as_.binnen(getal):
            punten.append(as_.pixel(getal))
        elif ref in ("paper", f"{as_.letter} domain") and (deel := _getal(waarde)) is not None:
            punten.append(as_.begin + as_.lengte * (deel if as_.letter == "x" else 1 - deel))
    if len(punten) < 4:
        return ""
    lijn = vorm.get("line") or {}
    stijl = _lijn(lijn.get("color", LIJN), float(lijn.get("width", 2)), lijn.get("dash"))
    x1, x2, y1, y2 = punten
    return _el("line", class_="shape", x1=x1, y1=y1, x2=x2, y2=y2, **stijl)


def _legenda(
    sporen: list[dict], layout: dict[str, Any], basis: _Letter, ruimte: float
) -> tuple | None:
    """Plotly's horizontal legend: (font, [(trace, x, y)], height). One row if it fits the
    plot's width, else rows of equal columns; y is each item's middle."""
    opties, items = (
        layout.get("legend") or {},
        [s for s in sporen if s.get("showlegend") is not False],
    )
    if not items or not layout.get("showlegend", len(items) > 1):
        return None
    letter = basis.met(opties.get("font"))
    breedtes = [
        40 + _breedte([s.get("name") or f"trace {s['_index']}"], letter.grootte) for s in items
    ]
    rij, een_rij = letter.grootte * REGEL + 3, sum(b + 5 for b in breedtes) < ruimte
    x = y = 0.0
    plaatsen = []
    for spoor, breedte in zip(items, breedtes, strict=True):
        stap = breedte + 5 if een_rij else max(breedtes) + 5
        if x and x + stap - 5 >= ruimte:
            x, y = 0.0, y + rij
        plaatsen.append((spoor, x, 5 + y + rij / 2))
        x += stap
    return letter, plaatsen, y + rij + 10


def _legenda_svg(legenda: tuple, opties: dict[str, Any], xas: _As, yas: _As, basis: _Letter) -> str:
    """A swatch and the name per trace, hanging from the legend's y (a fraction of the plot,
    as plotly's default yref "paper"; its horizontal legend anchors at the top)."""
    horizontaal = opties.get("orientation") == "h"
    links = xas.begin + xas.lengte * float(opties.get("x", 0) if horizontaal else 0)
    boven = yas.begin + yas.lengte * (1 - float(opties.get("y", -0.1) if horizontaal else -0.1))
    letter, plaatsen, _ = legenda
    delen = []
    for spoor, dx, dy in plaatsen:
        x, y = links + dx, boven + dy
        marker, kleur = spoor.get("marker") or {}, _kleur(spoor)
        if spoor["type"] == "bar":  # a square in the bar's colour and line
            rand = marker.get("line") or {}
            dikte = min(float(_punt(rand.get("width"), 0, 0)), 2)
            lijn = _lijn(_punt(rand.get("color"), 0, LIJN), dikte) if dikte else {}
            vulling = _punt(marker.get("color"), 0, kleur)
            delen.append(_el("rect", x=x + 14, y=y - 6, width=12, height=12, fill=vulling, **lijn))
        else:  # a stretch of its line and one marker, sized within plotly's limits
            modus, lijn = _modus(spoor), spoor.get("line") or {}
            if "lines" in modus and (dikte := min(float(lijn.get("width", 2)), 5)) > 0:
                stijl = _lijn(kleur, dikte, lijn.get("dash"))
                delen.append(_el("line", x1=x + 5, y1=y, x2=x + 35, y2=y, **stijl))
            if "markers" in modus:
                voorbeeld = {k: _punt(v, 0) for k, v in marker.items() if k != "line"}
                maat = min(max(float(voorbeeld.get("size") or 6), 2), 16)
                voorbeeld |= {"size": maat, "line": marker.get("line") or {}}
                delen.append(_marker(x + 20, y, voorbeeld, 0, kleur))
        naam = spoor.get("name") or f"trace {spoor['_index']}"
        delen.append(_tekst(x + 40, y + 0.39 * letter.grootte, [naam], letter, basis))
    return _el("g", "".join(delen), class_="legend")


def _titel(opties: dict[str, Any], basis: _Letter) -> tuple[list[str], _Letter]:
    """An axis title's lines and font; plotly makes it 1.2 times the font."""
    titel = opties.get("title")
    titel = titel if isinstance(titel, dict) else {"text": titel}
    letter = _Letter(basis.familie, round(basis.grootte * 1.2), basis.kleur).met(titel.get("font"))
    return (_regels(titel["text"]) if titel.get("text") else []), letter


def _marge(as_: _As, basis: _Letter) -> float:
    """Pixels outside the plot that an axis's tick labels and title take (for automargin);
    plotly keeps room for a title that is given, even an empty one."""
    if as_.opties.get("visible", True) is False:
        return 0.0
    regels, letter = _titel(as_.opties, basis)
    titel, g = max(len(regels), "title" in as_.opties) * letter.grootte, as_.font.grootte
    if as_.letter == "y":
        return 1 + max((_breedte(r, g) for _, r in as_.ticks), default=0) + titel
    return 1 + max((len(r) for _, r in as_.ticks), default=0) * REGEL * g + titel * REGEL


def _as(as_: _As, ander: _As, basis: _Letter) -> list[str]:
    """Gridlines, tick labels and title of an axis; template "none" draws no axis lines."""
    o, g, uit = as_.opties, as_.font.grootte, []
    if o.get("visible", True) is False:
        return uit
    if o.get("showgrid", bool(o.get("gridcolor") or o.get("gridwidth"))):
        stijl = _lijn(o.get("gridcolor", "#eee"), float(o.get("gridwidth", 1)))
        a, b = ander.begin, ander.begin + ander.lengte
        for p in (as_.pixel(getal) for getal, _ in as_.ticks):
            x1, y1, x2, y2 = (p, a, p, b) if as_.letter == "x" else (a, p, b, p)
            uit.append(_el("line", class_="grid", x1=x1, y1=y1, x2=x2, y2=y2, **stijl))
    if o.get("zeroline"):
        log.warning("SVG chart: %saxis zeroline is not drawn", as_.letter)
    kant = o.get("side", "bottom" if as_.letter == "x" else "left")
    teken = -1 if kant in ("top", "left") else 1
    lijn, font = ander.begin + (teken > 0) * ander.lengte, as_.font
    posities = sorted(as_.pixel(getal) for getal, _ in as_.ticks)
    ruimte = min((b - a for a, b in itertools.pairwise(posities)), default=math.inf) - 4
    breedste = max((_breedte(r, g) for _, r in as_.ticks), default=0)
    if as_.letter == "x" and breedste > ruimte:  # plotly.js turns such labels 30 degrees;
        g = g * max(ruimte / breedste, 0.6)  # on paper a little smaller reads better
        font = _Letter(font.familie, g, font.kleur)
    for getal, regels in as_.ticks:  # 1 px from the plot, extra lines growing outwards
        p, meer = as_.pixel(getal), (len(regels) - 1) * REGEL * g
        if as_.letter == "x":
            y = lijn - 1 - 0.2 * g - meer if teken < 0 else lijn + 1 + g
            uit.append(_tekst(p, y, regels, font, basis, "middle"))
        else:
            anker = "end" if teken < 0 else "start"
            uit.append(_tekst(lijn + teken, p - meer / 2 + MIDDEN * g, regels, font, basis, anker))
    regels, letter = _titel(o, basis)
    if regels and as_.letter == "y":  # turned a quarter, reading upwards, as plotly
        x, y = (
            lijn + teken * (_marge(as_, basis) - 0.3 * letter.grootte),
            as_.begin + as_.lengte / 2,
        )
        draai = f"rotate(-90 {_n(x)} {_n(y)})"
        uit.append(_tekst(x, y, regels, letter, basis, "middle", transform=draai))
    elif regels:
        y = lijn + teken * (_marge(as_, basis) - len(regels) * REGEL * letter.grootte)
        y += 0.8 * letter.grootte if teken > 0 else 0
        uit.append(_tekst(as_.begin + as_.lengte / 2, y, regels, letter, basis, "middle"))
    return uit


def svg(figuur: dict[str, Any], *, breedte: int = 800, hoogte: int | None = None) -> str:
    """A figure from `charts.figuur_json` as a standalone SVG document, laid out as plotly.js
    lays it out at this size (default height: the layout's). Width and height are in px with
    a viewBox, so that WeasyPrint scales it to the page; the text is text."""
    layout = figuur.get("layout") or {}
    _onbekend("layout", layout, "layout")
    _onbekend("legend", layout.get("legend") or {}, "legend")
    basis = _Letter('"Open Sans", verdana, arial, sans-serif', 12, LIJN).met(layout.get("font"))
    w, h = float(breedte), float(hoogte or layout.get("height") or 450)
    sporen = _sporen(figuur.get("data") or [])
    xas = _maak_as("x", layout.get("xaxis") or {}, sporen, basis)
    yas = _maak_as("y", layout.get("yaxis") or {}, sporen, basis)
    vormen = [v for v in layout.get("shapes") or [] if v.get("visible", True) is not False]
    items = [a for a in layout.get("annotations") or [] if a.get("visible", True) is not False]
    for item, soort in [*((v, "shape") for v in vormen), *((a, "annotation") for a in items)]:
        _onbekend(soort, item, soort)
    notities = [_Notitie(item, basis.met(item.get("font"))) for item in items]
    if layout.get("barmode", "group") != "overlay" and sum(s["type"] == "bar" for s in sporen) > 1:
        log.warning("SVG chart: barmode %r is drawn as overlay", layout.get("barmode", "group"))
    _uitersten(xas, yas, sporen, vormen, notities)

    # Margins as plotly's automargin sets them: tick labels and the legend push them out to
    # fit, keeping the smallest margin (at most 12 px) free at the edge. Pushing moves the
    # ticks, so it is done twice. Plotly's margins are whole pixels.
    marge = {
        k: float((layout.get("margin") or {}).get(k, d))
        for k, d in zip("lrtb", (80, 80, 100, 80), strict=True)
    }
    pad, duw, legenda = min(12.0, *marge.values()), dict.fromkeys("lrtb", 0.0), None
    for _ in range(2):
        links, rechts, boven, onder = (max(marge[k], duw[k]) for k in "lrtb")
        legenda = _legenda(sporen, layout, basis, w - links - rechts)
        if legenda:
            y = float((layout.get("legend") or {}).get("y", -0.1))
            y = y if (layout.get("legend") or {}).get("orientation") == "h" else -0.1
            if y < 1:  # below or in the plot: the plot shrinks until the legend fits
                onder = max(onder, round(h - boven - (h - boven - legenda[2] - pad) / (1 - y)))
        xas.schaal(links, max(w - links - rechts, 1))
        yas.schaal(boven, max(h - boven - onder, 1))
        for as_, kanten, standaard in ((xas, "tb", "bottom"), (yas, "lr", "left")):
            if as_.opties.get("automargin"):
                kant = kanten[as_.opties.get("side", standaard) in ("bottom", "right")]
                duw[kant] = math.ceil(pad + _marge(as_, basis))

    if legenda and (layout.get("legend") or {}).get("orientation") != "h":
        log.warning("SVG chart: the legend is drawn horizontally, below the chart")
    plot = {"x": xas.begin, "y": yas.begin, "width": xas.lengte, "height": yas.lengte}
    # The traces are clipped to the plot area as plotly clips them, by a nested viewport
    # rather than a clipPath: an id would repeat when a report puts charts in one page.
    venster = " ".join(_n(v) for v in plot.values())
    sporen.sort(key=lambda s: s["type"] != "bar")  # bars below lines, as plotly
    gat = float(layout.get("bargap", 0.2))
    tekeningen = [
        _staven(s, xas, yas, gat, basis) if s["type"] == "bar" else _scatter(s, xas, yas, basis)
        for s in sporen
    ]
    delen = [
        _el("rect", width=w, height=h, fill=layout.get("paper_bgcolor", "#fff")),
        _el("rect", class_="plot", **plot, fill=layout.get("plot_bgcolor", "#fff")),
        *_as(xas, yas, basis),
        *_as(yas, xas, basis),
        *(_vorm(v, xas, yas) for v in vormen if v.get("layer") == "below"),
        _el("svg", "\n".join(tekeningen), **plot, viewBox=venster, class_="traces"),
        *(_vorm(v, xas, yas) for v in vormen if v.get("layer") != "below"),
        _legenda_svg(legenda, layout.get("legend") or {}, xas, yas, basis) if legenda else "",
        *(notitie.svg(xas, yas, w, h, basis) for notitie in notities),
    ]
    kop = {"width": f"{_n(w)}px", "height": f"{_n(h)}px", "viewBox": f"0 0 {_n(w)} {_n(h)}"}
    letter = {"font_family": basis.familie, "font_size": basis.grootte, "fill": basis.kleur}
    inhoud = "\n" + "\n".join(deel for deel in delen if deel) + "\n"
    return _el("svg", inhoud, xmlns="http://www.w3.org/2000/svg", **kop, **letter)
