"""Saving what a form holds, with optimistic concurrency: a save that would overwrite
someone else's change since the form was shown is refused and shows both versions.

The forms (forms.py) read and check what was typed; this module writes it, through the
models' rules, in one transaction. Views call it; nothing here decides who may save (that
is toegang.py's) or what a figure is (realisatie.py's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import geschiedenis, prullenbak, uitwisseling
from .forms import GetalVeld, MeetmomentForm, PlanForm, RoadmapCelForm, SectieForm
from .models import (
    Afhankelijkheid,
    Baat,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    PlanOnderdeel,
    Programma,
    Prullenbak,
    Risico,
    RoadmapFase,
    Vermogen,
)
from .toegang import geef_beheer
from .vandaag import vandaag as vandaag_van_de_app

CONFLICT = _("Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen.")


@dataclass
class Verschil:
    label: str
    jouw: str
    huidig: str


def bewaar(form: PlanForm, user) -> list[Verschil] | None:
    """Save the form unless someone else saved the same part since the form was shown.

    Returns None when saved; otherwise what the other person stored beside what this user
    typed, and the form is left as typed, now based on the current revisie, so that saving
    again is a deliberate choice to overwrite.
    """
    instance: PlanOnderdeel = form.instance
    ander = getattr(form, "door_ander_gewijzigd", None)
    if ander is not None:
        return conflict(form, type(ander).objects.get(pk=ander.pk))
    with transaction.atomic():
        if instance.pk:
            model = type(instance)
            # An UPDATE that changes nothing takes the row's lock first (a write lock on
            # SQLite), so that the comparison below and the save are one step: the database
            # decides who was first, also under load. The revisie is never taken from the
            # stored row: a form must say which revisie it was based on (PlanForm.clean).
            if not model.objects.filter(pk=instance.pk).update(revisie=F("revisie")):
                form.add_error(None, _("Dit is intussen verwijderd; er is niets opgeslagen."))
                return []
            huidig = model.objects.get(pk=instance.pk)
            if not form.mag_bewaren_op(huidig):
                return conflict(form, huidig)
        obj = form.save(commit=False)
        obj.gewijzigd_door = user
        if obj.pk is None:
            achteraan(obj)
        form.bewaar_instance(obj)  # the model raises the revisie (PlanOnderdeel.save)
        form.save_m2m()
        if hasattr(form, "save_extra"):
            form.save_extra()
        form.verleng_roadmap(user)
    return None


# Lists kept in the order they were entered (the template numbers them, the user reads
# them so), within the baat or the programme they belong to.
ACHTERAAN: dict[type[Model], str] = {
    Risico: "baat_id",
    Vermogen: "programma_id",
    Inspanning: "programma_id",
    Afhankelijkheid: "baat_id",
}


def achteraan(obj: Model) -> None:
    """A new row of an ordered list goes at its end: with the default volgorde 0 it would
    land among the first rows (e.g. second of a baat's risico's, by pk)."""
    binnen = ACHTERAAN.get(type(obj))
    if binnen is None or getattr(obj, "volgorde", 0):
        return
    rijen = type(obj).objects.filter(**{binnen: getattr(obj, binnen)})
    hoogste = rijen.aggregate(m=Max("volgorde"))["m"]
    obj.volgorde = 0 if hoogste is None else hoogste + 1  # type: ignore[attr-defined]


def conflict(form: PlanForm, huidig: Model) -> list[Verschil]:
    data = form.data.copy()
    data[form.add_prefix("revisie")] = str(huidig.revisie)
    if isinstance(form, SectieForm):
        data[form.add_prefix("inhoud")] = form.vingerafdruk(huidig)  # type: ignore[arg-type]
    form.data = data
    waarden = model_to_dict(huidig)
    if isinstance(huidig, Afhankelijkheid):
        waarden["van"] = [k.van for k in huidig.koppelingen.all()]
    verschillen = []
    for naam, veld in form.fields.items():
        if naam == "revisie" or naam not in waarden:
            continue
        jouw, nu = form.cleaned_data.get(naam), waarden[naam]
        if isinstance(veld, forms.ModelMultipleChoiceField):
            jouw_tekst = ", ".join(str(o) for o in jouw or [])
            nu_tekst = ", ".join(
                str(o)
                for o in veld.queryset.model.objects.filter(
                    pk__in=[getattr(o, "pk", o) for o in nu]
                )
            )
        elif isinstance(veld, forms.ModelChoiceField):
            jouw_tekst = str(jouw or "")
            nu_tekst = str(veld.queryset.model.objects.filter(pk=nu).first() or "")
        elif isinstance(veld, forms.ChoiceField):
            keuzes = dict(veld.choices)
            jouw_tekst, nu_tekst = str(keuzes.get(jouw, jouw or "")), str(keuzes.get(nu, nu or ""))
        elif isinstance(veld, GetalVeld):
            jouw_tekst = str(veld.prepare_value(jouw) or "")
            nu_tekst = str(veld.prepare_value(nu) or "")
        else:
            jouw_tekst, nu_tekst = str("" if jouw is None else jouw), str("" if nu is None else nu)
        if jouw_tekst != nu_tekst:
            verschillen.append(Verschil(str(veld.label), jouw_tekst, nu_tekst))
    form.add_error(None, CONFLICT)
    return verschillen


def bewaar_meting(form: MeetmomentForm, user) -> list[Verschil] | None:
    """`bewaar` for a meting form, idempotent by the form's key: a POST that repeats one
    already stored (after a dropped connection, or two retries at once) stores nothing
    again and answers as saved. The database's unique key decides between two at once."""
    try:
        verschillen = bewaar(form, user)
    except IntegrityError:
        if form.herhaling() is None:
            raise
        return None
    if verschillen is not None and form.herhaling() is not None:
        return None
    return verschillen


