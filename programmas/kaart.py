"""The benefits map's data (issue 17): the chain inspanning -> vermogen -> baat -> doel as
stored, the baten's state from their figures, and the checks of kaartregels.

Read in a fixed number of queries whatever the plan's size: the `Stand` of the plan (the
baten with their figures), then the vermogens, inspanningen and doelen and each link table
as plain values. The page, the PDF and the tests read `kaart_gegevens`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from . import kaartregels, realisatie
from .grafieken import charts
from .grafieken.kaart import Knoop
from .grafieken.kaart import kaart as kaart_figuur
from .keuzes import Domein, InspanningStatus
from .models import Doel, Inspanning, Vermogen
from .paginas import BaatRegel, Stand
from .templatetags.plan import fase_label, procent, procentpunt
from .toegang import Toegang

# Labels stay lazy: a hover text is written in the reader's language.
DOMEINEN = {d.value: d.label for d in Domein}
STATUSSEN = {s.value: s.label for s in InspanningStatus}


@dataclass
class Ketenrij:
    """One baat as a row of text beside the map: what builds it and what it serves."""

    regel: BaatRegel
    vermogens: list[str]
    inspanningen: list[str]
    doelen: list[str]


@dataclass
class Kaart:
    keten: kaartregels.Keten
    knopen: list[Knoop]
    links: list[tuple[str, str, str]]
    bevindingen: list[kaartregels.Bevinding]
    rijen: list[Ketenrij]
    doelen: list[tuple[Doel, list[str]]]  # each doel with the codes of the baten serving it

    @property
    def figuur(self) -> charts.Figuur | None:
        return kaart_figuur(self.knopen, self.links)


def _status(figuren: realisatie.BaatFiguren) -> str:
    return str(realisatie.koers(figuren))


def _baat_hover(regel: BaatRegel) -> str:
    f = regel.figuren
    regels = [
        f"{regel.baat.code} {regel.baat.naam}",
        _("Realisatie: %(realisatie)s · fase %(fase)s")
        % {"realisatie": procent(f.realisatie), "fase": fase_label(f.fase)},
        _("Achterstand: %(achterstand)s") % {"achterstand": procentpunt(f.achterstand)},
    ]
    regels += [s.tekst for s in f.signalen] + [s.tekst for s in f.waarschuwingen]
    return "\n".join(regels)


def _volgorde(ids: list[int], buren: dict[int, set[int]], plek: dict[int, float]) -> list[int]:
    """Rows by the mean place of the rows they link to (fewer crossing links), ties and
    unlinked rows keeping the plan's order."""

    def sleutel(item: tuple[int, int]) -> tuple[float, int]:
        i, pk = item
        plekken = [plek[b] for b in buren.get(pk, ()) if b in plek]
        return (sum(plekken) / len(plekken) if plekken else float(len(plek) + i), i)

    return [pk for _, pk in sorted(enumerate(ids), key=sleutel)]


