"""Who may do what in a programme (domain.md, roles): the only place that decides it.

Views, forms, exports and the admin ask a `Toegang` (or, before there is a member, the
functions at the end); nothing else compares roles. tests/test_toegang.py holds a guard that
fails when a role comparison appears anywhere else. What the plan itself requires of roles
(a programme keeps a programme manager, a baat's owner may own baten) is not access but a
rule of the plan: that stays on the models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, Model, OuterRef, QuerySet

from .keuzes import Rol
from .models import (
    Baat,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Prullenbak,
    Risico,
    versiekop,
)

# The rows a baateigenaar changes for the baten they own (domain.md: metingen and risks).
EIGENAAR_ONDERDELEN: tuple[type[Model], ...] = (Meetmoment, Risico)


@dataclass
class Toegang:
    """Who is asking, in which role: the one place that says who may do what (domain.md)."""

    programma: Programma
    lid: Lidmaatschap

    @classmethod
    def van(cls, user, slug: str) -> Toegang | None:
        """A member's access to the programme `slug`; None for everyone else, who may not
        even learn that it exists (the views answer 404)."""
        if not user.is_authenticated:
            return None
        lid = (
            Lidmaatschap.objects.select_related("programma", "user")
            .filter(programma__slug=slug, user=user)
            # For the menu (mag_mijn_baten), in the same query.
            .annotate(
                heeft_eigen_baten=Exists(
                    Baat.objects.filter(
                        programma_id=OuterRef("programma_id"), eigenaar_id=OuterRef("user_id")
                    )
                )
            )
            .annotate(**versiekop())  # the header's version line, in the same query
            .first()
        )
        return None if lid is None else cls(lid.programma, lid)

    @classmethod
    def lezer(cls, programma: Programma) -> Toegang:
        """Read-only access without a user: for reports made outside a request."""
        return cls(programma, Lidmaatschap(programma=programma, rol=Rol.SPONSORGROEP))

    # The roles themselves stay private (no template reaches an attribute starting with
    # "_"): pages ask what a member may do, never which role they have.
    @property
    def _is_pm(self) -> bool:
        return self.lid.rol == Rol.PROGRAMMAMANAGER

    @property
    def _is_baateigenaar(self) -> bool:
        return self.lid.rol == Rol.BAATEIGENAAR

    @property
    def mag_bewerken(self) -> bool:
        """Edit every section of the plan and manage its members."""
        return self._is_pm

    @property
    def mag_meetmomenten_plannen(self) -> bool:
        """Plan a meetmoment (its date, omschrijving, expected level) besides measuring it.
        Whoever may only enter metingen gets the meting form for a meetmoment instead."""
        return self._is_pm

    @property
    def mag_afhandelen(self) -> bool:
        """Handle an automatic signal with a note. A sponsor, who may decide on it
        (mag_besluiten), handles it by recording the decision only."""
        return self._is_pm

    @property
    def mag_mijn_baten(self) -> bool:
        """Have "Mijn baten" in the menu: whoever owns a baat of this programme (and may
        enter its metingen). A programme manager who owns none would find an empty page."""
        if not (self._is_pm or self._is_baateigenaar) or self.lid.user_id is None:
            return False
        heeft = getattr(self.lid, "heeft_eigen_baten", None)
        if heeft is None:
            heeft = self.programma.baten.filter(eigenaar_id=self.lid.user_id).exists()
            self.lid.heeft_eigen_baten = heeft
        return bool(heeft)

    @property
    def mag_leden_zien(self) -> bool:
        """See the member list with usernames and roles: the Leden page and the `leden` of
        an export alike. Only the programme manager, who manages the members; others read
        the plan, which names owners but not who else is in the programme."""
        return self._is_pm

    @property
    def mag_programma_agenda(self) -> bool:
        """Subscribe to the calendar of every meetmoment of the programme (issue 16): the
        programme manager, who plans them."""
        return self._is_pm

    @property
    def krijgt_overzicht(self) -> bool:
        """Receive the weekly digest of what is overdue and what escalates (issue 16)."""
        return self._is_pm

    def mag_metingen(self, baat: Baat) -> bool:
        """Enter and correct metingen, and update risks, of this baat."""
        return self._is_pm or (self._is_baateigenaar and baat.eigenaar_id == self.lid.user_id)

    def mag_besluiten(self) -> bool:
        """Record the sponsorgroep's decision on an escalation (domain rule 6): its members,
        and the programme manager who minutes it for them."""
        return self.lid.user_id is not None and (self._is_pm or self.lid.rol == Rol.SPONSORGROEP)

    def mag_verwijderen(self, rij: Model) -> bool:
        """Remove this row of the plan. The plan is the programme manager's; a baateigenaar
        enters and corrects metingen and updates the risks of their own baten, so of the
        rows they may change they remove only a risk: never a meetmoment, which the
        programme manager planned (a meting is corrected or emptied, not removed)."""
        if self._is_pm:
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

    # -- versions and history (issue 15)

    @property
    def mag_vaststellen(self) -> bool:
        """Adopt the plan as a version, and bring a version back as the live plan: the
        programme manager. Every member reads versions, comparisons and the history."""
        return self._is_pm

    @property
    def versiekop(self) -> dict | None:
        """The newest version for the plan's header, when the programme has one."""
        nummer = getattr(self.lid, "versie_nummer", None)
        if not nummer:
            return None
        return {
            "nummer": nummer,
            "vastgesteld": self.lid.versie_vastgesteld,
            "besluit_op": self.lid.versie_besluit_op,
            "op": self.lid.versie_op,
            "gewijzigd": self.lid.versie_sindsdien_gewijzigd,
        }

    def eigen_baten(self) -> QuerySet[Baat]:
        """The baten whose metingen and risks this member may change."""
        baten = self.programma.baten.all()
        if self._is_pm:
            return baten
        if self._is_baateigenaar:
            return baten.filter(eigenaar_id=self.lid.user_id)
        return baten.none()


