"""Who may do what in a programme (domain.md, roles): the only place that decides it.

Views, forms, exports and the admin ask a `Toegang`; nothing else compares roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from .keuzes import Rol
from .models import Baat, Lidmaatschap, Meetmoment, Programma, Prullenbak, Risico

# The rows a baateigenaar changes for the baten they own (domain.md: metingen and risks).
EIGENAAR_ONDERDELEN: tuple[type[Model], ...] = (Meetmoment, Risico)


@dataclass
class Toegang:
    """Who is asking, in which role: the one place that says who may do what (domain.md)."""

    programma: Programma
    lid: Lidmaatschap

    @classmethod
    def lezer(cls, programma: Programma) -> Toegang:
        """Read-only access without a user: for reports made outside a request."""
        return cls(programma, Lidmaatschap(programma=programma, rol=Rol.SPONSORGROEP))

    @property
    def rol(self) -> str:
        return self.lid.rol

    @property
    def is_pm(self) -> bool:
        return self.lid.rol == Rol.PROGRAMMAMANAGER

    @property
    def mag_bewerken(self) -> bool:
        """Edit every section of the plan and manage its members."""
        return self.is_pm

    @property
    def mag_leden_zien(self) -> bool:
        """See the member list with usernames and roles: the Leden page and the `leden` of
        an export alike. Only the programme manager, who manages the members; others read
        the plan, which names owners but not who else is in the programme."""
        return self.is_pm

    def mag_metingen(self, baat: Baat) -> bool:
        """Enter and correct metingen, and update risks, of this baat."""
        return self.is_pm or (
            self.lid.rol == Rol.BAATEIGENAAR and baat.eigenaar_id == self.lid.user_id
        )

    def mag_besluiten(self) -> bool:
        """Record the sponsorgroep's decision on an escalation (domain rule 6): its members,
        and the programme manager who minutes it for them."""
        return self.lid.user_id is not None and (self.is_pm or self.lid.rol == Rol.SPONSORGROEP)

    def mag_verwijderen(self, rij: Model) -> bool:
        """Remove this row of the plan. The plan is the programme manager's; a baateigenaar
        enters and corrects metingen and updates the risks of their own baten, so of the
        rows they may change they remove only a risk: never a meetmoment, which the
        programme manager planned (a meting is corrected or emptied, not removed)."""
        if self.is_pm:
            return True
        if isinstance(rij, Risico):
            return self.mag_metingen(rij.baat)
        return False

    def mag_wijzigen(
        self, model: type[Model], rij: Model | None = None, *, baat: Baat | None = None
    ) -> bool:
        """Add (no `rij`; `baat`: the baat a new row is asked for) or change a row of this
        kind. The plan is the programme manager's; a baateigenaar changes the metingen and
        risks of the baten they own (EIGENAAR_ONDERDELEN), nothing else."""
        if self.mag_bewerken:
            return True
        if not issubclass(model, EIGENAAR_ONDERDELEN):
            return False
        if rij is not None:
            return self.mag_metingen(rij.baat)  # type: ignore[attr-defined]
        if baat is not None:
            return self.mag_metingen(baat)
        return self.eigen_baten().exists()

    def mag_herstellen(self, item: Prullenbak) -> bool:
        """Undo a delete: the programme manager anything; a member who deleted a row, while
        they may still change such a row."""
        if self.mag_bewerken:
            return True
        if item.verwijderd_door_id is None or item.verwijderd_door_id != self.lid.user_id:
            return False
        from .prullenbak import hoofdrij  # prullenbak reads the models, as this module does

        try:
            rij = hoofdrij(item)
            return self.mag_wijzigen(type(rij), rij)
        except (ObjectDoesNotExist, StopIteration):
            return False

    def eigen_baten(self) -> QuerySet[Baat]:
        """The baten whose metingen and risks this member may change."""
        baten = self.programma.baten.all()
        if self.is_pm:
            return baten
        if self.lid.rol == Rol.BAATEIGENAAR:
            return baten.filter(eigenaar_id=self.lid.user_id)
        return baten.none()
