"""Calendar feeds (issue 16): a person's meetmomenten, or for a programme manager every
meetmoment of their programme, as an iCalendar file a calendar app subscribes to.

Each meetmoment still to be measured (realisatie.is_open) is an all-day event on its date;
an overdue one (realisatie.is_achterstallig, on programmas.vandaag's day) says so in its
title and category. A measured one leaves the feed. The file is written by the icalendar
library, which also reads it back in the tests. The feed's URL carries the person's secret
key (Profiel.agenda_sleutel) instead of a login, as calendar apps cannot log in. Its texts
are in the language of the feed's owner (Profiel.taal): a calendar app has no session to
choose one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import realisatie
from .herinneringen import site_url
from .models import Lidmaatschap, Meetmoment, MeetmomentQuerySet, Programma
from .toegang import Toegang

PRODID = "-//Batenplan//Meetmomenten//NL"


def _meetmomenten(rijen: MeetmomentQuerySet) -> list[Meetmoment]:
    return list(
        rijen.filter(datum__isnull=False)
        .als_afspraak()
        .order_by("datum", "baat__programma__naam", "baat__nummer", "pk")
    )


def van_persoon(user) -> list[Meetmoment]:
    """The open meetmomenten of the baten this person owns and may measure, in every
    programme they are a member of."""
    toegang = {
        lid.programma_id: Toegang(lid.programma, lid)
        for lid in Lidmaatschap.objects.filter(user=user).select_related("programma")
    }
    rijen = _meetmomenten(
        Meetmoment.objects.filter(baat__eigenaar=user, baat__programma__in=list(toegang))
    )
    return [
        m
        for m in rijen
        if realisatie.is_open(m.datum, m.is_gemeten)
        and toegang[m.baat.programma_id].mag_metingen(m.baat)
    ]


def van_programma(programma: Programma) -> list[Meetmoment]:
    """Every open meetmoment of the programme, whoever owns it."""
    rijen = _meetmomenten(Meetmoment.objects.filter(baat__programma=programma))
    return [m for m in rijen if realisatie.is_open(m.datum, m.is_gemeten)]


def kalender(
    naam: str, meetmomenten: list[Meetmoment], vandaag: date, taal: str | None = None
) -> bytes:
    """The iCalendar file: an all-day event per meetmoment, overdue ones marked; its texts
    in `taal` (the feed owner's; None: the active language)."""
    with translation.override(taal or translation.get_language()):
        return _kalender(naam, meetmomenten, vandaag)


def feed_naam(programma: Programma | None = None) -> str:
    """The calendar's name, in the active language (call it under the owner's)."""
    if programma is not None:
        meetmomenten = _("meetmomenten")
        return f"{programma.naam}: {meetmomenten}"
    return _("Mijn meetmomenten (Batenplan)")


def _kalender(naam: str, meetmomenten: list[Meetmoment], vandaag: date) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", naam)
    # Calendar apps ask again after this long (RFC 7986 and the older Microsoft name).
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    nu = timezone.now()
    # Each word once, outside the f-strings below (where makemessages would not find it).
    meting, achterstallig, meetmoment = _("meting"), _("Achterstallig"), _("Meetmoment")
    gepland, verwacht, eigenaar = _("Gepland"), _("Verwacht niveau"), _("Baateigenaar")
    programma_woord = _("Programma")
    for m in meetmomenten:
        baat, programma = m.baat, m.baat.programma
        achter = realisatie.is_achterstallig(m.datum, m.is_gemeten, vandaag)
        titel = f"{baat.code} {baat.naam}: {meting}"
        if achter:
            titel = f"{achterstallig}: {titel}"
        regels = [f"{programma_woord}: {programma.naam}", f"{gepland}: {m.datum_tekst}"]
        if m.omschrijving:
            regels.append(m.omschrijving)
        if m.verwacht_niveau_tekst:
            regels.append(f"{verwacht}: {m.verwacht_niveau_tekst}")
        if baat.eigenaar_id is None and baat.eigenaar_naam:
            regels.append(f"{eigenaar}: {baat.eigenaar_naam}")
        if achter:
            regels.append(_("Deze meting is achterstallig: de datum is voorbij."))
        url = site_url(f"{reverse('mijn', args=[programma.slug])}#mijn-{baat.nummer}")
        regels.append(url)
        event = Event()
        event.add("uid", f"meetmoment-{m.pk}@batenplan")
        event.add("dtstamp", nu)
        event.add("last-modified", m.gewijzigd_op or nu)
        event.add("dtstart", m.datum)
        event.add("dtend", m.datum + timedelta(days=1))
        event.add("summary", titel)
        event.add("description", "\n".join(regels))
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [achterstallig if achter else meetmoment])
        cal.add_component(event)
    return cal.to_ical()


def bestandsnaam(programma: Programma | None = None) -> str:
    return f"meetmomenten-{programma.slug}.ics" if programma else "meetmomenten.ics"
