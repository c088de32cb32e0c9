"""Logging in: Dutch pages, and throttling after repeated failures (django-axes)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def inloggen(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_the_login_page_speaks_dutch(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "Inloggen" in html and "Gebruikersnaam" in html and "Wachtwoord" in html


def test_a_wrong_password_gets_a_dutch_message_and_no_session(client, demo):
    response = inloggen(client, "pm", "fout")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in_and_lands_on_the_start_page(client, demo):
    response = inloggen(client, "pm", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("start")


def test_an_account_is_locked_after_five_failures_with_a_dutch_message(client, demo):
    for poging in range(5):
        inloggen(client, "pm", f"fout-{poging}", ip=f"10.0.0.{poging + 1}")
    response = inloggen(client, "pm", PASSWORD, ip="10.0.0.99")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_five_failures_on_any_accounts(client, demo):
    for naam in ("a", "b", "c", "d", "e"):
        inloggen(client, naam, "fout", ip="10.9.9.9")
    assert inloggen(client, "sponsor", PASSWORD, ip="10.9.9.9").status_code == 429
    assert inloggen(client, "sponsor", PASSWORD, ip="10.1.1.1").status_code == 302


def test_a_success_clears_earlier_failures(client, demo):
    for _ in range(4):
        inloggen(client, "eigenaar", "fout", ip="10.0.0.5")
    assert inloggen(client, "eigenaar", PASSWORD, ip="10.0.0.5").status_code == 302
    client.logout()
    for _ in range(4):
        inloggen(client, "eigenaar", "fout", ip="10.0.0.5")
    assert inloggen(client, "eigenaar", PASSWORD, ip="10.0.0.5").status_code == 302


def test_password_validators_refuse_weak_passwords(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    with pytest.raises(ValidationError):
        validate_password("wachtwoord")
    validate_password("Lange-zin-met-baten-2026")
