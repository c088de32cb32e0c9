"""The pages of versions and history (issue 15): the list of versions with the form to adopt
one, a version read-only and as a file, a comparison, restoring a version, and the history of
a programme and of a baat. Who may do what: toegang.py; the work: versies.py, geschiedenis.py.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from . import geschiedenis, notatie, paginas, uitwisseling, versies
from .models import (
    Afhankelijkheid,
    Baat,
    CyclusDoel,
    Escalatie,
    Meetmoment,
    Planversie,
    Risico,
    RoadmapFase,
)
from .toegang import Toegang
from .views import HtmxHttpRequest, toegang, vereis

# --------------------------------------------------------------------------------------------
# Adopting


class VaststellenForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            ("concept", _("Conceptversie")),
            ("vastgesteld", _("Vastgesteld door de sponsorgroep")),
        ],
        widget=forms.RadioSelect,
        initial="concept",
    )
    nummer = forms.CharField(label=_("Versienummer"), max_length=20, required=False)
    besluit_op = forms.CharField(
        label=_("Datum besluit sponsorgroep"),
        required=False,
        max_length=40,
        help_text=_("Bij een vastgestelde versie, bijvoorbeeld 12-01-2027."),
    )
    notitie = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_besluit_op(self) -> Any:
        tekst = self.cleaned_data["besluit_op"].strip()
        if not tekst:
            return None
        datum = notatie.parse_datum(tekst)
        if datum is None:
            raise ValidationError(_("Onbekende datum: schrijf bijvoorbeeld 12-01-2027."))
        return datum


def _versies(t: Toegang) -> list[Planversie]:
    return list(t.programma.versies.select_related("door").defer("document").order_by("-op", "-pk"))


@login_required
@require_http_methods(["GET", "POST"])
def versies_lijst(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Every version (who, when, note) with what a member can do with it; the programme
    manager adopts the live plan as a new version here."""
    t = toegang(request, slug)
    voorstel = versies.voorstel(t.programma)
    form = None
    if t.mag_vaststellen:
        form = VaststellenForm(request.POST or None, initial={"soort": "concept"})
        # Left empty, the number is the one proposed for the kind chosen (no script needed).
        form.fields["nummer"].widget.attrs["placeholder"] = (
            f"{voorstel.concept} / {voorstel.vastgesteld}" if voorstel.concept else ""
        )
        form.fields["nummer"].help_text = (
            _("Leeg laten: %(c)s voor een concept, %(v)s als de sponsorgroep het vaststelt.")
            % {"c": voorstel.concept, "v": voorstel.vastgesteld}
            if voorstel.concept
            else ""
        )
    if request.method == "POST":
        vereis(t.mag_vaststellen)
        assert form is not None
        if form.is_valid():
            vastgesteld = form.cleaned_data["soort"] == "vastgesteld"
            voorgesteld = voorstel.vastgesteld if vastgesteld else voorstel.concept
            try:
                versie = versies.vaststellen(
                    t.programma,
                    request.user,
                    nummer=form.cleaned_data["nummer"] or voorgesteld,
                    vastgesteld=vastgesteld,
                    notitie=form.cleaned_data["notitie"],
                    besluit_op=form.cleaned_data["besluit_op"],
                )
            except ValidationError as fout:
                for veld, fouten in fout.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                messages.success(request, _("Versie %(n)s is vastgelegd.") % {"n": versie.nummer})
                return redirect("versies", slug)
    context = {
        "programma": t.programma,
        "toegang": t,
        "versies": _versies(t),
        "form": form,
        "voorstel": voorstel,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "programmas/versies.html", context, status=status)


def _versie(t: Toegang, pk: int) -> Planversie:
    return get_object_or_404(
        Planversie.objects.select_related("programma"), programma=t.programma, pk=pk
    )


