"""Showing figures as people read them: "60 %", "+40 pp", "kwalitatief"; numbers and dates
in the reader's language (notatie's toon_ functions: "42,5" and "30 sep. 2026" in Dutch,
"42.5" and "30 Sep 2026" in English)."""

import functools
import html
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programmas import notatie
from programmas.keuzes import Criterium, Fase, Status
from programmas.notatie import toon_getal
from programmas.paginas import Terug, snel_url
from programmas.realisatie import AfhankelijkheidStatus, Onbepaald, heel

register = template.Library()


@register.filter
def procent(waarde: Any) -> str:
    """A realisatie: whole percents, unclamped; or why there is none."""
    if isinstance(waarde, Decimal):
        return f"{toon_getal(heel(waarde))} %"
    return _zonder_getal(waarde)


@register.filter
def procentpunt(waarde: Any) -> str:
    """An achterstand: "+40 pp" is behind plan, "−5 pp" ahead of it."""
    if isinstance(waarde, Decimal):
        punten = heel(waarde)
        teken = "+" if punten > 0 else ("−" if punten < 0 else "")
        return f"{teken}{toon_getal(abs(punten))} pp"
    return _zonder_getal(waarde)


def _zonder_getal(waarde: Any) -> str:
    """What stands where a figure has no number: why there is none, or a dash."""
    if isinstance(waarde, Onbepaald):
        return waarde.label
    return "–"


@register.filter
def getal(waarde: Any) -> str:
    if isinstance(waarde, Decimal):
        return toon_getal(waarde.normalize())
    return "" if waarde is None else str(waarde)


@register.filter
def datum(waarde: Any) -> str:
    """A day or moment the one way pages and the PDF show it: "30 sep. 2026" (a moment
    with its local time), "30 Sep 2026" in English; notatie.toon_datum decides."""
    if isinstance(waarde, datetime):
        return notatie.toon_tijdstip(
            timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
        )
    if isinstance(waarde, date):
        return notatie.toon_datum(waarde)
    return "" if waarde is None else str(waarde)


@register.filter
def dag(waarde: Any) -> str:
    """Only the day of a moment: "30 sep. 2026"."""
    if isinstance(waarde, datetime):
        waarde = (timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde).date()
    return datum(waarde)


@register.filter
def datumtekst(tekst: Any) -> str:
    """A date as written: a day in digits as "15 mrt. 2026", anything else as written."""
    return notatie.toon_datumtekst(str(tekst)) if tekst else ""


@register.filter
def niveau(waarde: Any, eenheid: Any = "") -> str:
    """A level with the baat's unit: a number ("7 NPS") or a text as written ("11" becomes
    "11 dagen"; "NPS +7" and "Ontwerp gereed" stay). Empty when there is none, so that
    `|default:` still says why."""
    eenheid = str(eenheid or "")
    if isinstance(waarde, Decimal):
        return notatie.getal_met_eenheid(waarde, eenheid)
    if not waarde:
        return ""
    return notatie.met_eenheid(str(waarde), eenheid)


# Looked up per cell of the roadmap: Fase.values builds a new list on every call.
_FASEN = frozenset(Fase.values)
_STATUSSEN = frozenset(Status.values)


@register.filter
def fase_label(waarde: Any) -> str:
    if isinstance(waarde, Onbepaald):
        return waarde.label
    if waarde in _FASEN:
        return str(Fase(waarde).label)
    return "–"


@register.filter
def fase_klasse(waarde: Any) -> str:
    return f"fase-{waarde}" if waarde in _FASEN else "fase-geen"


@register.filter
def status_label(waarde: Any) -> str:
    return str(Status(waarde).label) if waarde in _STATUSSEN else _("niet gezet")


@register.filter
def is_getal(waarde: Any) -> bool:
    return isinstance(waarde, Decimal)


