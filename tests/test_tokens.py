"""Signed tokens: purposes do not mix, tampering and age are caught, form timing is checked."""

from __future__ import annotations

import time

import itsdangerous.timed
import pytest

from comments import tokens
from comments.tokens import FormTokenProblem, check_form_token, form_token


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def test_round_trip(ctx):
    token = tokens.sign("privacy", {"email": "aino@esimerkki.fi"})
    assert tokens.verify("privacy", token, 60) == {"email": "aino@esimerkki.fi"}


def test_purpose_is_part_of_the_signature(ctx):
    token = tokens.sign("unsubscribe", "aino@esimerkki.fi")
    assert tokens.verify("confirm", token, 60) is None
    assert tokens.verify("unsubscribe", token, 60) == "aino@esimerkki.fi"


def test_unknown_purpose_is_an_error(ctx):
    with pytest.raises(ValueError):
        tokens.sign("kaikki", 1)


@pytest.mark.parametrize("bad", ["", "x", "a.b.c", "é" * 10, "A" * 5000])
def test_garbage_is_none(ctx, bad):
    assert tokens.verify("confirm", bad, 60) is None


def test_tampered_token_is_none(ctx):
    token = tokens.sign("confirm", {"email": "a@b.fi", "comment": 1})
    payload, rest = token.split(".", 1)
    other = tokens.sign("confirm", {"email": "paha@b.fi", "comment": 1}).split(".", 1)[0]
    assert tokens.verify("confirm", f"{other}.{rest}", 60) is None


def test_other_secret_key_is_none(app):
    with app.app_context():
        token = tokens.sign("confirm", 1)
    app.config["SECRET_KEY"] = "toinen-avain"
    with app.app_context():
        assert tokens.verify("confirm", token, 60) is None


def test_expired_token_is_none(ctx, monkeypatch):
    signed_at = int(time.time()) - 3601
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda s: signed_at)
    token = tokens.sign("privacy", {"email": "a@b.fi"})
    monkeypatch.undo()
    assert tokens.verify("privacy", token, 3600) is None
    assert tokens.verify("privacy", token, 7200) == {"email": "a@b.fi"}


def test_form_token_timing(ctx):
    now = time.time()
    assert check_form_token(form_token(now - 10), 3, 3600) is None
    assert check_form_token(form_token(now), 3, 3600) is FormTokenProblem.TOO_FAST
    assert check_form_token(form_token(now - 3601), 3, 3600) is FormTokenProblem.TOO_OLD
    assert check_form_token("", 3, 3600) is FormTokenProblem.MISSING
    assert check_form_token(None, 3, 3600) is FormTokenProblem.MISSING
    assert check_form_token("roskaa", 3, 3600) is FormTokenProblem.INVALID
    wrong_shape = tokens.sign("form", {"issued": "eilen"})
    assert check_form_token(wrong_shape, 3, 3600) is FormTokenProblem.INVALID
    other_purpose = tokens.sign("confirm", {"issued": now - 10})
    assert check_form_token(other_purpose, 3, 3600) is FormTokenProblem.INVALID