@login_required
@require_GET
def versie_bekijken(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The plan page of a version, read-only, made from its frozen document."""
    t = toegang(request, slug)
    versie = _versie(t, pk)
    try:
        with versies.als_programma(versie) as programma:
            context = paginas.plan(Toegang.lezer(programma), versies.dag_van(versie))
            context.update(versie=versie, echte_programma=t.programma, live_toegang=t)
            html = render_to_string("programmas/versie_plan.html", context, request)
    except uitwisseling.ImportFout as fout:
        return onleesbaar(request, versie, fout)
    tijdelijk = f"/p/{versies.tijdelijke_slug(versie)}/"
    # The page's downloads are the version's own files; every other link leads to the live
    # plan (the baat pages, the dashboard).
    for soort in versies.SOORTEN:
        eigen = reverse("versie_export", args=[slug, versie.pk, soort])
        html = html.replace(f"{tijdelijk}export/{soort}/", eigen)
    html = html.replace(
        f"{tijdelijk}rapport/", reverse("versie_export", args=[slug, versie.pk, "pdf"])
    )
    html = html.replace(tijdelijk, f"/p/{slug}/")
    return HttpResponse(html)


@login_required
@require_GET
def versie_export(request: HtmxHttpRequest, slug: str, pk: int, soort: str) -> HttpResponse:
    t = toegang(request, slug)
    versie = _versie(t, pk)
    if soort not in versies.SOORTEN:
        raise Http404
    try:
        inhoud = versies.exporteer(versie, soort, t)
    except uitwisseling.ImportFout as fout:
        return onleesbaar(request, versie, fout)
    response = HttpResponse(inhoud, content_type=versies.SOORTEN[soort])
    response["Content-Disposition"] = (
        f'attachment; filename="{versies.bestandsnaam(versie, soort)}"'
    )
    return response


def onleesbaar(request: HtmxHttpRequest, versie: Planversie, fout: Exception) -> HttpResponse:
    """A version whose document today's rules no longer accept (the app changed since): said
    in Dutch; its JSON document can still be downloaded as it was."""
    redenen = "; ".join(str(m) for m in getattr(fout, "fouten", []))
    messages.error(
        request,
        _(
            "Versie %(n)s kan niet als plan worden getoond (%(fout)s). "
            "Het JSON-document is wel te downloaden."
        )
        % {"n": versie.nummer, "fout": redenen},
    )
    return redirect("versies", versie.programma.slug)


# --------------------------------------------------------------------------------------------
# Comparing


@login_required
@require_GET
def vergelijking(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Two versions side by side (`oud`, `nieuw`: a version's key, or "nu" for the live
    plan), per section what was added, removed and changed."""
    t = toegang(request, slug)
    lijst = _versies(t)
    per_pk = {str(v.pk): v for v in lijst}
    oud_pk = request.GET.get("oud") or (str(lijst[0].pk) if lijst else "")
    nieuw_pk = request.GET.get("nieuw") or "nu"
    uitkomst = None
    if oud_pk in per_pk and (nieuw_pk == "nu" or nieuw_pk in per_pk):
        oud = Planversie.objects.get(pk=oud_pk)
        nieuw = None if nieuw_pk == "nu" else Planversie.objects.get(pk=nieuw_pk)
        uitkomst = versies.vergelijk_versies(oud, nieuw, t.programma, met_leden=t.mag_leden_zien)
    elif lijst:
        messages.error(request, _("Kies twee versies om te vergelijken."))
    context = {
        "programma": t.programma,
        "toegang": t,
        "versies": lijst,
        "oud": oud_pk,
        "nieuw": nieuw_pk,
        "vergelijking": uitkomst,
    }
    if request.htmx:
        return render(request, "programmas/vergelijking.html#uitkomst", context)
    return render(request, "programmas/vergelijking.html", context)


# --------------------------------------------------------------------------------------------
# Restoring


@login_required
@require_http_methods(["GET", "POST"])
def versie_terugzetten(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Bring a version back as the live plan: first what it changes (GET), then confirmed
    (POST with the fingerprint the preview was made from) through the import's rules."""
    t = toegang(request, slug)
    vereis(t.mag_vaststellen)
    versie = _versie(t, pk)
    bevestig = request.POST.get("vingerafdruk") if request.method == "POST" else None
    context: dict[str, Any] = {"programma": t.programma, "toegang": t, "versie": versie}
    try:
        uitkomst, afdruk, verouderd = versies.herstel(versie, request.user, bevestig=bevestig)
    except uitwisseling.ImportFout as fout:
        context.update(fouten=fout.fouten)
        return render(request, "programmas/versie_terugzetten.html", context, status=422)
    if bevestig is not None and not verouderd:
        messages.success(
            request, _("Versie %(n)s is teruggezet als het plan van nu.") % {"n": versie.nummer}
        )
        return redirect("plan", slug)
    context.update(
        uitkomst=uitkomst,
        vingerafdruk=afdruk,
        verouderd=verouderd,
        vergelijking=versies.vergelijk(
            versies.zonder_leden(versies.plan_nu(t.programma)),
            versies.zonder_leden(versies.plan_van(versie)),
            str(_("het plan nu")),
            versies.naam(versie),
        ),
    )
    return render(
        request, "programmas/versie_terugzetten.html", context, status=409 if verouderd else 200
    )


# --------------------------------------------------------------------------------------------
# History


_EERSTE_DAG, _LAATSTE_DAG = datetime(1000, 1, 1).date(), datetime(9999, 1, 1).date()


def _datum(tekst: str | None) -> datetime | None:
    datum = notatie.parse_datum(tekst or "") if tekst else None
    if datum is None or not _EERSTE_DAG < datum < _LAATSTE_DAG:
        # Beyond these the period is open on that side anyway; at date.min or date.max the
        # time zone or the day after would overflow.
        return None
    return timezone.make_aware(datetime.combine(datum, time.min))


def _persoon(tekst: str) -> int | None:
    """A user id from the filter; beyond any id a database holds it matches no one."""
    pk = notatie.nummer(tekst)
    return pk if pk is not None and pk < 2**31 else None


@login_required
@require_GET
def geschiedenis_lijst(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Who changed what and when in the programme, newest first, with filters: person,
    section, period."""
    t = toegang(request, slug)
    per_sectie = geschiedenis.secties(met_leden=t.mag_leden_zien)
    # The filter's value is the section's Dutch key; the option reads in the person's language.
    secties = [(naam, geschiedenis.sectie_naam(naam)) for naam in per_sectie]
    sectie = request.GET.get("sectie") or ""
    door = request.GET.get("door") or ""
    van, tot = _datum(request.GET.get("van")), _datum(request.GET.get("tot"))
    personen = (
        get_user_model()
        .objects.filter(pk__in=geschiedenis.personen(t.programma.pk))
        .order_by("username")
    )
    regels = geschiedenis.regels(
        t.programma.pk,
        met_leden=t.mag_leden_zien,
        modellen=per_sectie.get(sectie),
        door=_persoon(door),
        van=van,
        tot=tot + timedelta(days=1) if tot else None,
    )
    context = {
        "programma": t.programma,
        "toegang": t,
        "regels": regels,
        "secties": secties,
        "personen": personen,
        "filter": {
            "sectie": sectie,
            "door": door,
            "van": request.GET.get("van", ""),
            "tot": request.GET.get("tot", ""),
        },
    }
    if request.htmx:
        return render(request, "programmas/geschiedenis.html#regels", context)
    return render(request, "programmas/geschiedenis.html", context)


@login_required
@require_GET
def baat_geschiedenis(request: HtmxHttpRequest, slug: str, nummer: int) -> HttpResponse:
    """The history of one baat and its rows, as the baat page loads it (htmx) or alone."""
    t = toegang(request, slug)
    baat = get_object_or_404(Baat, programma=t.programma, nummer=nummer)
    per_baat = {"baat_id": baat.pk}
    filters = {
        Baat: {"id": baat.pk},
        Meetmoment: per_baat,
        Risico: per_baat,
        CyclusDoel: per_baat,
        RoadmapFase: per_baat,
        Afhankelijkheid: per_baat,
        Escalatie: per_baat,
    }
    regels = geschiedenis.regels(
        t.programma.pk,
        met_leden=t.mag_leden_zien,
        modellen=list(filters),
        filters=filters,
        hoeveel=50,
    )
    context = {"programma": t.programma, "toegang": t, "baat": baat, "regels": regels}
    if request.htmx:
        return render(request, "programmas/geschiedenis.html#baat", context)
    return render(request, "programmas/geschiedenis.html", {**context, "alleen_baat": True})
