"""Showing figures as people read them: "60 %", "+40 pp", "kwalitatief"."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from programmas.keuzes import Criterium, Fase, Status
from programmas.notatie import format_getal
from programmas.realisatie import Onbepaald
from programmas.weergave import Terug

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
def urlterug(terug: Any) -> str:
    return quote(str(terug), safe="")


@register.filter
def veld(form: Any, naam: str) -> Any:
    return form[naam] if naam in form.fields else None


@register.filter
def terug_url(terug: Any, slug: str) -> str:
    return terug.url(slug) if terug else ""


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
    if actie == "verwijderen":
        url = reverse("rij_verwijderen", args=[slug, soort, pk])
        label = label or _("Verwijderen")
    elif pk is None:
        url = reverse("rij_nieuw", args=[slug, soort])
        label = label or _("Toevoegen")
    else:
        url = reverse("rij_bewerken", args=[slug, soort, pk])
        label = label or _("Wijzigen")
    terug = Terug.lees(str(terug), Terug("plan", "kop"))
    query = urlencode({**params, "terug": str(terug)})
    return format_html(
        '<a class="knop klein{}" href="{}?{}" hx-get="{}?{}" hx-target="#plek-{}">{}</a>',
        " gevaar" if actie == "verwijderen" else "",
        url,
        query,
        url,
        query,
        terug.sectie,
        label,
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
