"""The pages of a programme. Every view finds the member's access through `toegang` first;
who may do what is decided in toegang.py (the views ask it), nowhere else."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import (
    HttpResponseClientRedirect,
    reswap,
    retarget,
    trigger_client_event,
)
from django_htmx.middleware import HtmxDetails

from . import forms, notatie, opslaan, paginas, prullenbak, rapport, uitwisseling
from .kaart import pagina as kaart_pagina
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
    Programma,
    Prullenbak,
    Risico,
    RoadmapFase,
    Stuurparameter,
    Vermogen,
)
from .paginas import Terug
from .rapport import taak
from .toegang import Toegang, mag_nieuw_programma
from .vandaag import vandaag as vandaag_van_de_app


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def toegang(request: HtmxHttpRequest, slug: str) -> Toegang:
    """The member's access to a programme; 404 for everyone else, who may not even learn
    that it exists."""
    t = Toegang.van(request.user, slug)
    if t is None:
        raise Http404(_("Programma niet gevonden."))
    return t


def vereis(mag: bool, waarom: str | None = None) -> None:
    """403 unless `mag`; `waarom` says what was refused (the 403 page shows it)."""
    if not mag:
        raise PermissionDenied(waarom or _("Uw rol in dit programma staat dit niet toe."))


LEDEN_GEWEIGERD = _(
    "U mag de ledenlijst van dit programma niet inzien: alleen de programmamanager ziet wie "
    "er lid is en met welke rol."
)
ALLEEN_PM = _(
    "Een baateigenaar wijzigt alleen de metingen en risico's van de eigen baten; de rest van "
    "het plan wijzigt de programmamanager."
)
BESLUIT_GEWEIGERD = _(
    "U mag geen besluit over een escalatie vastleggen: dat doen de sponsorgroep en de "
    "programmamanager."
)


def geweigerd_onderdeel(actie: str, model: Any) -> str:
    """'U mag dit onderdeel van het plan (risico) niet wijzigen.' and why."""
    soort = model._meta.verbose_name
    teksten = {
        "toevoegen": _("U mag geen %(soort)s toevoegen aan dit plan."),
        "wijzigen": _("U mag dit onderdeel van het plan (%(soort)s) niet wijzigen."),
        "verwijderen": _("U mag dit onderdeel van het plan (%(soort)s) niet verwijderen."),
    }
    return f"{teksten[actie] % {'soort': soort}} {ALLEEN_PM}"


def sectie_context(t: Toegang, terug: Terug) -> dict[str, Any]:
    """What one section shows, built by that section's own builder: a fragment reads only
    what it renders, never the whole page."""
    vandaag = vandaag_van_de_app()
    if terug.pagina == "baat":
        context = paginas.baat_pagina(t, terug.baat or 0, vandaag, sectie=terug.sectie)
        if not context:
            raise Http404(_("Baat niet gevonden."))
        return context
    if terug.pagina == "leden":
        vereis(t.mag_leden_zien, LEDEN_GEWEIGERD)
        return leden_context(t)
    if terug.pagina == "dashboard":
        return paginas.dashboard_sectie(t, terug.sectie, vandaag)
    return paginas.plan_sectie(t, terug.sectie, vandaag)


def sectie(request: HtmxHttpRequest, t: Toegang, terug: Terug, **extra: Any) -> HttpResponse:
    """A section again after a change: the fragment for htmx, else back to the page."""
    if not request.htmx:
        return HttpResponseRedirect(terug.url(t.programma.slug))
    if terug.pagina == "mijn":
        # Mijn baten swaps its own cards (views.meting); anything else reloads the page.
        return HttpResponseClientRedirect(terug.url(t.programma.slug))
    context = {**sectie_context(t, terug), "terug": terug, **extra}
    html = render_to_string(f"programmas/{terug.pagina}.html#{terug.sectie}", context, request)
    if terug.pagina == "baat":
        # The baat's figures change with its metingen, its nulmeting, target and deadline
        # (the kern section): refresh them beside the section.
        html += render_to_string("programmas/baat.html#figuren", {**context, "oob": True}, request)
    response = HttpResponse(html)
    retarget(response, f"#sectie-{terug.sectie}")
    return reswap(response, "outerHTML")


def bewaard(
    request: HtmxHttpRequest, t: Toegang, terug: Terug, wat: object, rij: str = ""
) -> HttpResponse:
    """`sectie` after a save, saying so: "Opgeslagen" in the status message (#melding,
    aria-live, read out by screen readers), and for static/js/scherm.js which section and
    which row (the address of its own link) to highlight and give the focus back to."""
    response = sectie(request, t, terug)
    tekst = _("Opgeslagen: “%(wat)s”.") % {"wat": wat}
    if not request.htmx:
        messages.success(request, tekst)
    elif not isinstance(response, HttpResponseClientRedirect):
        melding = {"programma": t.programma, "tekst": tekst, "oob": True}
        response.content += render_to_string("programmas/_melding.html", melding, request).encode()
        detail = {"sectie": f"#sectie-{terug.sectie}", "rij": rij}
        trigger_client_event(response, "bp:opgeslagen", detail, after="settle")
    return response


def formulier(
    request: HtmxHttpRequest, t: Toegang, form: forms.PlanForm | Any, **context: Any
) -> HttpResponse:
    """A form in place (htmx) or as a page of its own; errors keep what was typed."""
    context = {"programma": t.programma, "toegang": t, "form": form, **context}
    template = "programmas/_formulier.html" if request.htmx else "programmas/formulier.html"
    return render(request, template, context, status=422 if form.errors else 200)


def formulier_hier(
    request: HtmxHttpRequest, t: Toegang, form: forms.PlanForm | Any, terug: Terug, **context: Any
) -> HttpResponse:
    """A `formulier` that posts back to this address; saving and cancelling both return to
    `terug`."""
    return formulier(request, t, form, actie=request.path, terug=terug, annuleer=terug, **context)


# ---------------------------------------------------------------------------------------
# Start, plan and baat pages


@login_required
@require_GET
def plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    t = toegang(request, slug)
    return render(request, "programmas/plan.html", paginas.plan(t, vandaag_van_de_app()))


@login_required
@require_GET
def baat(request: HtmxHttpRequest, slug: str, nummer: int) -> HttpResponse:
    t = toegang(request, slug)
    context = paginas.baat_pagina(t, nummer, vandaag_van_de_app())
    if not context:
        raise Http404(_("Baat niet gevonden."))
    return render(request, "programmas/baat.html", context)


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    t = toegang(request, slug)
    context = paginas.dashboard_pagina(t, vandaag_van_de_app())
    return render(request, "programmas/dashboard.html", context)


@login_required
@require_GET
def kaart(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The benefits map: inspanning -> vermogen -> baat -> doel, with its gaps (issue 17)."""
    t = toegang(request, slug)
    context = kaart_pagina(t, vandaag_van_de_app())
    return render(request, "programmas/kaart.html", context)


