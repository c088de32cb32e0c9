"""The JSON document: the complete programme, versioned, that restores it exactly."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .plandata import SECTIES, Gelezen, Melding, PlanData, in_het_nederlands, naar_json, van_json

FORMAAT = "batenplan"
VERSIE = 1


def lees_json(tekst: str) -> Gelezen:
    """The JSON document of `exporteer_json`."""
    try:
        document = json.loads(tekst, parse_float=Decimal)
    except (ValueError, RecursionError) as fout:
        regel = getattr(fout, "lineno", 0)
        return Gelezen(
            None,
            "json",
            fouten=[Melding(regel, _("dit is geen geldige JSON (%(fout)s).") % {"fout": fout})],
        )
    if not isinstance(document, dict) or document.get("formaat") != FORMAAT:
        return Gelezen(
            None,
            "json",
            fouten=[
                Melding(
                    0,
                    _(
                        'Dit is geen JSON-document van Batenplan (verwacht "formaat": '
                        '"%(formaat)s").'
                    )
                    % {"formaat": FORMAAT},
                )
            ],
        )
    if document.get("versie") != VERSIE:
        return Gelezen(
            None,
            "json",
            fouten=[
                Melding(
                    0,
                    _(
                        "Versie %(gevonden)s van het document wordt niet ondersteund "
                        "(verwacht %(versie)s)."
                    )
                    % {"gevonden": repr(document.get("versie")), "versie": VERSIE},
                )
            ],
        )
    fouten: list[Melding] = []
    plan = van_json(PlanData, document.get("programma"), "programma", fouten)
    if plan is not None:
        plan.secties = list(SECTIES)
    return Gelezen(None if fouten else plan, "json", fouten=fouten)


@in_het_nederlands
def schrijf_json(plandata: PlanData, *, met_leden: bool = True) -> str:
    """The complete programme as a versioned JSON document that `lees_json` restores.

    Without `met_leden` (Toegang.mag_leden_zien) the member list is left out, and so are the
    members named in audit fields (who measured, raised, decided, changed a status): they
    would list the members all the same. Importing such a document leaves the members as
    they are."""
    plan = naar_json(plandata)
    if not met_leden:
        plan.pop("leden", None)
        _zonder_namen(plan)
    document = {
        "formaat": FORMAAT,
        "versie": VERSIE,
        "geexporteerd_op": timezone.now().isoformat(timespec="seconds"),
        "programma": plan,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Per list of the JSON plan, its fields that name a member (the baateigenaar is not one:
# the plan itself names the owners to every reader).
LEDEN_VELDEN: dict[str, tuple[str, ...]] = {
    "meetmomenten": ("gemeten_door",),
    "escalaties": ("gemeld_door", "besluit_door"),
}


def _zonder_namen(plan: dict[str, Any]) -> None:
    for lijst, velden in LEDEN_VELDEN.items():
        for rij in plan.get(lijst) or []:
            for veld in velden:
                if rij.get(veld):
                    rij[veld] = "" if lijst == "meetmomenten" else None  # as "nobody" is
    for parameter in plan.get("stuurparameters") or []:
        for wijziging in parameter.get("wijzigingen") or []:
            if wijziging.get("door"):
                wijziging["door"] = None