def lidmaatschappen(user) -> QuerySet[Lidmaatschap]:
    """The programmes this user may see, as their memberships (with the role to show), by
    name: a programme of which they are no member is not even listed."""
    if not user.is_authenticated:
        return Lidmaatschap.objects.none()
    return (
        Lidmaatschap.objects.filter(user=user)
        .select_related("programma")
        .order_by("programma__naam")
    )


def mag_nieuw_programma(user) -> bool:
    """Import a plan as a new programme: site administrators, who manage programmes
    (domain.md); within a programme its programme manager imports (mag_bewerken)."""
    return bool(user.is_authenticated and user.is_staff)


def geef_beheer(programma: Programma, user) -> Lidmaatschap | None:
    """Whoever imports a plan may manage the result: they become its programme manager,
    unless they are a member already (a backup's own members keep their roles). The new
    membership, or None when there was one."""
    lid, nieuw = Lidmaatschap.objects.get_or_create(
        programma=programma,
        user=user,
        defaults={"rol": Rol.PROGRAMMAMANAGER, "gewijzigd_door": user},
    )
    return lid if nieuw else None


def ziet_alle_programmas(user) -> bool:
    """Site administrators, who manage every programme in the admin, see each one in the
    portfolio (issue 16) with its figures; they open it in the admin, not as a member."""
    return bool(user.is_authenticated and user.is_staff)


def mag_beheer(user) -> bool:
    """Reach the Django admin (/beheer/): staff, as Django itself decides."""
    return bool(user.is_authenticated and user.is_staff)


def portfolio(user) -> tuple[QuerySet[Programma], dict[int, Toegang]]:
    """The programmes of a person's portfolio, and their access to each one they are a
    member of. A programme of which they are no member is not even listed, unless they are
    a site administrator (ziet_alle_programmas)."""
    leden = list(lidmaatschappen(user).select_related("user"))
    toegang = {lid.programma_id: Toegang(lid.programma, lid) for lid in leden}
    if ziet_alle_programmas(user):
        return Programma.objects.all(), toegang
    return Programma.objects.filter(pk__in=list(toegang)), toegang