def kwalitatief_notitie(meetmoment: Meetmoment) -> str | None:
    """What a text meting on a numeric baat means for the figures, said when it is saved."""
    baat = meetmoment.baat
    if not meetmoment.is_gemeten or meetmoment.meting is not None:
        return None
    if baat.nulmeting is None or baat.target is None:
        return None
    return _(
        "“%(meting)s” heeft geen getal en telt als kwalitatieve meting: de realisatie "
        "van %(baat)s toont “kwalitatief” tot de volgende meting met een getal."
    ) % {"meting": meetmoment.meting_tekst, "baat": baat.code}


def handel_signaal_af(
    signaal, notitie: str, user, *, besluit: str = "", besluit_op: date | None = None
) -> Escalatie:
    """Record the handling of an automatic signal, with the sponsorgroep's decision if
    there is one; it stays handled until new metingen. ValidationError (the model's rules,
    e.g. a besluit without its date) when it cannot be stored."""
    vandaag = vandaag_van_de_app()
    besluit = besluit.strip()
    escalatie = Escalatie(
        programma=signaal.regel.baat.programma,
        baat=signaal.regel.baat,
        criterium=signaal.signaal.criterium,
        omschrijving=signaal.signaal.reden,
        datum=vandaag,
        afgehandeld=True,
        afgehandeld_op=vandaag,
        afhandeling=notitie,
        automatisch=True,
        gemeld_door=user,
        gewijzigd_door=user,
        besluit=besluit,
        besluit_door=user if besluit else None,
        besluit_op=besluit_op,
    )
    escalatie.full_clean()
    escalatie.save()
    return escalatie


def bewaar_cel(form: RoadmapCelForm, baat: Baat, kwartaal: int, gebruiker: Any) -> bool:
    """Set or clear a roadmap cell through the model's rules, unless someone else changed it
    since the form was shown; a cleared cell goes to the Prullenbak like every other delete.
    False with the reason on the form when nothing was saved."""
    fase = form.cleaned_data["fase"]
    try:
        with transaction.atomic():
            cellen = RoadmapFase.objects.filter(baat=baat, kwartaal=kwartaal)
            cellen.update(revisie=F("revisie"))  # the row's lock, as bewaar takes it
            huidig = cellen.first()
            if not form.mag_bewaren_op(huidig):
                form.add_error(None, CONFLICT)
                form.data = form.data.copy()
                form.data["revisie"] = str(huidig.revisie if huidig else 0)
                return False
            if not fase:
                if huidig:
                    prullenbak.verwijder(
                        huidig, programma=baat.programma, soort="roadmapfase", door=gebruiker
                    )
                return True
            cel = huidig or RoadmapFase(baat=baat, kwartaal=kwartaal)
            cel.fase = fase
            cel.gewijzigd_door = gebruiker
            cel.full_clean()
            cel.save()
    except ValidationError as fout:
        for bericht in fout.messages:
            form.add_error(None, bericht)
        return False
    return True


def verwijder(rij: PlanOnderdeel, programma: Programma, soort: str, gebruiker: Any) -> Prullenbak:
    """Delete a row into the Prullenbak. Raises ValidationError when the plan's rules forbid
    it (the last programme manager)."""
    with transaction.atomic():
        if isinstance(rij, Lidmaatschap):
            # Locked, so that two removals at once cannot both pass the check.
            Programma.objects.select_for_update().get(pk=programma.pk)
            rij.controleer_verwijderen()
        return prullenbak.verwijder(rij, programma=programma, soort=soort, door=gebruiker)


def importeer(
    inhoud: bytes,
    programma: Programma | None,
    gebruiker: Any,
    *,
    bevestig: str | None,
    oorsprong: str = "",
) -> tuple[uitwisseling.Uitkomst, str, bool]:
    """Preview an uploaded plan, or with `bevestig` (the fingerprint its preview was made
    from) apply it: the outcome, the fingerprint of the programme now, and whether the
    confirmation came too late (the programme changed since its preview, so only a fresh
    preview was made). Raises uitwisseling.ImportFout."""
    afdruk = ""
    # One change set in the history, named for where the plan came from (issue 15).
    oorsprong = oorsprong or gettext_noop("import")
    with geschiedenis.wijzigingsset(oorsprong, gebruiker), transaction.atomic():
        if programma is not None:
            # The state the preview is made from, taken before it under the same lock: a
            # change that lands after this point makes the confirmation stale instead of
            # being removed unseen by it (issue 14 #2).
            Programma.objects.select_for_update().only("pk").get(pk=programma.pk)
            afdruk = uitwisseling.vingerafdruk(programma)
        verouderd = bevestig is not None and programma is not None and afdruk != bevestig
        toepassen = bevestig is not None and not verouderd
        uitkomst = uitwisseling.importeer(
            inhoud, programma=programma, gebruiker=gebruiker, proef=not toepassen
        )
        if toepassen:
            # Whoever imports may manage the result, also a backup with its own members.
            geef_beheer(uitkomst.programma, gebruiker)
    return uitkomst, afdruk, verouderd
