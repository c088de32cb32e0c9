"""Login throttling on top of django-axes: per account-and-address, and per address.

axes counts failures per lockout group (here a username together with an address) and
compares them with one limit. Behind a proxy that alone lets one address try a thousand
usernames; a second, higher limit on all failures from one address closes that gap without
letting anyone lock out an account from elsewhere.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def adres_limiet() -> int:
    """Failures from one address, over all usernames, that lock that address."""
    return int(getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", 30))


class AdresEnAccountHandler(AxesDatabaseHandler):
    """axes' database handler with an extra limit per address across usernames."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        per_account = super().get_failures(request, credentials)
        adres = getattr(request, "axes_ip_address", None)
        if not adres:
            return per_account
        pogingen = AccessAttempt.objects.filter(ip_address=adres)
        if settings.AXES_COOLOFF_TIME is not None:
            pogingen = pogingen.filter(attempt_time__gte=get_cool_off_threshold(request))
        per_adres = pogingen.aggregate(n=Sum("failures_since_start"))["n"] or 0
        # axes compares one number with one limit: scale the address count so that it
        # reaches that limit exactly when the address reaches its own, higher limit.
        limiet = get_failure_limit(request, credentials)
        return max(per_account, per_adres * limiet // max(adres_limiet(), 1))
