from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmas.keuzes import Rol
from programmas.models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Cyclus,
    CyclusDoel,
    Escalatie,
    Lidmaatschap,
    Meetmoment,
    Risico,
    RoadmapFase,
    Stuurparameter,
)


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_levels_keep_the_text_and_derive_the_number(make_baat):
    baat = make_baat(nulmeting_tekst="NPS +5", target_tekst="NPS +20")
    baat.refresh_from_db()
    assert baat.nulmeting_tekst == "NPS +5"
    assert baat.nulmeting == Decimal(5)
    assert baat.target == Decimal(20)


def test_a_level_without_a_number_is_qualitative(make_baat):
    baat = make_baat(nulmeting_tekst="Ontwerp gereed")
    baat.refresh_from_db()
    assert baat.nulmeting is None
    assert baat.nulmeting_tekst == "Ontwerp gereed"


def test_a_month_date_shows_as_entered_and_counts_as_its_last_day(make_baat):
    baat = make_baat(deadline_tekst="maart 2026 (M3)")
    baat.refresh_from_db()
    assert baat.deadline_tekst == "maart 2026 (M3)"
    assert str(baat.deadline) == "2026-03-31"


def test_changing_the_text_changes_the_number_on_save(make_baat):
    baat = make_baat(target_tekst="8,0")
    baat.target_tekst = "8,5"
    baat.save(update_fields=["target_tekst"])
    baat.refresh_from_db()
    assert baat.target == Decimal("8.5")


def test_baat_numbers_are_unique_per_programma(make_baat, make_programma):
    programma = make_programma()
    make_baat(programma, nummer=1)
    assert refused(lambda: make_baat(programma, nummer=1))
    make_baat(make_programma(), nummer=1)  # another programme may have its own B1


def test_cycle_numbers_are_unique_per_programma(make_programma):
    programma = make_programma()
    Cyclus.objects.create(programma=programma, nummer=1)
    assert refused(lambda: Cyclus.objects.create(programma=programma, nummer=1))


def test_a_baat_cannot_depend_on_itself_in_the_database(make_baat):
    baat = make_baat()
    afhankelijkheid = Afhankelijkheid.objects.create(baat=baat, type="Inhoudelijk")
    assert refused(lambda: afhankelijkheid.zet_van([baat]))
    assert refused(
        lambda: AfhankelijkheidVan.objects.create(afhankelijkheid=afhankelijkheid, van=baat)
    )


def test_a_dependency_may_point_to_several_baten_and_outside_the_plan(make_baat, make_programma):
    programma = make_programma()
    b1, b2, b3 = (make_baat(programma) for _ in range(3))
    afhankelijkheid = Afhankelijkheid.objects.create(baat=b3, extern="Aanbesteding CRM")
    afhankelijkheid.zet_van([b1, b2])
    assert afhankelijkheid.van_weergave == "B1, B2, Aanbesteding CRM"
    assert set(b1.voorwaarde_voor.all()) == {afhankelijkheid}


def test_moving_a_dependency_to_another_baat_moves_its_links(make_baat, make_programma):
    programma = make_programma()
    b1, b2, b3 = (make_baat(programma) for _ in range(3))
    afhankelijkheid = Afhankelijkheid.objects.create(baat=b2)
    afhankelijkheid.zet_van([b1])
    afhankelijkheid.baat = b3
    afhankelijkheid.save()
    assert list(afhankelijkheid.koppelingen.values_list("afhankelijke", flat=True)) == [b3.pk]
    afhankelijkheid.baat = b1
    assert refused(afhankelijkheid.save)


@pytest.mark.parametrize("drempel", [Decimal(-1), Decimal("100.01")])
def test_drempel_must_lie_between_0_and_100(make_baat, drempel):
    baat = make_baat()
    assert refused(lambda: Afhankelijkheid.objects.create(baat=baat, drempel=drempel))
    with pytest.raises(ValidationError):
        Afhankelijkheid(baat=baat, drempel=drempel).full_clean()


def test_choices_are_enforced_by_the_database(make_baat):
    baat = make_baat()
    assert refused(lambda: Risico.objects.create(baat=baat, omschrijving="x", kans="X"))
    assert refused(lambda: Risico.objects.create(baat=baat, omschrijving="x", impact="Z"))
    assert refused(lambda: RoadmapFase.objects.create(baat=baat, kwartaal=1, fase="klaar"))
    assert refused(lambda: RoadmapFase.objects.create(baat=baat, kwartaal=0, fase="basis"))
    programma = baat.programma
    assert refused(lambda: Stuurparameter.objects.create(programma=programma, parameter="geluk"))
    assert refused(
        lambda: Stuurparameter.objects.create(
            programma=programma, parameter="tempo", status="paars"
        )
    )
    assert refused(
        lambda: Escalatie.objects.create(programma=programma, criterium="zin", omschrijving="x")
    )
    baat.prioriteit = "urgent"
    assert refused(baat.save)


