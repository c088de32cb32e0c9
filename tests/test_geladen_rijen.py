"""A rule over a row's siblings (a code or number taken, one fase per quarter) refuses the
same with the rows a writer loaded (the importer) as when it asks the database (forms)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmas.models import (
    Baat,
    Cyclus,
    CyclusDoel,
    GeladenRijen,
    RoadmapFase,
    Sector,
    Stuurparameter,
    met_geladen_rijen,
)


def refusals(obj) -> dict[str, list[str]]:
    try:
        obj.clean()
    except ValidationError as fout:
        return {veld: [str(m) for m in lijst] for veld, lijst in fout.message_dict.items()}
    return {}


def copies(demo):
    """Per model: a new row that takes a sibling's key, and one that does not."""
    baat = demo.baten.get(nummer=1)
    cyclus = demo.cycli.order_by("nummer").first()
    fase = baat.roadmap.order_by("kwartaal").first()
    laatste = baat.roadmap.order_by("kwartaal").last()
    laatste.delete()  # a quarter left free
    doel = cyclus.doelen.first()
    parameter = demo.stuurparameters.first()
    return [
        (Sector(programma=demo, code="PO"), Sector(programma=demo, code="MBO")),
        (Baat(programma=demo, nummer=1, naam="x"), Baat(programma=demo, nummer=99, naam="x")),
        (Cyclus(programma=demo, nummer=cyclus.nummer), Cyclus(programma=demo, nummer=99)),
        (
            RoadmapFase(baat=baat, kwartaal=fase.kwartaal, fase=fase.fase),
            RoadmapFase(baat=baat, kwartaal=laatste.kwartaal, fase=fase.fase),
        ),
        (
            CyclusDoel(cyclus=cyclus, baat=doel.baat),
            CyclusDoel(cyclus=cyclus, baat=demo.baten.exclude(cyclusdoelen__cyclus=cyclus).first()),
        ),
        # The demo holds every parameter: none is free.
        (Stuurparameter(programma=demo, parameter=parameter.parameter), None),
    ]


@pytest.mark.django_db
def test_sibling_rules_refuse_the_same_with_loaded_rows_as_from_the_database(demo):
    for bezet, vrij in copies(demo):
        model = type(bezet)
        rijen = [r for r in (bezet, vrij) if r is not None]
        uit_database = [refusals(r) for r in rijen]
        geladen = GeladenRijen()
        geladen.laad(model, model.objects.all())
        with met_geladen_rijen(geladen):
            uit_geheugen = [refusals(r) for r in rijen]
        assert uit_geheugen == uit_database, model
        assert uit_database[0], f"{model.__name__}: a taken key must be refused"
        assert all(not r for r in uit_database[1:]), model


@pytest.mark.django_db
def test_a_row_added_to_the_loaded_rows_takes_its_key_without_a_query(demo):
    geladen = GeladenRijen()
    geladen.laad(Sector, demo.sectoren.all())
    eerste, tweede = Sector(programma=demo, code="MBO"), Sector(programma=demo, code="MBO")
    with met_geladen_rijen(geladen), CaptureQueriesContext(connection) as queries:
        assert refusals(eerste) == {}
        geladen.voeg_toe(eerste)
        assert refusals(tweede) == {"code": ["Sector MBO bestaat al."]}
    assert len(queries) == 0
