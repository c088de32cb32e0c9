"""Showing figures as people read them: "60 %", "+40 pp", "kwalitatief"."""

import functools
import html
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from programmas.keuzes import Criterium, Fase, Status
from programmas.notatie import format_getal
from programmas.paginas import Terug
from programmas.realisatie import Onbepaald

register = template.Library()


def heel(waarde: Decimal) -> Decimal:
    return waarde.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@register.filter
def procent(waarde: Any) -> str:
    """A realisatie: whole percents, unclamped; or why there is none."""
    if isinstance(waarde, Decimal):
        return f"{format_getal(heel(waarde))} %"
    if isinstance(waarde, Onbepaald):
        return str(waarde)
    return "–"


@register.filter
def procentpunt(waarde: Any) -> str:
    """An achterstand: "+40 pp" is behind plan, "−5 pp" ahead of it."""
    if isinstance(waarde, Decimal):
        punten = heel(waarde)
        teken = "+" if punten > 0 else ("−" if punten < 0 else "")
        return f"{teken}{format_getal(abs(punten))} pp"
    if isinstance(waarde, Onbepaald):
        return str(waarde)
    return "–"


@register.filter
def getal(waarde: Any) -> str:
    if isinstance(waarde, Decimal):
        return format_getal(waarde.normalize())
    return "" if waarde is None else str(waarde)


@register.filter
def fase_label(waarde: Any) -> str:
    if isinstance(waarde, Onbepaald):
        return str(waarde)
    if waarde in Fase.values:
        return str(Fase(waarde).label)
    return "–"


@register.filter
def fase_klasse(waarde: Any) -> str:
    return f"fase-{waarde}" if waarde in Fase.values else "fase-geen"


@register.filter
def status_label(waarde: Any) -> str:
    return str(Status(waarde).label) if waarde in Status.values else _("niet gezet")


@register.filter
def is_getal(waarde: Any) -> bool:
    return isinstance(waarde, Decimal)


@register.filter
def achterstallig(meetmoment: Any, vandaag: Any) -> bool:
    """`{% if m|achterstallig:vandaag %}`: realisatie's overdue rule (domain rule 6), so no
    template restates it."""
    return meetmoment.is_achterstallig(vandaag)


@register.filter
def urlterug(terug: Any) -> str:
    return quote(str(terug), safe="")


@register.filter
def terug_url(terug: Any, slug: str) -> str:
    return terug.url(slug) if terug else ""


_PLEK = 987654321  # a number no URL has, standing in for the varying parts


@functools.lru_cache(maxsize=512)
def _url_sjabloon(naam: str, slug: str, soort: str | None, delen: int) -> str:
    """A URL with {} where its numbers go: one reverse() per kind of link, not per row."""
    args: list[Any] = [slug] + ([soort] if soort else []) + [_PLEK] * delen
    return reverse(naam, args=args).replace(str(_PLEK), "{}")


def snel_url(naam: str, slug: str, *nummers: Any, soort: str | None = None) -> str:
    return _url_sjabloon(naam, slug, soort, len(nummers)).format(*nummers)


@register.simple_tag
def roadmap_url(slug: str, nummer: int, kwartaal: int) -> str:
    return snel_url("roadmap_cel", slug, nummer, kwartaal)


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
    works as a plain link without JavaScript. Built with plain string work: a plan page
    holds hundreds of them."""
    if actie == "verwijderen":
        url = snel_url("rij_verwijderen", slug, pk, soort=soort)
        label = label or _("Verwijderen")
    elif pk is None:
        url = snel_url("rij_nieuw", slug, soort=soort)
        label = label or _("Toevoegen")
    else:
        url = snel_url("rij_bewerken", slug, pk, soort=soort)
        label = label or _("Wijzigen")
    terug = Terug.lees(str(terug), Terug("plan", "kop"))
    adres = html.escape(f"{url}?{urlencode({**params, 'terug': str(terug)})}")
    klasse = "knop klein gevaar" if actie == "verwijderen" else "knop klein"
    # Every part is escaped above or here.
    return mark_safe(
        f'<a class="{klasse}" href="{adres}" hx-get="{adres}" '
        f'hx-target="#plek-{html.escape(terug.sectie)}">{html.escape(str(label))}</a>'
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
def length_per_soort(uitkomst: Any, soort: str) -> int:
    return len(uitkomst.per_soort(soort))
