"""Logging in: Dutch pages, and throttling after repeated failures (django-axes)."""

import pytest
from django.urls import reverse

from tests.helpers import PASSWORD, laad_settings


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


def test_an_account_is_locked_after_five_failures_from_one_address_with_a_dutch_message(
    client, demo
):
    for poging in range(5):
        inloggen(client, "pm", f"fout-{poging}", ip="10.0.0.7")
    response = inloggen(client, "pm", PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_addresses_cannot_lock_out_an_account(client, demo):
    for poging in range(5):
        inloggen(client, "pm", f"fout-{poging}", ip=f"10.0.0.{poging + 1}")
    assert inloggen(client, "pm", PASSWORD, ip="10.0.0.99").status_code == 302


def test_made_up_usernames_from_one_address_lock_out_nobody_else(client, demo):
    for naam in ("a", "b", "c", "d", "e", "f", "g"):
        inloggen(client, naam, "fout", ip="10.9.9.9")
    assert inloggen(client, "sponsor", PASSWORD, ip="10.9.9.9").status_code == 302


def test_an_address_is_locked_after_thirty_failures_on_any_accounts(client, demo):
    for poging in range(29):
        inloggen(client, f"gok-{poging}", "fout", ip="10.9.9.9")
    assert inloggen(client, "sponsor", PASSWORD, ip="10.9.9.9").status_code == 302
    client.logout()
    inloggen(client, "gok-29", "fout", ip="10.9.9.9")
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


# Behind the proxy of the README: every request comes from the proxy's address, the client's
# own address is the last entry of X-Forwarded-For.
PROXY = "127.0.0.1"


@pytest.fixture
def achter_proxy(settings, monkeypatch) -> None:
    productie = laad_settings(monkeypatch, DJANGO_BEHIND_PROXY="1")
    for naam, waarde in productie.items():
        if naam.startswith(("AXES_IPWARE_", "IPWARE_")):
            setattr(settings, naam, waarde)


def via_proxy(client, username: str, password: str, doorgestuurd: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=doorgestuurd,
    )


def test_behind_the_proxy_made_up_usernames_do_not_lock_out_everyone(client, demo, achter_proxy):
    for naam in ("a", "b", "c", "d", "e", "f"):
        via_proxy(client, naam, "fout", "198.51.100.7")
    assert via_proxy(client, "pm", PASSWORD, "203.0.113.20").status_code == 302


def test_behind_the_proxy_an_attacker_is_locked_by_their_own_address(client, demo, achter_proxy):
    for poging in range(5):
        via_proxy(client, "pm", f"fout-{poging}", "198.51.100.7")
    assert via_proxy(client, "pm", PASSWORD, "198.51.100.7").status_code == 429
    assert via_proxy(client, "pm", PASSWORD, "203.0.113.20").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape_the_lock(
    client, demo, achter_proxy
):
    # The proxy appends the address it saw; what the client put in front is its own claim.
    for poging in range(5):
        via_proxy(client, "pm", "fout", f"10.1.1.{poging}, 198.51.100.7")
    assert via_proxy(client, "pm", PASSWORD, "10.1.1.99, 198.51.100.7").status_code == 429


def test_the_proxy_count_comes_from_the_environment(monkeypatch):
    een = laad_settings(monkeypatch, DJANGO_BEHIND_PROXY="1")
    assert een["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"
    assert een["AXES_IPWARE_PROXY_COUNT"] == 0
    twee = laad_settings(monkeypatch, DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_COUNT="2")
    assert twee["AXES_IPWARE_PROXY_COUNT"] == 1
    geen = laad_settings(monkeypatch, DJANGO_BEHIND_PROXY="", DJANGO_PROXY_COUNT="0")
    assert geen["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]


def test_django_ipware_is_installed_so_axes_reads_the_forwarded_address():
    from axes.helpers import IPWARE_INSTALLED

    assert IPWARE_INSTALLED
