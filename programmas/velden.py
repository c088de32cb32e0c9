"""Form fields that every form of the plan shares: one date input and a choice with
"anders" (issue 19).

A date is typed as people write it ("15-3-2026", "15 maart 2026", "maart 2026", "Q1 2026")
and read by notatie.parse_datum, in every form alike; a choice of the template that is open
("Inhoudelijk, Planning, Middelen, ...") is a list with "Anders, namelijk" and a text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import notatie
from .keuzes import keuze_label

lazy_label = lazy(keuze_label, str)

DATUM_HULP = _(
    "Een dag (15-3-2026 of 15 maart 2026) of een maand (maart 2026: telt als de laatste dag)."
)
DATUM_VOORBEELD = _("bijv. 15-3-2026 of maart 2026")


class DatumVeld(forms.CharField):
    """The one date input of every form: "15-3-2026", "2026-03-15", "15 maart 2026",
    "maart 2026", "Q1 2026" alike (notatie.parse_datum; a month counts as its last day).

    `als_datum`: the model keeps a date (an escalation's date), so the field gives a date;
    otherwise it gives the text as typed, which the model keeps beside its date (domain
    rule 0). What cannot be read is refused (in the person's language) and stays in the field.
    """

    widget = forms.TextInput

    def __init__(self, *, als_datum: bool = False, **kwargs: Any) -> None:
        self.als_datum = als_datum
        # A stored text the user left alone passes, readable or not: an old import may hold
        # "na besluit stuurgroep", and the model only checks a text that changed.
        self.bewaard: str | None = None
        kwargs.setdefault("help_text", DATUM_HULP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", DATUM_VOORBEELD)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("class", "datum")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return f"{value.day}-{value.month}-{value.year}"
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, date):
            return value if self.als_datum else self.prepare_value(value)
        tekst = super().to_python(value)
        if not tekst:
            return None if self.als_datum else ""
        if not self.als_datum and self.bewaard is not None and tekst == self.bewaard.strip():
            return tekst
        gelezen = notatie.parse_datum(tekst)
        if gelezen is None:
            raise forms.ValidationError(
                _(
                    "“%(tekst)s” is geen datum die Batenplan kan lezen. Schrijf een "
                    "dag (15-3-2026 of 15 maart 2026) of een maand (maart 2026)."
                ),
                code="onbekende_datum",
                params={"tekst": tekst},
            )
        return gelezen if self.als_datum else tekst


def als_datumveld(veld: forms.Field, *, als_datum: bool, bewaard: str | None) -> DatumVeld:
    """The DatumVeld in place of the field a ModelForm made for a date."""
    nieuw = DatumVeld(
        als_datum=als_datum,
        required=veld.required,
        label=veld.label,
        initial=veld.initial,
        help_text=veld.help_text or DATUM_HULP,
        max_length=getattr(veld, "max_length", None),
    )
    nieuw.bewaard = bewaard
    # A default like date.today is compared with what comes back (the admin's extra rows).
    nieuw.show_hidden_initial = veld.show_hidden_initial
    return nieuw


def gebruik_datumvelden(form: forms.ModelForm) -> None:
    """Give every date of a ModelForm (a date kept as text, `<x>_tekst` of the model's
    `datums`, or a DateField) the one DatumVeld."""
    model = form._meta.model
    teksten = {f"{naam}_tekst" for naam in getattr(model, "datums", ())}
    for naam, veld in list(form.fields.items()):
        if isinstance(veld, DatumVeld):
            continue
        try:
            modelveld = model._meta.get_field(naam)
        except Exception:  # a form field of its own, not the model's
            continue
        if naam in teksten:
            bewaard = getattr(form.instance, naam, None) if form.instance.pk else None
            form.fields[naam] = als_datumveld(veld, als_datum=False, bewaard=bewaard)
        elif isinstance(modelveld, models.DateField) and not isinstance(
            modelveld, models.DateTimeField
        ):
            form.fields[naam] = als_datumveld(veld, als_datum=True, bewaard=None)


ANDERS = "_anders"


class KeuzeOfAndersWidget(forms.MultiWidget):
    """A list of the usual values and, for "Anders, namelijk", a text beside it (shown by
    the stylesheet only when "Anders" is chosen; without it, always)."""

    def __init__(self, keuzes: Sequence[str], attrs: dict | None = None) -> None:
        self.keuzes = list(keuzes)
        lijst = forms.Select(
            choices=[
                ("", "–"),
                *((k, lazy_label(k)) for k in self.keuzes),
                (ANDERS, _("Anders, namelijk …")),
            ],
            attrs={"class": "keuze-anders"},
        )
        tekst = forms.TextInput(
            attrs={"class": "anders-tekst", "aria-label": _("Anders, namelijk")}
        )
        super().__init__([lijst, tekst], attrs)

    # The field's label names the list (Django puts a MultiWidget in a fieldset whose legend
    # names no control); the text beside it has its own aria-label. Otherwise a screen
    # reader hears a nameless list (axe: select-name).
    use_fieldset = False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        if f"{name}_0" not in data and name in data:
            # A script or an older page that posts the plain text ("type=Planning").
            return self.decompress(data.get(name))
        return super().value_from_datadict(data, files, name)

    def decompress(self, value: Any) -> list[str]:
        if not value:
            return ["", ""]
        for keuze in self.keuzes:
            if str(value).strip().casefold() == keuze.casefold():
                return [keuze, ""]
        return [ANDERS, str(value)]


class KeuzeOfAndersVeld(forms.MultiValueField):
    """A text from a list ("Inhoudelijk") or, after "Anders, namelijk", as typed: the model
    keeps text either way, so a plan that wrote something else keeps it."""

    def __init__(self, keuzes: Sequence[str], *, max_length: int, **kwargs: Any) -> None:
        self.keuzes = list(keuzes)
        velden = (
            forms.CharField(required=False),
            forms.CharField(required=False, max_length=max_length),
        )
        kwargs.pop("max_length", None)
        super().__init__(
            velden,
            require_all_fields=False,
            widget=KeuzeOfAndersWidget(self.keuzes),
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> str:
        keuze, anders = ([*(data_list or []), "", ""])[:2]
        keuze, anders = (keuze or "").strip(), (anders or "").strip()
        if keuze in self.keuzes:
            return keuze
        if keuze not in ("", ANDERS):
            raise forms.ValidationError(
                _("Kies een waarde uit de lijst, of “Anders” met een eigen tekst."),
                code="ongeldige_keuze",
            )
        if keuze == ANDERS and not anders:
            raise forms.ValidationError(
                _("U koos “Anders”: schrijf erbij wat het is."), code="anders_leeg"
            )
        return anders