def kaart_gegevens(toegang: Toegang, vandaag: date) -> Kaart:
    programma = toegang.programma
    s = Stand(toegang, vandaag, programma.baten.all())
    vermogens = list(
        Vermogen.objects.filter(programma=programma).only("pk", "omschrijving", "domein")
    )
    inspanningen = list(
        Inspanning.objects.filter(programma=programma).only(
            "pk", "omschrijving", "domein", "status"
        )
    )
    doelen = list(Doel.objects.filter(programma=programma))
    v_baten = Vermogen.baten.through.objects.filter(vermogen__programma=programma)
    i_baten = Inspanning.baten.through.objects.filter(inspanning__programma=programma)
    i_vermogens = Inspanning.vermogens.through.objects.filter(inspanning__programma=programma)
    d_baten = Doel.baten.through.objects.filter(doel__programma=programma)

    def paren(qs, links: str, rechts: str) -> dict[int, set[int]]:
        uit: dict[int, set[int]] = {}
        for a, b in qs.values_list(links, rechts):
            uit.setdefault(a, set()).add(b)
        return uit

    vb = paren(v_baten, "vermogen_id", "baat_id")
    ib = paren(i_baten, "inspanning_id", "baat_id")
    iv = paren(i_vermogens, "inspanning_id", "vermogen_id")
    db = paren(d_baten, "doel_id", "baat_id")

    keten = kaartregels.Keten(
        inspanningen=[
            kaartregels.InspanningKnoop(
                i.pk,
                i.omschrijving,
                i.status == InspanningStatus.AFGEROND,
                frozenset(ib.get(i.pk, ())),
                frozenset(iv.get(i.pk, ())),
            )
            for i in inspanningen
        ],
        vermogens=[
            kaartregels.VermogenKnoop(v.pk, v.omschrijving, frozenset(vb.get(v.pk, ())))
            for v in vermogens
        ],
        baten=[
            kaartregels.BaatKnoop(r.baat.pk, r.baat.code, r.baat.naam, r.figuren.loopt_achter)
            for r in s.regels
        ],
        doelen=[
            kaartregels.DoelKnoop(d.pk, d.code, d.naam, frozenset(db.get(d.pk, ()))) for d in doelen
        ],
    )

    # Columns ordered so that links cross little: baten and doelen in the plan's order,
    # vermogens by the baten they serve, inspanningen by what they build and serve.
    baat_plek = {r.baat.pk: float(i) for i, r in enumerate(s.regels)}
    v_volgorde = _volgorde([v.pk for v in vermogens], vb, baat_plek)
    v_plek = {pk: i * len(baat_plek) / max(len(v_volgorde), 1) for i, pk in enumerate(v_volgorde)}
    i_doelen = {
        i.pk: {f"v{v}" for v in iv.get(i.pk, ())} | {f"b{b}" for b in ib.get(i.pk, ())}
        for i in inspanningen
    }
    i_plek_van = {
        **{f"v{k}": p for k, p in v_plek.items()},
        **{f"b{k}": p for k, p in baat_plek.items()},
    }
    i_volgorde = _volgorde([i.pk for i in inspanningen], i_doelen, i_plek_van)  # type: ignore[arg-type]
    per_v = {v.pk: v for v in vermogens}
    per_i = {i.pk: i for i in inspanningen}

    knopen: list[Knoop] = []
    niet_opgegeven = _("niet opgegeven")
    for pk in i_volgorde:
        i = per_i[pk]
        regels = [
            i.omschrijving,
            _("Inspanning · domein: %(domein)s")
            % {"domein": DOMEINEN.get(i.domein, niet_opgegeven)},
        ]
        regels.append(_("Status: %(status)s") % {"status": STATUSSEN.get(i.status, niet_opgegeven)})
        knopen.append(Knoop(f"i{pk}", 0, i.omschrijving, i.domein, "\n".join(regels)))
    for pk in v_volgorde:
        v = per_v[pk]
        regels = [
            v.omschrijving,
            _("Vermogen · domein: %(domein)s") % {"domein": DOMEINEN.get(v.domein, niet_opgegeven)},
        ]
        knopen.append(Knoop(f"v{pk}", 1, v.omschrijving, v.domein, "\n".join(regels)))
    for r in s.regels:
        knopen.append(
            Knoop(
                f"b{r.baat.pk}",
                2,
                f"{r.baat.code} {r.baat.naam}",
                _status(r.figuren),
                _baat_hover(r),
                r.url,
            )
        )
    for d in doelen:
        hover = "\n".join([f"{d.code} {d.naam}", *([d.omschrijving] if d.omschrijving else [])])
        knopen.append(Knoop(f"d{d.pk}", 3, f"{d.code} {d.naam}", "doel", hover))

    links: list[tuple[str, str, str]] = []
    for pk in i_volgorde:
        links += [(f"i{pk}", f"v{v}", "keten") for v in sorted(iv.get(pk, ()))]
        links += [(f"i{pk}", f"b{b}", "direct") for b in sorted(ib.get(pk, ()))]
    for pk in v_volgorde:
        links += [(f"v{pk}", f"b{b}", "keten") for b in sorted(vb.get(pk, ()))]
    for d in doelen:
        links += [(f"b{b}", f"d{d.pk}", "keten") for b in sorted(db.get(d.pk, ()))]

    doel_namen = {d.pk: d.code for d in doelen}
    per_baat = kaartregels.inspanningen_van(keten)
    rijen = []
    for r in s.regels:
        b = r.baat.pk
        rijen.append(
            Ketenrij(
                r,
                [per_v[v].omschrijving for v in v_volgorde if b in vb.get(v, ())],
                [per_i[i].omschrijving for i in i_volgorde if i in per_baat.get(b, set())],
                [doel_namen[d.pk] for d in doelen if b in db.get(d.pk, ())],
            )
        )
    codes = {r.baat.pk: r.baat.code for r in s.regels}
    doel_rijen = [
        (d, [codes[b] for b in sorted(db.get(d.pk, ()), key=baat_plek.get)]) for d in doelen
    ]
    return Kaart(keten, knopen, links, kaartregels.controleer(keten), rijen, doel_rijen)


def pagina(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the map page: the figure, the checks beside it, the chain as text."""
    k = kaart_gegevens(toegang, vandaag)
    baat_urls = {r.regel.baat.pk: r.regel.url for r in k.rijen}
    return {
        "programma": toegang.programma,
        "toegang": toegang,
        "vandaag": vandaag,
        "kaart": k,
        "kaart_json": charts.figuur_json(k.figuur),
        "bevindingen": [(b, baat_urls.get(b.baat or 0, "")) for b in k.bevindingen],
    }