def _volledig(request: HtmxHttpRequest) -> bool:
    """Which report: the standard one (the summary), or with `soort=volledig` the full one."""
    return (request.POST.get("soort") or request.GET.get("soort")) == "volledig"


@login_required
@require_GET
def rapport_pdf(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The newest finished PDF report of the kind asked for, in the reader's language where
    there is one (taak.klaar), for every member. Never
    rendered here: the worker made it (taak.maak_rapport); without one the member goes to
    the report page."""
    t = toegang(request, slug)
    volledig = _volledig(request)
    aanvraag = taak.klaar(t.programma, volledig=volledig)
    if aanvraag is None:
        messages.info(request, _("Er is nog geen rapport. Vraag het hier aan."))
        return redirect("rapport_status", slug=slug)
    response = HttpResponse(bytes(aanvraag.pdf), content_type="application/pdf")
    naam = aanvraag.bestandsnaam or rapport.bestandsnaam(t.programma, volledig=volledig)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rapport_status(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The report page: ask for the standard or the full report (POST queues it), see it
    being made (htmx polls that kind's status partial every 2 s while it is open) and
    download it when it is ready."""
    t = toegang(request, slug)
    volledig = _volledig(request)
    nu = taak.stand_nu(t.programma)
    if request.method == "POST":
        taak.vraag_aan(t.programma, request.user, volledig=volledig, nu=nu)
        if not request.htmx:
            return redirect("rapport_status", slug=slug)
    context = {"programma": t.programma, "toegang": t}
    if request.htmx:
        context["stand"] = taak.stand_van(t.programma, volledig=volledig, nu=nu)
        return render(request, "programmas/rapport_status.html#status", context)
    context["standen"] = [taak.stand_van(t.programma, volledig=v, nu=nu) for v in (False, True)]
    return render(request, "programmas/rapport_status.html", context)


@login_required
@require_GET
def exporteren(request: HtmxHttpRequest, slug: str, soort: str) -> HttpResponse:
    """The plan as the filled-in template (md), a complete document (json), Excel or PDF."""
    t = toegang(request, slug)
    if soort == "pdf":
        # The PDF is made by the task worker, never in a request: see the report page.
        return redirect("rapport_status", slug=slug)
    exporteur = uitwisseling.EXPORTEURS.get(soort)
    if exporteur is None:
        raise Http404
    response = HttpResponse(exporteur.voor(t), content_type=exporteur.mediatype)
    naam = rapport.bestandsnaam(t.programma, vandaag_van_de_app(), soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


IMPORT_SESSIE = "batenplan-import"


@login_required
@require_http_methods(["GET", "POST"])
def importeren(request: HtmxHttpRequest, slug: str | None = None) -> HttpResponse:
    """Upload a plan, see what it creates, changes and removes, then confirm.

    Into an existing programme for its programme manager; as a new programme for site
    administrators (who manage programmes, domain.md).
    """
    t = import_doel(request, slug)
    programma = t.programma if t else None
    context: dict[str, Any] = {"programma": programma, "toegang": t}
    post = request.method == "POST"
    form = forms.ImportForm(request.POST if post else None, request.FILES if post else None)
    bevestigd = post and "bevestig" in request.POST
    inhoud = bewaarde_upload(request, slug) if bevestigd else None
    if inhoud is not None:
        form = forms.ImportForm()
    elif post and form.is_valid():
        inhoud, bevestigd = form.cleaned_data["bestand"], False
    else:
        status = 422 if form.errors else 200
        return render(
            request, "programmas/importeren.html", {**context, "form": form}, status=status
        )
    bestand = request.FILES.get("bestand")
    naam = request.session.get(IMPORT_SESSIE, {}).get("naam", "") if bevestigd else ""
    naam = getattr(bestand, "name", "") or naam
    try:
        uitkomst, afdruk, verouderd = opslaan.importeer(
            inhoud,
            programma,
            request.user,
            bevestig=bewaarde_vingerafdruk(request, slug) if bevestigd else None,
            # Stored in Dutch whatever the reader's language; shown translated (geschiedenis).
            oorsprong=gettext_noop("import van %(naam)s") % {"naam": naam} if naam else "",
        )
        bevestigd = bevestigd and not verouderd
    except uitwisseling.ImportFout as fout:
        context.update(fouten=fout.fouten, waarschuwingen=fout.waarschuwingen, form=form)
        return render(request, "programmas/importeren.html", context, status=422)
    if not bevestigd:
        bewaar_upload(request, slug, inhoud, afdruk)
        request.session[IMPORT_SESSIE]["naam"] = naam  # for the history's change set
        context.update(uitkomst=uitkomst, form=forms.ImportForm(), verouderd=verouderd)
        return render(
            request, "programmas/importeren.html", context, status=409 if verouderd else 200
        )
    request.session.pop(IMPORT_SESSIE, None)
    messages.success(
        request,
        _("Het plan is geïmporteerd: %(n)s wijzigingen.") % {"n": len(uitkomst.wijzigingen)},
    )
    return redirect("plan", uitkomst.programma.slug)


LEEG_SJABLOON = Path(settings.BASE_DIR) / "docs" / "batenrealisatieplan.md"


@login_required
@require_GET
def leeg_sjabloon(request: HtmxHttpRequest) -> HttpResponse:
    """The empty template Batenrealisatieplan (docs/), to fill in and import."""
    response = HttpResponse(LEEG_SJABLOON.read_bytes(), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="batenrealisatieplan.md"'
    return response


def import_doel(request: HtmxHttpRequest, slug: str | None) -> Toegang | None:
    """Access to the programme an upload goes into (None: a new one), if this user may."""
    if slug is None:
        vereis(
            mag_nieuw_programma(request.user),
            _("Alleen een sitebeheerder mag een plan als nieuw programma importeren."),
        )
        return None
    t = toegang(request, slug)
    vereis(
        t.mag_bewerken, _("Alleen de programmamanager mag een plan in dit programma importeren.")
    )
    return t


def bewaar_upload(
    request: HtmxHttpRequest, slug: str | None, inhoud: bytes, afdruk: str = ""
) -> None:
    # Between preview and confirmation the file waits in the session, tied to its target and
    # to the state of the programme it was previewed on (uitwisseling.vingerafdruk).
    request.session[IMPORT_SESSIE] = {
        "doel": slug or "",
        "inhoud": base64.b64encode(inhoud).decode(),
        "vingerafdruk": afdruk,
    }


def bewaarde_upload(request: HtmxHttpRequest, slug: str | None) -> bytes | None:
    bewaard = request.session.get(IMPORT_SESSIE, {})
    if bewaard.get("doel") != (slug or ""):
        return None
    return base64.b64decode(bewaard["inhoud"])


def bewaarde_vingerafdruk(request: HtmxHttpRequest, slug: str | None) -> str:
    bewaard = request.session.get(IMPORT_SESSIE, {})
    return bewaard.get("vingerafdruk", "") if bewaard.get("doel") == (slug or "") else ""


@login_required
@require_http_methods(["GET", "POST"])
def signaal_afhandelen(
    request: HtmxHttpRequest, slug: str, nummer: int, criterium: str
) -> HttpResponse:
    """Mark an automatic signal of a baat as handled, with a note and/or the sponsorgroep's
    decision (domain rule 6). A sponsor handles it by recording the decision."""
    t = toegang(request, slug)
    vereis(t.mag_besluiten(), BESLUIT_GEWEIGERD)
    # This baat's figures alone: the signal is the dashboard's, not the whole dashboard.
    signaal = paginas.open_signaal(t, nummer, criterium, vandaag_van_de_app())
    if signaal is None:
        raise Http404(_("Dit signaal staat niet (meer) open."))
    form = forms.AfhandelingForm(request.POST or None, alleen_besluit=not t.mag_afhandelen)
    terug = Terug("dashboard", "escalaties")
    if request.method == "POST" and form.is_valid():
        try:
            opslaan.handel_signaal_af(
                signaal,
                form.cleaned_data.get("afhandeling", ""),
                request.user,
                besluit=form.cleaned_data.get("besluit") or "",
                besluit_op=form.cleaned_data.get("besluit_op"),
            )
        except ValidationError as fout:
            for veld, lijst in fout.message_dict.items():
                for bericht in lijst:
                    form.add_error(veld if veld in form.fields else None, bericht)
        else:
            return bewaard(
                request, t, terug, f"{signaal.regel.baat.code}: {signaal.signaal.criterium.label}"
            )
    titel = _("Signaal afhandelen: %(baat)s") % {"baat": signaal.regel.baat.code}
    return formulier_hier(request, t, form, terug, titel=titel, uitleg=signaal.signaal.tekst)


@login_required
@require_http_methods(["GET", "POST"])
def escalatie_besluit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record the sponsorgroep's decision on an escalation (domain rule 6): set by hand,
    or the stored handling of an automatic signal."""
    t = toegang(request, slug)
    vereis(t.mag_besluiten(), BESLUIT_GEWEIGERD)
    escalatie = get_object_or_404(Escalatie, pk=pk, programma=t.programma)
    form = forms.BesluitForm(request.POST or None, instance=escalatie, toegang=t)
    terug = Terug("dashboard", "escalaties")
    verschillen = None
    if request.method == "POST" and form.is_valid():
        verschillen = opslaan.bewaar(form, request.user)
        if verschillen is None:
            return bewaard(request, t, terug, escalatie, rij=request.path)
    onderwerp = f"{escalatie.baat.code}: " if escalatie.baat else ""
    return formulier_hier(
        request,
        t,
        form,
        terug,
        verschillen=verschillen,
        titel=_("Besluit van de sponsorgroep"),
        uitleg=f"{onderwerp}{escalatie.omschrijving}",
    )


def mijn_context(t: Toegang, vandaag, baten: QuerySet[Baat] | None = None) -> dict[str, Any]:
    """Mijn baten, or the given baten (one card): only what the page shows."""
    if baten is None:
        baten = t.programma.baten.filter(eigenaar_id=t.lid.user_id)
    regels = paginas.mijn_baten(t, baten, vandaag)
    mijn = [
        (
            r,
            forms.MetingForm(toegang=t, baat=r.baat, prefix=f"b{r.baat.nummer}"),
            r.traject_json(vandaag, klein=True),
        )
        for r in regels
    ]
    return {
        "programma": t.programma,
        "toegang": t,
        "vandaag": vandaag,
        "regels": regels,
        "mijn": mijn,
    }


@login_required
@require_GET
def mijn(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    t = toegang(request, slug)
    return render(request, "programmas/mijn.html", mijn_context(t, vandaag_van_de_app()))


@login_required
@require_http_methods(["GET", "POST"])
def meting(request: HtmxHttpRequest, slug: str, nummer: int) -> HttpResponse:
    """The quick form of "Mijn baten": a meting for a baat the member owns."""
    t = toegang(request, slug)
    baat = get_object_or_404(Baat, programma=t.programma, nummer=nummer)
    vereis(
        t.mag_metingen(baat),
        _(
            "U mag geen metingen invoeren voor %(baat)s: dat doen de baateigenaar van die baat "
            "en de programmamanager."
        )
        % {"baat": baat.code},
    )
    form = forms.MetingForm(request.POST or None, toegang=t, baat=baat, prefix=f"b{nummer}")
    verschillen = None
    opgeslagen = form.herhaling() if form.is_bound else None
    if opgeslagen is None and request.method == "POST" and form.is_valid():
        verschillen = opslaan.bewaar_meting(form, request.user)
        if verschillen is None:
            opgeslagen = form.herhaling() or form.instance
    notitie = opslaan.kwalitatief_notitie(opgeslagen) if opgeslagen else None
    if opgeslagen and not request.htmx:
        if notitie:
            messages.info(request, notitie)
        return redirect(f"{reverse('mijn', args=[slug])}#mijn-{nummer}")
    if request.htmx:
        # The card again: with the new figures after a save, with the errors otherwise.
        context = mijn_context(t, vandaag_van_de_app(), t.programma.baten.filter(pk=baat.pk))
        bewaard = opgeslagen is not None
        regel, nieuw, traject = context["mijn"][0]
        context.update(
            item=(regel, nieuw if bewaard else form, traject),
            bewaard=baat.pk if bewaard else None,
            notitie=notitie,
            verschillen=verschillen,
        )
        status = 200 if bewaard or not form.is_bound else 422
        return render(request, "programmas/mijn.html#baat", context, status=status)
    terug = Terug("mijn", "baat")
    return formulier_hier(
        request, t, form, terug, verschillen=verschillen, titel=_("Meting invoeren")
    )


# ---------------------------------------------------------------------------------------
# Sections of the programme itself (header, toelichtingen, settings of sections 3, 6, 7)


@login_required
@require_GET
def tonen(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A section as it is shown, e.g. when an edit is cancelled."""
    t = toegang(request, slug)
    terug = Terug.lees(request.GET.get("terug"), Terug("plan", "kop"))
    return sectie(request, t, terug)


@login_required
@require_http_methods(["GET", "POST"])
def sectie_bewerken(request: HtmxHttpRequest, slug: str, naam: str) -> HttpResponse:
    t = toegang(request, slug)
    if naam not in forms.SECTIE_VELDEN:
        raise Http404
    vereis(t.mag_bewerken, _("Alleen de programmamanager mag de secties van het plan wijzigen."))
    form = forms.SectieForm(request.POST or None, instance=t.programma, toegang=t, sectie=naam)
    terug = Terug("plan", naam)
    verschillen = None
    if request.method == "POST" and form.is_valid():
        verschillen = opslaan.bewaar(form, request.user)
        if verschillen is None:
            return bewaard(request, t, terug, SECTIE_TITELS[naam], rij=request.path)
    return formulier_hier(
        request, t, form, terug, verschillen=verschillen, titel=SECTIE_TITELS[naam]
    )


SECTIE_TITELS = {
    "kop": _("Programma"),
    "baten": _("1. Baten Overzicht"),
    "cycli": _("2. Batenrealisatie per Cyclus"),
    "roadmap": _("3. Batenrealisatie Roadmap"),
    "details": _("4. Per Baat: Realisatiedetails"),
    "afhankelijkheden": _("5. Afhankelijkheden tussen Baten"),
    "monitoring": _("6. Monitoring & Sturing"),
    "escalatie": _("7. Escalatie"),
}


# ---------------------------------------------------------------------------------------
# Rows: every table of the plan, added to, changed and removed in place


@dataclass(frozen=True)
class Soort:
    model: type[Model]
    form: type[forms.PlanForm]
    programma_pad: str  # lookup from a row to its programme
    terug: str  # where a change shows by default
    titel: Any
    het: bool = False  # a het-word: "dit risico", not "deze risico"
    alleen_bestaand: bool = False  # another face of a row made elsewhere (baatdetails)

    def rijen(self, programma: Programma):
        return self.model.objects.filter(**{self.programma_pad: programma})


SOORTEN: dict[str, Soort] = {
    "baat": Soort(Baat, forms.BaatForm, "programma", "plan#baten", _("baat")),
    "baatdetails": Soort(
        Baat, forms.BaatDetailsForm, "programma", "baat#kern", _("baat"), alleen_bestaand=True
    ),
    "cyclus": Soort(Cyclus, forms.CyclusForm, "programma", "plan#cycli", _("cyclus")),
    "cyclusdoel": Soort(
        CyclusDoel,
        forms.CyclusDoelForm,
        "cyclus__programma",
        "plan#cycli",
        _("cyclusdoel"),
        het=True,
    ),
    "vermogen": Soort(
        Vermogen, forms.VermogenForm, "programma", "plan#details", _("vermogen"), het=True
    ),
    "inspanning": Soort(
        Inspanning, forms.InspanningForm, "programma", "plan#details", _("inspanning")
    ),
    "risico": Soort(
        Risico, forms.RisicoForm, "baat__programma", "plan#details", _("risico"), het=True
    ),
    "meetmoment": Soort(
        Meetmoment,
        forms.MeetmomentForm,
        "baat__programma",
        "plan#details",
        _("meetmoment"),
        het=True,
    ),
    "afhankelijkheid": Soort(
        Afhankelijkheid,
        forms.AfhankelijkheidForm,
        "baat__programma",
        "plan#afhankelijkheden",
        _("afhankelijkheid"),
    ),
    "stuurparameter": Soort(
        Stuurparameter,
        forms.StuurparameterForm,
        "programma",
        "plan#monitoring",
        _("stuurparameter"),
    ),
    "escalatie": Soort(
        Escalatie, forms.EscalatieForm, "programma", "plan#escalatie", _("escalatie")
    ),
    "lid": Soort(Lidmaatschap, forms.LidForm, "programma", "leden#leden", _("lid"), het=True),
    "doel": Soort(Doel, forms.DoelForm, "programma", "plan#doelen", _("doel"), het=True),
}


def soort_en_rij(t: Toegang, soort_naam: str, pk: int | None) -> tuple[Soort, Model | None]:
    soort = SOORTEN.get(soort_naam)
    if soort is None or (pk is None and soort.alleen_bestaand):
        raise Http404
    rij = get_object_or_404(soort.rijen(t.programma), pk=pk) if pk is not None else None
    return soort, rij


def terug_voor(request: HtmxHttpRequest, soort: Soort, rij: Model | None) -> Terug:
    """Where the change will show: as the form says, else where this kind of row lives."""
    pagina, _, sectie = soort.terug.partition("#")
    if pagina == "baat":
        # "baat#risicos": the page of the row's own baat.
        baat_ = rij if isinstance(rij, Baat) else getattr(rij, "baat", None)
        standaard = Terug("baat", sectie, baat_.nummer) if baat_ else Terug("plan", "details")
    else:
        standaard = Terug.lees(soort.terug, Terug("plan", "baten"))
    return Terug.lees(request.POST.get("terug") or request.GET.get("terug"), standaard)


def gevraagde_baat(request: HtmxHttpRequest, t: Toegang) -> Baat | None:
    """The baat of this programme a new row is asked for (?baat=...); whether the member
    may add a row for it is Toegang.mag_wijzigen's to say."""
    pk = notatie.nummer(request.GET.get("baat") or request.POST.get("baat"))
    if pk is None:
        return None
    return get_object_or_404(t.programma.baten, pk=pk)


def rij_form(
    request: HtmxHttpRequest, t: Toegang, soort: Soort, rij: Model | None, baat_: Baat | None
):
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {
        k: n
        for k, v in request.GET.items()
        if k in {"baat", "cyclus"} and (n := notatie.nummer(v)) is not None
    }
    if (baten := notatie.nummer(request.GET.get("baten"))) is not None:
        initial["baten"] = [baten]
    if soort.form is forms.MeetmomentForm and not t.mag_meetmomenten_plannen:
        # Who may not plan it corrects the meting of a meetmoment, not what was planned.
        baat_ = rij.baat if rij is not None else baat_  # type: ignore[attr-defined]
        if baat_ is None:
            raise Http404(_("Kies eerst een baat."))
        return forms.MetingForm(data, instance=rij, toegang=t, baat=baat_)
    return soort.form(data, instance=rij, initial=initial, toegang=t)


def rij_adres(slug: str, soort: str, rij: Model) -> str:
    """The address of a row's own link ("Wijzigen"), by which scherm.js finds it again."""
    return reverse("rij_bewerken", args=[slug, soort, rij.pk])


@login_required
@require_http_methods(["GET", "POST"])
def rij_bewerken(
    request: HtmxHttpRequest, slug: str, soort: str, pk: int | None = None
) -> HttpResponse:
    t = toegang(request, slug)
    s, rij = soort_en_rij(t, soort, pk)
    baat_ = gevraagde_baat(request, t) if rij is None else None
    vereis(
        t.mag_wijzigen(s.model, rij, baat=baat_),
        geweigerd_onderdeel("toevoegen" if rij is None else "wijzigen", s.model),
    )
    terug = terug_voor(request, s, rij)
    form = rij_form(request, t, s, rij, baat_)
    verschillen = None
    if isinstance(form, forms.MeetmomentForm):
        # A meting form: a retried POST answers as the first did and stores nothing twice.
        opgeslagen = form.herhaling() if form.is_bound else None
        if opgeslagen is None and request.method == "POST" and form.is_valid():
            verschillen = opslaan.bewaar_meting(form, request.user)
            if verschillen is None:
                opgeslagen = form.herhaling() or form.instance
        if opgeslagen is not None:
            if notitie := opslaan.kwalitatief_notitie(opgeslagen):
                messages.info(request, notitie)
            return bewaard(request, t, terug, opgeslagen, rij=rij_adres(slug, soort, opgeslagen))
    elif request.method == "POST" and form.is_valid():
        verschillen = opslaan.bewaar(form, request.user)
        if verschillen is None:
            return bewaard(
                request, t, terug, form.instance, rij=rij_adres(slug, soort, form.instance)
            )
    titel = _("%(soort)s wijzigen") if rij else _("%(soort)s toevoegen")
    return formulier(
        request,
        t,
        form,
        verschillen=verschillen,
        actie=request.get_full_path(),
        titel=capfirst(titel % {"soort": s.titel}),
        terug=terug,
        annuleer=terug,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rij_verwijderen(request: HtmxHttpRequest, slug: str, soort: str, pk: int) -> HttpResponse:
    """Confirm, saying what goes with the row; then delete it into the Prullenbak and offer
    to undo it."""
    t = toegang(request, slug)
    s, rij = soort_en_rij(t, soort, pk)
    vereis(
        rij is not None and t.mag_verwijderen(rij) and soort != "baatdetails",
        geweigerd_onderdeel("verwijderen", s.model),
    )
    terug = terug_voor(request, s, rij)
    fout = None
    if request.method == "POST":
        try:
            item = opslaan.verwijder(rij, t.programma, soort, request.user)  # type: ignore[arg-type]
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            if terug.pagina == "baat" and isinstance(rij, Baat):
                terug = Terug("plan", "baten")
            tekst = _("“%(rij)s” is verwijderd") % {"rij": item.omschrijving}
            if item.gevolgen_weergave:  # item.gevolgen is stored in Dutch
                tekst = f"{tekst}, {item.gevolgen_weergave}"
            if not request.htmx:
                messages.success(request, f"{tekst}.", extra_tags="prullenbak")
            response = sectie(request, t, terug)
            if request.htmx:
                melding = {"programma": t.programma, "item": item, "tekst": tekst, "terug": terug}
                response.content += render_to_string(
                    "programmas/_melding.html", {**melding, "oob": True}, request
                ).encode()
            return response
    context = {
        "programma": t.programma,
        "toegang": t,
        "rij": rij,
        "soort": s,
        "gevolgen": prullenbak.gevolgen(rij),  # type: ignore[arg-type]
        "terug": terug,
        "actie": request.path,
        "annuleer": terug,
        "fout": fout,
    }
    template = "programmas/_verwijderen.html" if request.htmx else "programmas/verwijderen.html"
    return render(request, template, context, status=422 if fout else 200)


@login_required
@require_GET
def prullenbak_lijst(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What was deleted and may be put back by this member: all of it for the pm."""
    t = toegang(request, slug)
    items = [
        item
        for item in t.programma.prullenbak.select_related("verwijderd_door")[:200]
        if t.mag_herstellen(item)
    ]
    for item in items:
        item.omschrijving_weergave, item.gevolgen_weergave = prullenbak.in_de_taal_van_de_lezer(
            item
        )
    context = {"programma": t.programma, "toegang": t, "items": items}
    return render(request, "programmas/prullenbak.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def prullenbak_herstellen(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Undo a delete: the row and all that went with it, back as they were. A GET changes
    nothing: it leads to the prullenbak, where the button is."""
    t = toegang(request, slug)
    item = get_object_or_404(Prullenbak, programma=t.programma, pk=pk)
    vereis(
        t.mag_herstellen(item),
        _(
            "U mag dit verwijderde onderdeel niet terugzetten: dat doen de programmamanager en "
            "wie het verwijderde, zolang die het nog mag wijzigen."
        ),
    )
    if request.method != "POST":
        return redirect("prullenbak", slug)
    terug = Terug.lees(request.POST.get("terug"), Terug("plan", "baten"))
    naar_lijst = request.POST.get("volgende") == "prullenbak"
    omschrijving = item.omschrijving
    try:
        prullenbak.herstel(item)
    except prullenbak.HerstelFout as fout:
        if request.htmx and not naar_lijst:
            melding = {"programma": t.programma, "tekst": str(fout), "fout": True}
            response = render(request, "programmas/_melding.html", melding, status=422)
            retarget(response, "#melding")
            return reswap(response, "outerHTML")
        messages.error(request, str(fout))
        return redirect("prullenbak", slug)
    tekst = _("“%(rij)s” is teruggezet.") % {"rij": omschrijving}
    if naar_lijst or not request.htmx:
        messages.success(request, tekst)
        return redirect("prullenbak", slug) if naar_lijst else HttpResponseRedirect(terug.url(slug))
    response = sectie(request, t, terug)
    melding = {"programma": t.programma, "tekst": tekst, "oob": True}
    response.content += render_to_string("programmas/_melding.html", melding, request).encode()
    return response


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_cel(request: HtmxHttpRequest, slug: str, nummer: int, kwartaal: int) -> HttpResponse:
    t = toegang(request, slug)
    vereis(t.mag_bewerken, _("Alleen de programmamanager mag de roadmap wijzigen."))
    baat_ = get_object_or_404(Baat, programma=t.programma, nummer=nummer)
    if not 1 <= kwartaal <= t.programma.aantal_kwartalen:
        raise Http404
    cel = RoadmapFase.objects.filter(baat=baat_, kwartaal=kwartaal).first()
    form = forms.RoadmapCelForm(request.POST or None, cel=cel)
    terug = Terug("plan", "roadmap")
    opgeslagen = form.is_valid() and opslaan.bewaar_cel(form, baat_, kwartaal, request.user)
    if request.method == "POST" and opgeslagen:
        return bewaard(request, t, terug, f"{baat_.code} Q{kwartaal}", rij=request.path)
    titel = _("Fase van %(baat)s in Q%(k)s") % {"baat": baat_.code, "k": kwartaal}
    return formulier_hier(request, t, form, terug, titel=titel)


# ---------------------------------------------------------------------------------------
# Members


def leden_context(t: Toegang) -> dict[str, Any]:
    return {
        "programma": t.programma,
        "toegang": t,
        "leden": t.programma.lidmaatschappen.select_related("user").order_by(
            "rol", "user__username"
        ),
    }


@login_required
@require_GET
def leden(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    t = toegang(request, slug)
    vereis(t.mag_leden_zien, LEDEN_GEWEIGERD)
    return render(request, "programmas/leden.html", leden_context(t))
