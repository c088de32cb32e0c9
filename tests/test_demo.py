import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from programmas.demo import SLUG
from programmas.models import Afhankelijkheid, Baat, Programma
from tests.helpers import PASSWORD, ZES_BATEN, database

ROOT = Path(__file__).resolve().parent.parent


def test_loaddemo_loads_klant_in_beeld_with_the_templates_six_baten(db, settings):
    settings.DEBUG = True
    call_command("loaddemo", password=PASSWORD, stdout=StringIO())
    programma = Programma.objects.get(slug=SLUG)
    assert [b.naam for b in programma.baten.all()] == ZES_BATEN
    assert [c.naam for c in programma.cycli.all()] == ["Fundament", "Groei", "Verankering"]
    assert programma.stuurparameters.count() == 5
    assert programma.vermogens.exists() and programma.inspanningen.exists()
    assert all(b.roadmap.exists() and b.meetmomenten.exists() for b in programma.baten.all())
    assert [b.code for b in Baat.objects.filter(eigenaar__username="eigenaar")] == [
        "B1",
        "B2",
        "B3",
    ]


def test_the_demo_holds_the_template_dependency_b2_on_b1(demo):
    afhankelijkheid = Afhankelijkheid.objects.get(baat__programma=demo, baat__nummer=2)
    assert [b.code for b in afhankelijkheid.van.all()] == ["B1"]
    assert afhankelijkheid.type == "Inhoudelijk"
    assert afhankelijkheid.drempel == 50
    assert afhankelijkheid.impact_op_planning == "B1 moet eerst op 50% zijn"


def test_the_demo_users_log_in_with_the_given_password(demo):
    for username in ("pm", "eigenaar", "sponsor", "beheerder"):
        assert get_user_model().objects.get(username=username).check_password(PASSWORD)


def test_running_loaddemo_twice_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("loaddemo", password=PASSWORD, stdout=StringIO())
    before = database()
    out = StringIO()
    call_command("loaddemo", password="een-ander-wachtwoord", stdout=out)
    assert database() == before
    assert "niet gewijzigd" in out.getvalue()


def test_loaddemo_without_password_prints_a_generated_one(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("loaddemo", stdout=out)
    password = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert get_user_model().objects.get(username="pm").check_password(password)


def test_loaddemo_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("loaddemo", password=PASSWORD, stdout=StringIO())
    assert not Programma.objects.exists()
    call_command("loaddemo", password=PASSWORD, force=True, stdout=StringIO())
    assert Programma.objects.filter(slug=SLUG).exists()


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x9!" + "k" * 20 + "a-long-random-production-secret-5f2c9e",
        DJANGO_ALLOWED_HOSTS="baten.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_app_refuses_to_start_without_a_secret_when_debug_is_off():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_cookies_are_secure_and_http_only_outside_debug():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.DEBUG)",
        DJANGO_SECRET_KEY="x9!" + "k" * 20 + "a-long-random-production-secret-5f2c9e",
        DJANGO_ALLOWED_HOSTS="baten.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["True", "True", "True", "True", "False"]
