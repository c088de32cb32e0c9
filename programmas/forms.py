"""The forms of the plan, with the Dutch checks of issue #3. They read and check what was
typed, through the models' rules; saving it, refusing to overwrite someone else's change,
is opslaan.py's."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import notatie, realisatie
from .keuzes import AFHANKELIJKHEID_TYPEN, NORMEN, Criterium, Fase
from .models import (
    Afhankelijkheid,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    PlanOnderdeel,
    Profiel,
    Programma,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
)
from .toegang import Toegang
from .vandaag import vandaag as vandaag_van_de_app
from .velden import DATUM_HULP, DatumVeld, KeuzeOfAndersVeld, gebruik_datumvelden

KWALITATIEF_HULP = _(
    "Bijvoorbeeld 6,5 of NPS +15 of 14 dagen. Tekst zonder getal (“Ontwerp gereed”) "
    "is kwalitatief: de figuren tonen dan “kwalitatief”."
)
ONBEKENDE_DATUM = _("Onbekende datum: schrijf bijvoorbeeld 15-03-2026 of maart 2026.")


def niveau_hulp(baat: Baat | None) -> str:
    """The help of a level field, with examples that the field reads as this baat's number:
    "Een getal in NPS, bijvoorbeeld 20 of 20 NPS" (never an example it reads otherwise)."""
    eenheid = (baat.eenheid if baat else "").strip()
    if (
        baat is not None
        and baat.target is None
        and baat.nulmeting is None
        and (baat.target_tekst or baat.nulmeting_tekst)
    ):
        return str(
            _(
                "Deze baat is kwalitatief: beschrijf het niveau in woorden, bijvoorbeeld "
                "“%(voorbeeld)s”."
            )
            % {"voorbeeld": baat.target_tekst or baat.nulmeting_tekst}
        )
    if not eenheid:
        return str(KWALITATIEF_HULP)
    getal = next((g for g in (baat.target, baat.nulmeting) if g is not None), Decimal(12))
    voorbeeld = notatie.format_getal(getal.normalize())
    return str(
        _(
            "Een getal in %(eenheid)s, bijvoorbeeld %(getal)s of %(met)s. Tekst zonder getal "
            "(“Ontwerp gereed”) is kwalitatief: de figuren tonen dan "
            "“kwalitatief”."
        )
        % {
            "eenheid": eenheid,
            "getal": voorbeeld,
            "met": notatie.getal_met_eenheid(getal, eenheid),
        }
    )


class GetalVeld(forms.CharField):
    """A number typed the Dutch way ("12,5", "1.250", "+15", "12%") or as "12.5"."""

    LENGTE = 30

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kw):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kw)
        # Not max_length: its validator would measure the Decimal this field returns.
        self.widget.attrs["maxlength"] = str(self.LENGTE)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return notatie.format_getal(value.normalize())
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        tekst = super().to_python(value)
        if not tekst:
            return None
        if len(tekst) > self.LENGTE:
            raise forms.ValidationError(
                _("Ten hoogste %(n)s tekens, bijvoorbeeld 12,5."), params={"n": self.LENGTE}
            )
        getal = notatie.parse_getal(tekst)
        if getal is None:
            raise forms.ValidationError(_("Vul een getal in, bijvoorbeeld 50 of 12,5."))
        if self.min_value is not None and getal < self.min_value:
            raise forms.ValidationError(
                _("Vul een getal van %(min)s tot en met %(max)s in."),
                params={"min": self.min_value, "max": self.max_value},
            )
        if self.max_value is not None and getal > self.max_value:
            raise forms.ValidationError(
                _("Vul een getal van %(min)s tot en met %(max)s in."),
                params={"min": self.min_value, "max": self.max_value},
            )
        return getal


GEEN_REVISIE = _(
    "Dit formulier mist de versie waarop het gebaseerd is; er is niets opgeslagen. "
    "Open het opnieuw, zodat u niet over een nieuwere wijziging heen bewaart."
)
BUITEN_ROADMAP = "buiten_roadmap"
ONWAARSCHIJNLIJK = "onwaarschijnlijk"


class RegelFormMixin:
    """What every ModelForm of the plan (pages and admin) does with the model's rules.

    The rules live on the model (clean(), `controleer_*` for many-to-many links); this only
    puts a refusal where the user sees it: on the form field that holds the model field, or
    above the form with the field's name when the form does not show that field.
    """

    # Model field -> form field, where a form asks for a model field under another name.
    veld_voor: dict[str, str] = {}

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            verdeeld: dict[str, list[ValidationError]] = {}
            for veld, lijst in errors.error_dict.items():
                doel = self.veld_voor.get(veld, veld)
                if doel != NON_FIELD_ERRORS and doel in (self._errors or {}):  # type: ignore[attr-defined]
                    # The form field refused what was typed and said why; the model saw
                    # the stored value instead, and a rule about that would only confuse.
                    continue
                if doel != NON_FIELD_ERRORS and doel not in self.fields:
                    label = capfirst(self._meta.model._meta.get_field(veld).verbose_name)
                    lijst = [
                        ValidationError(f"{label}: {bericht}", code=fout.code)
                        for fout in lijst
                        for bericht in fout.messages
                    ]
                    doel = NON_FIELD_ERRORS
                verdeeld.setdefault(doel, []).extend(lijst)
            errors = ValidationError(verdeeld)
        super()._update_errors(errors)  # type: ignore[misc]

    def controleer_koppelingen(self) -> None:
        """Many-to-many choices through the model's `controleer_koppelingen`."""
        controleer = getattr(self.instance, "controleer_koppelingen", None)  # type: ignore[attr-defined]
        if controleer is None:
            return
        m2m = {
            naam: self.cleaned_data[naam]  # type: ignore[attr-defined]
            for naam in self.fields  # type: ignore[attr-defined]
            if naam in self.cleaned_data  # type: ignore[attr-defined]
            and any(f.name == naam for f in self.instance._meta.many_to_many)  # type: ignore[attr-defined]
        }
        if m2m:
            try:
                controleer(**m2m)
            except ValidationError as fout:
                self._update_errors(fout)


