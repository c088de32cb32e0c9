"""The one "today" of the app: every figure, page, report and task asks this function.

Figures (on track, behind, overdue, the current quarter and its conflicts) depend on the
day; asking one function makes that day visible and lets a test set it (tests pin it with
time-machine, which moves this clock with the rest of the process).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def vandaag() -> date:
    """Today in the site's time zone (settings.TIME_ZONE), the day the figures are for."""
    return timezone.localdate()