@register.filter
def achterstallig(meetmoment: Any, vandaag: Any) -> bool:
    """`{% if m|achterstallig:vandaag %}`: realisatie's overdue rule (domain rule 6), for the
    report; the pages read `m.achterstallig`, set by their builder (paginas.markeer)."""
    return meetmoment.is_achterstallig(vandaag)


@register.filter
def urlterug(terug: Any) -> str:
    return quote(str(terug), safe="")


@register.filter
def terug_url(terug: Any, slug: str) -> str:
    return terug.url(slug) if terug else ""


_PK = "\x00pk\x00"  # where a row's pk goes in a cached link


@functools.lru_cache(maxsize=2048)
def _knop(
    slug: str,
    soort: str,
    actie: str,
    terug_tekst: str,
    label: str,
    params: tuple,
    met_pk: bool,
    taal: str | None,
) -> str:
    """A link with _PK where the row's pk goes: built once per kind of link on a page, not
    once per row (a plan page holds hundreds)."""
    pk = _PK if met_pk else None
    if actie == "verwijderen":
        url = snel_url("rij_verwijderen", slug, pk, soort=soort)
        label = label or _("Verwijderen")
    elif pk is None:
        url = snel_url("rij_nieuw", slug, soort=soort)
        label = label or _("Toevoegen")
    else:
        url = snel_url("rij_bewerken", slug, pk, soort=soort)
        label = label or _("Wijzigen")
    terug = Terug.lees(terug_tekst, Terug("plan", "kop"))
    adres = html.escape(f"{url}?{urlencode({**dict(params), 'terug': str(terug)})}")
    klasse = "knop klein gevaar" if actie == "verwijderen" else "knop klein"
    return (
        f'<a class="{klasse}" href="{adres}" hx-get="{adres}" '
        f'hx-target="#plek-{html.escape(terug.sectie)}">{html.escape(str(label))}</a>'
    )


@register.simple_tag
def knop(
    slug: str,
    soort: str,
    pk: int | None = None,
    *,
    terug: Any,
    actie: str = "bewerken",
    label: str = "",
    **params: Any,
) -> str:
    """A link that opens a row's form (or its removal) in its section's editing place, and
    works as a plain link without JavaScript."""
    sjabloon = _knop(
        slug,
        soort,
        actie,
        str(terug),
        str(label),
        tuple(params.items()),
        pk is not None,
        get_language(),  # the default label is in the page's language
    )
    # Every part is escaped in _knop; a pk is a number.
    return mark_safe(sjabloon.replace(_PK, str(int(pk))) if pk is not None else sjabloon)


@register.filter
def grafiek_json(figuur: Any, element_id: str) -> str:
    """`json_script` for a chart's figure (plain JSON data, charts.figuur_json): the same
    element, escaped alike (<, > and & as \\u escapes), by three str.replace calls instead of
    str.translate, which cost a dashboard of forty charts more than building them."""
    tekst = json.dumps(figuur, separators=(",", ":"), ensure_ascii=False)
    tekst = tekst.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    # The id is escaped; the JSON can no longer hold markup.
    return mark_safe(
        f'<script id="{html.escape(element_id)}" type="application/json">{tekst}</script>'
    )


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def signaal_kort(criterium: Any) -> str:
    """A signal's name short enough for a table cell; the whole reason is in section 7."""
    return {
        Criterium.ACHTERSTAND: _("Achterstand"),
        Criterium.CONFLICT: _("Conflict"),
        Criterium.COMMITMENT: _("Commitment"),
        Criterium.EXTERNE_FACTOR: _("Externe factor"),
    }.get(criterium, str(criterium))


@register.filter
def afhankelijkheid_status(status: Any) -> str:
    """Whether a dependency's drempel is reached, in the page's language: the status itself
    is a value of the code (realisatie.AfhankelijkheidStatus), also a CSS class."""
    return status.label if isinstance(status, AfhankelijkheidStatus) else str(status)


@register.filter
def length_per_soort(uitkomst: Any, soort: str) -> int:
    return len(uitkomst.per_soort(soort))