def test_one_roadmap_cell_per_baat_per_quarter(make_baat):
    baat = make_baat()
    RoadmapFase.objects.create(baat=baat, kwartaal=2, fase="groei")
    assert refused(lambda: RoadmapFase.objects.create(baat=baat, kwartaal=2, fase="basis"))


def test_a_handled_escalation_has_a_date(make_programma):
    programma = make_programma()
    assert refused(
        lambda: Escalatie.objects.create(
            programma=programma, criterium="conflict", omschrijving="x", afgehandeld=True
        )
    )


def test_a_member_has_one_role_per_programma(make_programma, make_lid):
    programma = make_programma()
    lid = make_lid(programma, Rol.SPONSORGROEP, "anna")
    assert refused(
        lambda: Lidmaatschap.objects.create(
            programma=programma, user=lid.user, rol=Rol.PROGRAMMAMANAGER
        )
    )


def test_a_target_equal_to_the_baseline_is_a_validation_error(make_baat):
    baat = make_baat(nulmeting_tekst="6,0", target_tekst="6")
    with pytest.raises(ValidationError) as error:
        baat.full_clean()
    assert "target_tekst" in error.value.message_dict


def test_a_deadline_before_the_nulmeting_is_a_validation_error(make_baat):
    baat = make_baat(nulmeting_datum_tekst="maart 2026", deadline_tekst="januari 2026")
    with pytest.raises(ValidationError) as error:
        baat.full_clean()
    assert "deadline_tekst" in error.value.message_dict


def test_the_baateigenaar_must_be_an_owning_member(make_baat, make_lid):
    baat = make_baat()
    sponsor = make_lid(baat.programma, Rol.SPONSORGROEP, "sanne")
    baat.eigenaar = sponsor.user
    with pytest.raises(ValidationError) as error:
        baat.full_clean()
    assert "eigenaar" in error.value.message_dict
    baat.eigenaar = make_lid(baat.programma, Rol.BAATEIGENAAR, "erik").user
    baat.full_clean()


def test_a_baateigenaar_may_be_a_name_until_linked(make_baat):
    baat = make_baat(eigenaar_naam="Sectormanagers PO en VO")
    baat.full_clean()
    assert baat.eigenaar_weergave == "Sectormanagers PO en VO"


def test_a_cycle_target_belongs_to_a_baat_of_the_same_programma(make_baat, make_programma):
    cyclus = Cyclus.objects.create(programma=make_programma(), nummer=1)
    doel = CyclusDoel(cyclus=cyclus, baat=make_baat(), startniveau_tekst="1", doelniveau_tekst="2")
    with pytest.raises(ValidationError) as error:
        doel.full_clean()
    assert "baat" in error.value.message_dict


def test_a_meetmoment_is_measured_once_it_has_a_meting(make_baat):
    meetmoment = Meetmoment.objects.create(
        baat=make_baat(), datum_tekst="juni 2026", omschrijving="Kwartaalmeting NPS"
    )
    assert not meetmoment.is_gemeten
    meetmoment.meting_tekst = "Ontwerp gereed"
    assert meetmoment.is_gemeten


def test_q1_is_the_start_quarter_when_set(make_programma):
    assert make_programma(start_jaar=2026, start_kwartaal=3).eerste_kwartaal() == (2026, 3)


def test_q1_is_the_first_cycles_quarter_when_not_set(make_programma, make_baat):
    programma = make_programma()
    make_baat(programma, nulmeting_datum_tekst="november 2025")
    Cyclus.objects.create(programma=programma, nummer=1, periode="2026 H1")
    assert programma.eerste_kwartaal() == (2026, 1)


def test_q1_is_the_earliest_nulmeting_without_cycles(make_programma, make_baat):
    programma = make_programma()
    make_baat(programma, nulmeting_datum_tekst="februari 2026")
    make_baat(programma, nulmeting_datum_tekst="november 2025")
    assert programma.eerste_kwartaal() == (2025, 4)
    assert make_programma().eerste_kwartaal() is None


def test_start_year_and_quarter_go_together(make_programma):
    assert refused(lambda: make_programma(start_jaar=2026))
    assert refused(lambda: make_programma(start_jaar=2026, start_kwartaal=5))


def test_a_derived_q1_is_read_once_and_read_again_after_a_save(
    make_programma, make_baat, django_assert_num_queries
):
    programma = make_programma()
    make_baat(programma, nulmeting_datum_tekst="november 2025")
    with django_assert_num_queries(2):  # the cycles, then the earliest nulmeting
        assert programma.eerste_kwartaal() == (2025, 4)
        assert programma.eerste_kwartaal() == (2025, 4)
    Cyclus.objects.create(programma=programma, nummer=1, periode="2026 H1")
    programma.save()
    assert programma.eerste_kwartaal() == (2026, 1)