class PlanForm(RegelFormMixin, forms.ModelForm):
    """A form for one part of a programme's plan.

    It knows the programme and the asking member, limits every choice of baten to the
    programme, and carries the revisie it was based on (see `opslaan.bewaar`). Every rule is the
    model's (full_clean() in `_post_clean`); a date outside the roadmap becomes a question.
    """

    # Required for a row that exists (see clean); a new row has no version to clash with.
    revisie = forms.IntegerField(
        label=_("Revisie"),
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": GEEN_REVISIE},
    )
    niveau_velden: tuple[str, ...] = ()
    datum_velden: tuple[str, ...] = ()

    def __init__(self, *args, toegang: Toegang, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        gebruik_datumvelden(self)
        self.toegang = toegang
        self.programma = toegang.programma
        self.roadmap_keuze = ""
        if not self.is_bound or "revisie" not in self.data:
            self.initial["revisie"] = self.instance.revisie
        if self.is_bound and self.add_prefix(BUITEN_ROADMAP) in self.data:
            self.fields[BUITEN_ROADMAP] = self.roadmap_vraag(None)
        for naam in self.niveau_velden:
            if naam in self.fields:
                self.fields[naam].help_text = niveau_hulp(self.hulp_baat())
        for naam in self.datum_velden:
            if naam in self.fields:
                self.fields[naam].help_text = DATUM_HULP
        for naam, veld in self.fields.items():
            if isinstance(veld, forms.ModelChoiceField) and veld.queryset.model is Baat:
                veld.queryset = self.baat_keuzes(naam)
                veld.label_from_instance = lambda b: f"{b.code} {b.naam}"

    def baat_keuzes(self, naam: str):
        return self.programma.baten.all()

    def hulp_baat(self) -> Baat | None:
        """The baat whose unit the examples of a level use, where the form knows it."""
        instance_baat = getattr(self, "instance_baat", None)
        if instance_baat is not None:
            return instance_baat()
        if isinstance(self.instance, Baat):
            return self.instance
        baat_id = getattr(self.instance, "baat_id", None)
        return self.instance.baat if baat_id else None

    def kwalitatief(self) -> list[str]:
        """The level fields whose text holds no number: the form says so beside them."""
        if not self.is_bound:
            return []
        return [
            naam
            for naam in self.niveau_velden
            if (self.data.get(self.add_prefix(naam)) or "").strip()
            and notatie.parse_getal(self.data[self.add_prefix(naam)]) is None
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        revisie = cleaned.get("revisie")
        # A row that exists has revisie 1 or more; 0 or nothing would save over anything.
        # Above the form: the field itself is hidden.
        if self.instance.pk and ("revisie" in self.errors or (revisie or 0) < 1):
            self.add_error(None, forms.ValidationError(GEEN_REVISIE, code="geen_revisie"))
        return cleaned

    def _post_clean(self) -> None:
        keuze = self.data.get(self.add_prefix(BUITEN_ROADMAP)) if self.is_bound else None
        if keuze in ("verlengen", "bewaren"):
            # The user saw the question and chose: the date stands (see opslaan.bewaar: verlengen).
            self.roadmap_keuze = keuze
            self.instance.bevestigd = {*self.instance.bevestigd, BUITEN_ROADMAP}
        super()._post_clean()
        self.controleer_koppelingen()

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            buiten = [
                veld
                for veld, lijst in errors.error_dict.items()
                if any(fout.code == BUITEN_ROADMAP for fout in lijst)
            ]
            if buiten:
                self.fields[BUITEN_ROADMAP] = self.roadmap_vraag(buiten)
                errors.error_dict.setdefault(BUITEN_ROADMAP, []).append(
                    ValidationError(_("Kies wat er met de datum gebeurt."), code=BUITEN_ROADMAP)
                )
        super()._update_errors(errors)

    def roadmap_vraag(self, velden: list[str] | None) -> forms.ChoiceField:
        """The choice for a date outside the roadmap: extend the roadmap, or keep the date.

        Nothing typed is lost: the form comes back as typed with this question beside it.
        """
        keuzes = [("bewaren", _("Datum toch bewaren (de roadmap blijft zoals hij is)"))]
        nodig = self.roadmap_nodig(velden)
        if nodig:
            keuzes.insert(
                0,
                (
                    "verlengen",
                    _("Roadmap verlengen tot %(kwartaal)s (%(n)s kwartalen)")
                    % {
                        "kwartaal": self.roadmap_eind_naam(nodig),
                        "n": nodig,
                    },
                ),
            )
        return forms.ChoiceField(
            label=_("De datum valt buiten de roadmap (%(van)s - %(tot)s)")
            % {"van": self.programma.kwartaal_naam(1), "tot": self.programma.kwartaal_naam()},
            choices=keuzes,
            widget=forms.RadioSelect,
            required=False,
        )

    def roadmap_nodig(self, velden: list[str] | None = None) -> int | None:
        """The number of quarters that would take in the dates outside it; None if the
        roadmap cannot grow to them (a date before Q1 or beyond 40 quarters)."""
        nodig = self.programma.aantal_kwartalen
        datums = [
            notatie.parse_datum(str(self.data.get(self.add_prefix(naam)) or ""))
            for naam in (velden if velden is not None else self.datum_velden)
            if naam in self.datum_velden
        ]
        periode = self.programma.periode()
        for datum in datums:
            if datum is None or (periode and periode[0] <= datum <= periode[1]):
                continue
            kwartalen = self.programma.kwartalen_tot(datum)
            if kwartalen is None:
                return None
            nodig = max(nodig, kwartalen)
        return nodig if nodig > self.programma.aantal_kwartalen else None

    def roadmap_eind_naam(self, aantal: int) -> str:
        eerste = self.programma.eerste_kwartaal()
        if not eerste:
            return f"Q{aantal}"
        begin = realisatie.kwartaal_periode(*eerste, aantal)[0]
        return f"Q{(begin.month - 1) // 3 + 1} {begin.year}"

    def verleng_roadmap(self, user) -> None:
        """After a save with "roadmap verlengen": the roadmap now reaches the dates."""
        if self.roadmap_keuze != "verlengen":
            return
        nodig = self.roadmap_nodig()
        if nodig:
            programma = Programma.objects.get(pk=self.programma.pk)
            programma.aantal_kwartalen = nodig
            programma.gewijzigd_door = user
            programma.save(update_fields=["aantal_kwartalen", "gewijzigd_door", "gewijzigd_op"])
            self.programma.aantal_kwartalen = nodig

    def mag_bewaren_op(self, huidig: PlanOnderdeel) -> bool:
        """Whether this form may save over `huidig`, the row as stored now."""
        return huidig.revisie == self.cleaned_data.get("revisie")

    def bewaar_instance(self, obj: PlanOnderdeel) -> None:
        obj.save()


# The sections of the programme itself: the header and each section's own fields.
SECTIE_VELDEN: dict[str, list[str]] = {
    "kop": ["naam", "versie", "datum_tekst", "opsteller", "thema", "kernprincipe"],
    "baten": ["toelichting_baten"],
    "cycli": ["toelichting_cycli"],
    "roadmap": ["start_jaar", "start_kwartaal", "aantal_kwartalen", "toelichting_roadmap"],
    "details": ["toelichting_details"],
    "afhankelijkheden": ["toelichting_afhankelijkheden"],
    "monitoring": ["rapportage_frequentie", "toelichting_monitoring"],
    "escalatie": [
        "escalatie_drempel",
        "escaleer_bij_achterstand",
        "escaleer_bij_commitment",
        "escaleer_bij_externe_factor",
        "escaleer_bij_conflict",
        "toelichting_escalatie",
    ],
}


class SectieForm(PlanForm):
    datum_velden = ("datum_tekst",)
    escalatie_drempel = GetalVeld(
        label=_("Escalatiedrempel (procentpunt)"),
        min_value=0,
        max_value=100,
        help_text=_(
            "Hoeveel procentpunt een baat achter mag lopen op het verwachte niveau voordat "
            "het een escalatiesignaal is, bijvoorbeeld 20: een baat die 40 % gerealiseerd "
            "heeft waar 65 % verwacht was, loopt 25 procentpunt achter."
        ),
    )
    sectoren = forms.CharField(
        label=_("Sectoren"),
        max_length=200,
        help_text=_("De sectoren van het programma, gescheiden door komma's: PO, VO, ZAK."),
    )
    # What this section held when the form was shown: the sections share the programme's
    # revisie, and a change to another section is no reason to refuse this one.
    inhoud = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programma
        fields = [naam for velden in SECTIE_VELDEN.values() for naam in velden]
        widgets = {"rapportage_frequentie": forms.RadioSelect}

    def __init__(self, *args, sectie: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sectie = sectie
        bewaren = set(SECTIE_VELDEN[sectie]) | {"revisie", "inhoud"}
        if sectie == "baten":
            bewaren.add("sectoren")
            self.initial["sectoren"] = ", ".join(s.code for s in self.programma.sectoren.all())
        self.initial["inhoud"] = self.vingerafdruk()
        for naam in list(self.fields):
            if naam not in bewaren:
                del self.fields[naam]
        if "rapportage_frequentie" in self.fields:
            self.fields["rapportage_frequentie"].choices = self.fields[
                "rapportage_frequentie"
            ].choices[1:]

    def vingerafdruk(self, programma: Programma | None = None) -> str:
        """A digest of what this section holds in the database now (or in `programma`)."""
        programma = programma or self.instance
        waarden = [repr(getattr(programma, naam)) for naam in SECTIE_VELDEN[self.sectie]]
        if self.sectie == "baten":
            waarden.append(repr([s.code for s in programma.sectoren.all()]))
        return hashlib.sha256("\x1f".join(waarden).encode()).hexdigest()[:32]

    def mag_bewaren_op(self, huidig: PlanOnderdeel) -> bool:
        # The sections share the programme's revisie. A newer revisie is no clash when this
        # section, as stored now, is what the form was shown: someone saved another section,
        # also at this very moment (opslaan.bewaar holds the row while it compares).
        if super().mag_bewaren_op(huidig):
            return True
        inhoud = self.cleaned_data.get("inhoud")
        return bool(inhoud) and inhoud == self.vingerafdruk(huidig)  # type: ignore[arg-type]

    def bewaar_instance(self, obj: PlanOnderdeel) -> None:
        # Only this section's fields: the instance may hold other sections as they were
        # before someone else saved them a moment ago.
        obj.save(update_fields=[*SECTIE_VELDEN[self.sectie], "gewijzigd_door", "gewijzigd_op"])

    def clean_sectoren(self) -> list[str]:
        codes = [
            c.strip().upper() for c in self.cleaned_data["sectoren"].replace("/", ",").split(",")
        ]
        codes = list(dict.fromkeys(c for c in codes if c))
        if not codes:
            raise forms.ValidationError(_("Noem minstens één sector."))
        if any(len(c) > 12 for c in codes):
            raise forms.ValidationError(_("Een sectorcode is ten hoogste 12 tekens."))
        weg = self.programma.sectoren.exclude(code__in=codes).filter(baten__isnull=False)
        if weg.exists():
            in_gebruik = ", ".join(sorted({s.code for s in weg}))
            raise forms.ValidationError(
                _("Sector %(codes)s is nog gekoppeld aan baten; haal hem daar eerst weg.")
                % {"codes": in_gebruik}
            )
        return codes

    def save_extra(self) -> None:
        if "sectoren" in self.cleaned_data:
            codes = self.cleaned_data["sectoren"]
            self.programma.sectoren.exclude(code__in=codes).delete()
            for volgorde, code in enumerate(codes):
                Sector.objects.update_or_create(
                    programma=self.programma, code=code, defaults={"volgorde": volgorde}
                )


class BaatForm(PlanForm):
    class Meta:
        model = Baat
        fields = ["nummer", "naam", "eigenaar", "eigenaar_naam", "sectoren", "prioriteit"]
        widgets = {
            "sectoren": forms.CheckboxSelectMultiple,
            "prioriteit": forms.RadioSelect,
        }
        labels = {"nummer": _("Nummer (B…)"), "eigenaar": _("Baateigenaar (lid)")}
        help_texts = {
            "eigenaar_naam": _("Een naam of rol zolang de eigenaar geen account heeft."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = Baat.mogelijke_eigenaren(self.programma.pk).order_by(
            "first_name", "username"
        )
        self.fields["eigenaar"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["sectoren"].queryset = self.programma.sectoren.all()
        self.fields["prioriteit"].choices = self.fields["prioriteit"].choices[1:]
        if not self.instance.pk:
            self.initial.setdefault(
                "nummer", max((b.nummer for b in self.programma.baten.all()), default=0) + 1
            )

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class BaatDetailsForm(PlanForm):
    niveau_velden = ("nulmeting_tekst", "target_tekst")
    datum_velden = ("nulmeting_datum_tekst", "deadline_tekst")

    class Meta:
        model = Baat
        fields = [
            "eenheid",
            "indicator",
            "nulmeting_tekst",
            "nulmeting_bron",
            "nulmeting_datum_tekst",
            "target_tekst",
            "deadline_tekst",
            "toelichting",
        ]
        labels = {"nulmeting_tekst": _("Score/niveau"), "nulmeting_datum_tekst": _("Datum")}


class CyclusForm(PlanForm):
    class Meta:
        model = Cyclus
        fields = ["nummer", "naam", "periode"]
        help_texts = {"periode": _("Bijvoorbeeld 2026 H1, Q3 2026 of jan-jun 2026.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault(
                "nummer", max((c.nummer for c in self.programma.cycli.all()), default=0) + 1
            )

    def clean_periode(self) -> str:
        return self.cleaned_data["periode"].strip()

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class CyclusDoelForm(PlanForm):
    niveau_velden = ("startniveau_tekst", "doelniveau_tekst")
    datum_velden = ("meetmoment_tekst",)

    class Meta:
        model = CyclusDoel
        fields = [
            "cyclus",
            "baat",
            "startniveau_tekst",
            "doelniveau_tekst",
            "indicator",
            "meetmoment_tekst",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cyclus"].queryset = self.programma.cycli.all()


class VermogenForm(PlanForm):
    class Meta:
        model = Vermogen
        fields = ["omschrijving", "baten", "domein"]
        widgets = {"baten": forms.CheckboxSelectMultiple}

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class InspanningForm(VermogenForm):
    class Meta:
        model = Inspanning
        fields = ["omschrijving", "baten", "vermogens", "domein", "status"]
        widgets = {
            "baten": forms.CheckboxSelectMultiple,
            "vermogens": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vermogens"].queryset = self.programma.vermogens.all()


class DoelForm(PlanForm):
    """A goal of the programme and the baten that serve it (the benefits map)."""

    class Meta:
        model = Doel
        fields = ["nummer", "naam", "omschrijving", "baten"]
        widgets = {
            "baten": forms.CheckboxSelectMultiple,
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            hoogste = self.programma.doelen.aggregate(n=Max("nummer"))["n"]
            self.initial["nummer"] = (hoogste or 0) + 1

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class RisicoForm(PlanForm):
    class Meta:
        model = Risico
        fields = ["baat", "omschrijving", "kans", "impact", "mitigatie"]
        widgets = {"kans": forms.RadioSelect, "impact": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for naam in ("kans", "impact"):
            self.fields[naam].choices = self.fields[naam].choices[1:]

    def baat_keuzes(self, naam: str):
        return self.toegang.eigen_baten()


class MeetmomentForm(PlanForm):
    """The whole meetmoment, as the programme manager plans and corrects it."""

    niveau_velden = ("verwacht_niveau_tekst", "meting_tekst")
    datum_velden = ("datum_tekst", "meetdatum_tekst")

    # Made when the form is shown: a retried POST with the same key (after a dropped
    # connection) finds the meting it stored the first time (issue 14 #10).
    sleutel = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Meetmoment
        fields = [
            "baat",
            "datum_tekst",
            "omschrijving",
            "verwacht_niveau_tekst",
            "meting_tekst",
            "meetdatum_tekst",
            "toelichting",
        ]
        labels = {"datum_tekst": _("Datum"), "meetdatum_tekst": _("Gemeten op")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["sleutel"] = secrets.token_urlsafe(24)
        # The meting text the user confirmed as plausible, see controleer_plausibel.
        self.bevestiging: str | None = None
        if "meetdatum_tekst" in self.fields:
            self.fields["meetdatum_tekst"].help_text = _(
                "De dag van de meting; leeg: de geplande datum. "
                "De geplande datum van het meetmoment blijft staan."
            )

    @property
    def bevestig_naam(self) -> str:
        return self.add_prefix("bevestig")

    def _post_clean(self) -> None:
        # Plausibility is the model's rule (Meetmoment.controleer_plausibel, a warning);
        # confirming is this form's: the user chose "Ja, opslaan" for exactly this text.
        tekst = (self.cleaned_data.get("meting_tekst") or "").strip()
        if tekst and (self.data.get(self.bevestig_naam) or "").strip() == tekst:
            self.instance.bevestigd = {*self.instance.bevestigd, ONWAARSCHIJNLIJK}
        super()._post_clean()

    def _update_errors(self, errors: ValidationError) -> None:
        """The model's "onwaarschijnlijk" as the question "Weet u het zeker?" with the
        scale; the typed text stays, and a second submit with "Ja, opslaan" saves it."""
        if hasattr(errors, "error_dict") and "meting_tekst" in errors.error_dict:
            lijst = []
            for fout in errors.error_dict["meting_tekst"]:
                if fout.code == ONWAARSCHIJNLIJK:
                    self.bevestiging = (self.cleaned_data.get("meting_tekst") or "").strip()
                    fout = ValidationError(
                        _("Weet u het zeker? %(uitleg)s Klopt de meting, kies dan “Ja, opslaan”.")
                        % {"uitleg": " ".join(fout.messages)},
                        code=ONWAARSCHIJNLIJK,
                    )
                lijst.append(fout)
            errors.error_dict["meting_tekst"] = lijst
        super()._update_errors(errors)

    def instance_baat(self) -> Baat | None:
        return self.instance.baat if self.instance.baat_id else None

    def herhaling(self) -> Meetmoment | None:
        """The meting an earlier POST of this very form stored, if this is a retry of it."""
        sleutel = (self.data.get(self.add_prefix("sleutel")) or "").strip()
        if not sleutel or len(sleutel) > 64:
            return None
        return (
            Meetmoment.objects.filter(baat__programma=self.programma, sleutel=sleutel)
            .select_related("baat")
            .first()
        )

    def save(self, commit: bool = True) -> Meetmoment:
        meetmoment = super().save(commit=False)
        if "meting_tekst" in self.changed_data or (
            meetmoment.is_gemeten and not meetmoment.gemeten_op
        ):
            gemeten = meetmoment.is_gemeten
            meetmoment.gemeten_door = self.toegang.lid.user if gemeten else None
            meetmoment.gemeten_op = timezone.now() if gemeten else None
        if self.cleaned_data.get("sleutel"):
            meetmoment.sleutel = self.cleaned_data["sleutel"]
        if commit:
            meetmoment.save()
        return meetmoment


class MetingForm(MeetmomentForm):
    """What a baateigenaar enters: the meting of a meetmoment, the day it was measured and
    a note.

    A new meting fills the nearest open planned meetmoment by default, keeping its planned
    date; "een extra meting" stands on the day it was measured.
    """

    # An extra meting's date is the day it was measured (see _post_clean).
    veld_voor = {"datum_tekst": "meetdatum_tekst"}

    meetmoment = forms.ModelChoiceField(
        label=_("Meetmoment"),
        queryset=Meetmoment.objects.none(),
        required=False,
        empty_label=_("Een extra meting (niet gepland)"),
    )

    class Meta:
        model = Meetmoment
        fields = ["meetdatum_tekst", "meting_tekst", "toelichting"]
        labels = {"meetdatum_tekst": _("Gemeten op"), "meting_tekst": _("Meting")}

    def __init__(self, data: Any = None, *args, baat: Baat, **kwargs) -> None:
        prefix = kwargs.get("prefix")
        oud, nieuw = (f"{prefix}-{n}" if prefix else n for n in ("datum_tekst", "meetdatum_tekst"))
        if data is not None and oud in data and nieuw not in data:
            # Scripts and bookmarks from before "gemeten op" post the date as datum_tekst.
            data = data.copy()
            data[nieuw] = data[oud]
        # Before the form is built: its level field's help names this baat's unit.
        self.baat = baat
        super().__init__(data, *args, **kwargs)
        self.fields["meting_tekst"].required = True
        self.fields["toelichting"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["meting_tekst"].help_text = niveau_hulp(baat)
        if self.instance.pk:
            del self.fields["meetmoment"]
            return
        vandaag = vandaag_van_de_app()
        gepland = sorted(
            (m for m in baat.meetmomenten.all() if not m.is_gemeten),
            key=lambda m: (m.datum is None, m.datum or date.min),
        )
        veld = self.fields["meetmoment"]
        # Checked against all the baat's meetmomenten, so that one filled by someone else in
        # the meantime is reported as a conflict rather than as an unknown choice; offered
        # are the open ones, from what the page already loaded.
        veld.queryset = Meetmoment.objects.filter(baat=baat)
        veld.widget.choices = [
            (
                m.pk,
                # Short enough for a phone: the list above the form has the omschrijving.
                " \u00b7 ".join(
                    filter(
                        None,
                        [
                            notatie.toon_datumtekst(m.datum_tekst)
                            or m.omschrijving
                            or _("gepland"),
                            m.verwacht_niveau_tekst
                            and _("verwacht %(niveau)s")
                            % {
                                "niveau": notatie.met_eenheid(m.verwacht_niveau_tekst, baat.eenheid)
                            },
                        ],
                    )
                ),
            )
            for m in gepland
        ] + [("", veld.empty_label)]
        self.fields["meetdatum_tekst"].required = True
        self.fields["meetdatum_tekst"].help_text = _(
            "De dag van de meting. Een gepland meetmoment houdt zijn geplande datum."
        )
        # No revisie yet: a planned meetmoment's own revisie counts once it is chosen.
        self.initial["revisie"] = 0
        self.initial.setdefault("meetdatum_tekst", date_format(vandaag, "d-m-Y"))
        naast = dichtstbijzijnde(gepland, vandaag)
        self.initial.setdefault("meetmoment", naast.pk if naast else "")
        self.order_fields(["meetmoment", "meting_tekst", "meetdatum_tekst", "toelichting"])

    def instance_baat(self) -> Baat | None:
        return self.baat

    def _post_clean(self) -> None:
        gekozen = self.cleaned_data.get("meetmoment")
        if gekozen:
            # Fill the planned meetmoment rather than adding a second one beside it. If
            # someone measured it since the form was shown, that is a conflict (opslaan.bewaar),
            # unless this form was already based on their revisie: a deliberate overwrite.
            if not gekozen.is_gemeten:
                self.cleaned_data["revisie"] = gekozen.revisie
            elif self.cleaned_data.get("revisie") != gekozen.revisie:
                self.door_ander_gewijzigd = gekozen
            self.instance = gekozen
        elif not self.instance.pk:
            self.instance.datum_tekst = self.cleaned_data.get("meetdatum_tekst") or ""
        self.instance.baat = self.baat
        super()._post_clean()


def dichtstbijzijnde(gepland: Iterable[Meetmoment], vandaag: date) -> Meetmoment | None:
    """The open planned meetmoment nearest to today, before or after (the earlier on a tie).

    A meetmoment planned for a month ("december 2026") is near all that month, so on
    29 November it is nearer than one of October, and in March the one of March wins.
    """

    def afstand(m: Meetmoment) -> int:
        van, tot = notatie.parse_periode(m.datum_tekst) or (m.datum, m.datum)
        if van <= vandaag <= tot:  # type: ignore[operator]
            return 0
        return min(abs((van - vandaag).days), abs((tot - vandaag).days))  # type: ignore[operator]

    met_datum = [m for m in gepland if m.datum is not None and not m.is_gemeten]
    if not met_datum:
        return None
    return min(met_datum, key=lambda m: (afstand(m), m.datum))


class AfhankelijkheidForm(PlanForm):
    field_order = ["baat", "van", "extern", "type", "drempel", "impact_op_planning"]

    van = forms.ModelMultipleChoiceField(
        label=_("Afhankelijk van"),
        queryset=Baat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    drempel = GetalVeld(
        label=_("Drempel (% realisatie)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "Hoe ver de baat waarvan afgehangen wordt eerst gerealiseerd moet zijn, in procent "
            "(0 tot en met 100), bijvoorbeeld 50. Staat die baat lager terwijl deze baat "
            "voorbij Basis gepland is, dan is dat een conflict tussen baten. Leeg: geen drempel."
        ),
    )
    type = KeuzeOfAndersVeld(
        AFHANKELIJKHEID_TYPEN,
        max_length=Afhankelijkheid._meta.get_field("type").max_length,
        label=_("Type"),
        required=False,
        help_text=_(
            "Inhoudelijk: de ene baat bouwt op de andere voort; Planning: de ene moet eerst "
            "af; Middelen: ze delen mensen of geld. Past geen ervan, kies dan “Anders”."
        ),
    )

    class Meta:
        model = Afhankelijkheid
        # "van" is saved by save_extra: its links must carry the dependent baat too.
        fields = ["baat", "extern", "type", "drempel", "impact_op_planning"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["van"].queryset = self.programma.baten.all()
        self.fields["van"].label_from_instance = lambda b: f"{b.code} {b.naam}"
        if self.instance.pk:
            self.initial["van"] = [k.van_id for k in self.instance.koppelingen.all()]

    def controleer_koppelingen(self) -> None:
        # "van" is not a model field of the form (see Meta), so the model is asked here.
        if "van" not in self.cleaned_data or self.instance.baat_id is None:
            return
        try:
            self.instance.controleer_van(
                self.cleaned_data["van"], extern=self.cleaned_data.get("extern") or ""
            )
        except ValidationError as fout:
            self._update_errors(fout)

    def save_extra(self) -> None:
        self.instance.zet_van(self.cleaned_data["van"])


class StuurparameterForm(PlanForm):
    toelichting = forms.CharField(
        label=_("Toelichting bij een statuswijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de historie van deze stuurparameter, voor de volgende rapportage."),
    )

    norm = KeuzeOfAndersVeld(
        NORMEN,
        max_length=Stuurparameter._meta.get_field("norm").max_length,
        label=_("Norm"),
        required=False,
        help_text=_(
            "De status die deze stuurparameter hoort te hebben, meestal Groen. Wijkt de "
            "huidige status daarvan af, zet dan bij “Actie nodig?” wat er gebeurt. "
            "Een eigen norm (bijvoorbeeld “Groen of Geel”) kan via “Anders”."
        ),
    )

    class Meta:
        model = Stuurparameter
        fields = ["parameter", "norm", "status", "actie"]
        widgets = {"status": forms.RadioSelect, "actie": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.oude_status = self.instance.status if self.instance.pk else ""
        # Radios need no "– Kies –": none ticked is no status yet, as before.
        self.fields["status"].choices = [
            (waarde, label) for waarde, label in self.fields["status"].choices if waarde
        ]
        if self.instance.pk:
            del self.fields["parameter"]

    def save_extra(self) -> None:
        if self.instance.status != self.oude_status:
            StuurparameterWijziging.objects.create(
                stuurparameter=self.instance,
                status_oud=self.oude_status,
                status=self.instance.status,
                toelichting=self.cleaned_data.get("toelichting", ""),
                door=self.toegang.lid.user,
            )

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class EscalatieForm(PlanForm):
    class Meta:
        model = Escalatie
        fields = ["criterium", "baat", "omschrijving", "datum", "afgehandeld", "afhandeling"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Achterstand is signalled by the figures; people raise the other three.
        self.fields["criterium"].choices = [
            (c.value, c.label) for c in Criterium if c != Criterium.ACHTERSTAND
        ]
        self.fields["baat"].required = False

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        if not self.instance.pk:
            self.instance.gemeld_door = self.toegang.lid.user
        super()._post_clean()


class LidForm(PlanForm):
    gebruikersnaam = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    veld_voor = {"user": "gebruikersnaam"}

    class Meta:
        model = Lidmaatschap
        fields = ["rol"]
        widgets = {"rol": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["gebruikersnaam"]

    def clean_gebruikersnaam(self) -> str:
        naam = self.cleaned_data["gebruikersnaam"].strip()
        user = get_user_model().objects.filter(username__iexact=naam, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Er is geen gebruiker “%(naam)s”. Een beheerder maakt accounts aan.")
                % {"naam": naam}
            )
        self.instance.user = user
        return naam

    def _post_clean(self) -> None:
        self.instance.programma = self.programma
        super()._post_clean()


class RoadmapCelForm(forms.Form):
    """One cell of the roadmap: a fase, or empty. `revisie` is the cell's when the form was
    shown, 0 for an empty cell, so that a cell set or cleared by someone else meanwhile is
    not overwritten (as `opslaan.bewaar` does for every other form)."""

    fase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("(leeg)")), *Fase.choices], required=False
    )
    revisie = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        error_messages={"invalid": GEEN_REVISIE, "min_value": GEEN_REVISIE},
    )

    def __init__(self, *args, cel: RoadmapFase | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cel = cel
        self.initial.setdefault("fase", cel.fase if cel else "")
        self.initial.setdefault("revisie", cel.revisie if cel else 0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        revisie = cleaned.get("revisie")
        if "revisie" in self.errors or (self.cel is not None and (revisie or 0) < 1):
            self.add_error(None, forms.ValidationError(GEEN_REVISIE, code="geen_revisie"))
        return cleaned

    def mag_bewaren_op(self, huidig: RoadmapFase | None) -> bool:
        """Whether the cell as stored now is the one the form was based on."""
        return (huidig.revisie if huidig else 0) == (self.cleaned_data.get("revisie") or 0)


class AfhandelingForm(forms.Form):
    afhandeling = forms.CharField(
        label=_("Notitie bij afhandeling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wat is er met dit signaal gedaan, bijvoorbeeld: besproken in de sponsorgroep."
        ),
    )
    besluit = forms.CharField(
        label=_("Besluit van de sponsorgroep"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat de sponsorgroep besloot; leeg als er (nog) geen besluit is."),
    )
    besluit_op = DatumVeld(als_datum=True, label=_("Besluit genomen op"), required=False)

    def __init__(self, *args, alleen_besluit: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("besluit_op", vandaag_van_de_app())
        if alleen_besluit:
            # A sponsor handles a signal by deciding on it; the note is the manager's.
            del self.fields["afhandeling"]
            self.fields["besluit"].required = True


class BesluitForm(PlanForm):
    """The sponsorgroep's decision on an escalation; recording it ends the escalation."""

    class Meta:
        model = Escalatie
        fields = ["besluit", "besluit_op"]
        widgets = {"besluit": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["besluit"].required = True
        self.fields["besluit_op"].required = True
        if not self.instance.besluit_op:
            self.initial["besluit_op"] = vandaag_van_de_app()

    def _post_clean(self) -> None:
        # Who decided is the writer's to say; that a besluit ends it is Escalatie's rule.
        self.instance.besluit_door = self.toegang.lid.user
        super()._post_clean()


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Plan als Markdown (.md), Excel (.xlsx) of JSON (.json)"),
        help_text=_(
            "Een ingevuld sjabloon Batenrealisatieplan, een Excel-export of JSON-export van "
            "Batenplan. "
            "U ziet eerst wat er verandert; pas na bevestigen wordt het opgeslagen."
        ),
    )

    def clean_bestand(self) -> bytes:
        from .uitwisseling import MAX_GROOTTE

        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_GROOTTE:
            raise forms.ValidationError(
                _("Het bestand is groter dan 2 MB; een plan is veel kleiner. Is dit het goede?")
            )
        return bestand.read()


class GegevensForm(forms.ModelForm):
    """Name and email on the profile page (issue 16): the email is where reminders go."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("Voornaam"), "last_name": _("Achternaam"), "email": _("E-mail")}
        help_texts = {"email": _("Hier komen de herinneringen en het weekoverzicht.")}


class HerinneringForm(forms.ModelForm):
    class Meta:
        model = Profiel
        fields = ["herinnering", "taal"]
        widgets = {"herinnering": forms.RadioSelect, "taal": forms.RadioSelect}
        help_texts = {
            "herinnering": _(
                "Dagelijks: een mail zodra er een meting aan de beurt is. Wekelijks: hooguit "
                "een herinnering per week. Uit: geen mail, ook geen weekoverzicht."
            ),
            "taal": _(
                "De taal van de schermen, de mails en de rapporten die u maakt. De woorden "
                "van het plan (baat, cyclus, meetmoment, ...) blijven Nederlands."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A form posted without the language (an older page, a script) keeps the one set.
        self.fields["taal"].required = False

    def clean_taal(self) -> str:
        return self.cleaned_data.get("taal") or self.instance.taal
