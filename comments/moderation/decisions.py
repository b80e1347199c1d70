"""What a moderator's decision does: the compare-and-swap in the store, the audit, the Finnish
message for the moderator, and what must follow (publishing the article, mailing people).

The functions here return an ``Outcome`` and change nothing outside the store; ``apply`` then
publishes the touched articles and sends the mails, so that a bulk action can publish each article
once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from comments import store
from comments.mail import notifications
from comments.render import render_comment
from comments.site.publish import publish_article_comments

ACTIONS = {"approve": "approved", "reject": "rejected", "spam": "spam"}
STATUS_LABELS = {
    "pending": "odottaa päätöstä",
    "approved": "hyväksytty",
    "rejected": "hylätty",
    "spam": "roskapostia",
}
REASON_MAX_CHARS = 500
NO_DISPLAY_NAME = (
    "Vastausta ei julkaistu: lisää ensin nimesi kohdassa Omat asetukset. Kirjoittajan vastaus "
    "julkaistaan sillä nimellä."
)


@dataclass
class Outcome:
    """The result of one moderator action and what has to follow it."""

    ok: bool
    message: str
    category: str = "success"
    comment_id: int | None = None
    republish: set[str] = field(default_factory=set)
    notify_published: list[int] = field(default_factory=list)
    rejection_mail: tuple[int, str] | None = None


@dataclass
class BulkOutcome:
    """Per-comment results of one bulk action, for a short report."""

    succeeded: list[int] = field(default_factory=list)
    already_decided: list[tuple[int, str]] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def report(self, action: str) -> tuple[str, str]:
        """The Finnish report and its category: "success" when every comment was done,
        "partial" when some were, "error" when none was; each has its own colour and words."""
        count = len(self.succeeded)
        done = f"{count} {'kommentti' if count == 1 else 'kommenttia'} {BULK_VERBS[action]}."
        problems = []
        if self.already_decided:
            listed = ", ".join(f"#{cid} ({label})" for cid, label in self.already_decided)
            problems.append(f"Näistä oli jo päätetty: {listed}.")
        if self.refused:
            listed = ", ".join(f"#{cid}" for cid in self.refused)
            problems.append(
                f"Vahvistamaton sähköpostiosoite, ei hyväksytty: {listed} "
                "(valitse ”Hyväksy vahvistamatta”, jos olet varma)."
            )
        if self.missing:
            problems.append(f"Ei löytynyt: {', '.join(f'#{cid}' for cid in self.missing)}.")
        if not problems:
            return f"Valmis: {done}", "success"
        left = len(self.already_decided) + len(self.refused) + len(self.missing)
        if count:
            return f"Tehtiin osittain: {done} {left} jäi tekemättä. {' '.join(problems)}", "partial"
        return f"Mitään ei tehty: {left} jäi tekemättä. {' '.join(problems)}", "error"


BULK_VERBS = {"approve": "hyväksyttiin", "reject": "hylättiin", "spam": "merkittiin roskapostiksi"}


def decide(
    db: store.Database,
    comment_id: int,
    action: str,
    actor: str,
    *,
    expected: str = "pending",
    reason: str | None = None,
    override_unconfirmed: bool = False,
) -> Outcome:
    """Approve, reject or mark spam a comment the moderator saw in status ``expected``.

    Of two moderators deciding at once exactly one wins (the store's compare-and-swap); the other
    is told what the winner decided. An unconfirmed email blocks approval unless the moderator
    overrides it explicitly, which is audited.
    """
    target = ACTIONS.get(action)
    if target is None or expected not in store.STATUSES:
        return Outcome(False, "Tuntematon toiminto.", "error", comment_id)
    comment = store.get_comment(db, comment_id)
    if comment is None:
        return Outcome(False, "Kommenttia ei löytynyt. Se on ehkä poistettu.", "error", comment_id)
    if comment["status"] != expected:
        return _too_late(comment, actor)
    if target == expected:
        label = STATUS_LABELS[target]
        return Outcome(False, f"Kommentti on jo tilassa {label}.", "info", comment_id)
    reason = (reason or "").strip()[:REASON_MAX_CHARS] or None
    unconfirmed = not comment["is_author"] and not comment["email_confirmed_at"]
    if target == "approved" and unconfirmed and not override_unconfirmed:
        return Outcome(
            False,
            "Kommentoijan sähköpostiosoitetta ei ole vahvistettu, joten kommenttia ei "
            "hyväksytty. Jos haluat silti julkaista sen, valitse ”Hyväksy vahvistamatta”.",
            "error",
            comment_id,
        )
    if not store.decide(db, comment_id, target, actor, expected=(expected,), reason=reason):
        return _too_late(store.get_comment(db, comment_id), actor, comment_id)
    if target == "approved" and unconfirmed:
        store.audit(
            db,
            actor,
            "override_unconfirmed",
            "comment",
            comment_id,
            {"email_confirmed": False},
            {"status": "approved"},
        )
    outcome = Outcome(True, _decided_message(target), "success", comment_id)
    if "approved" in (target, expected):
        outcome.republish.add(comment["article"])
    if target == "approved":
        outcome.notify_published.append(comment_id)
    if target == "rejected" and reason and comment["email_confirmed_at"]:
        outcome.rejection_mail = (comment_id, reason)
        outcome.message += " Perustelu lähetetään kommentoijalle."
    elif target == "rejected" and reason and not comment["is_author"]:
        outcome.message += (
            " Perustelu tallennettiin kommentin tietoihin, mutta sitä ei lähetetty: "
            "kommentoijan sähköpostiosoitetta ei ole vahvistettu."
        )
    return outcome


def decide_many(
    db: store.Database,
    comment_ids: Iterable[int],
    action: str,
    actor: str,
    *,
    expected: str = "pending",
    override_unconfirmed: bool = False,
) -> BulkOutcome:
    """The same decision for many comments seen in status ``expected``; each one is its own
    compare-and-swap."""
    result = BulkOutcome()
    for comment_id in dict.fromkeys(comment_ids):
        outcome = decide(
            db,
            comment_id,
            action,
            actor,
            expected=expected,
            override_unconfirmed=override_unconfirmed,
        )
        result.outcomes.append(outcome)
        if outcome.ok:
            result.succeeded.append(comment_id)
            continue
        comment = store.get_comment(db, comment_id)
        if comment is None:
            result.missing.append(comment_id)
        elif comment["status"] != expected or comment["status"] == ACTIONS.get(action):
            result.already_decided.append((comment_id, STATUS_LABELS[comment["status"]]))
        else:
            result.refused.append(comment_id)
    return result


def undo_last(db: store.Database, actor: str) -> Outcome:
    """Undo the moderator's own latest decision, if nobody has changed the comment since."""
    entries = store.audit_entries(db, actor=actor, action="decide", limit=1)
    if not entries:
        return Outcome(False, "Sinulla ei ole peruttavaa päätöstä.", "info")
    entry = entries[0]
    comment_id = int(entry["target_id"])
    before = (entry["before"] or {}).get("status")
    after = (entry["after"] or {}).get("status")
    undone = store.audit_entries(db, actor=actor, action="undo", target_id=str(comment_id), limit=1)
    if undone and undone[0]["id"] > entry["id"]:
        return Outcome(False, "Viimeisin päätöksesi on jo peruttu.", "info", comment_id)
    comment = store.get_comment(db, comment_id)
    if comment is None:
        return Outcome(False, "Kommentti on poistettu, joten päätöstä ei voi perua.", "error")
    if before not in store.STATUSES or after not in store.STATUSES:
        return Outcome(False, "Päätöstä ei voi perua.", "error", comment_id)
    if not store.decide(db, comment_id, before, actor, expected=(after,), action="undo"):
        current = store.get_comment(db, comment_id)
        label = STATUS_LABELS[current["status"]] if current else "poistettu"
        return Outcome(
            False,
            f"Päätöstä ei voi enää perua: kommentti on muuttunut sen jälkeen (nyt {label}).",
            "error",
            comment_id,
        )
    outcome = Outcome(
        True,
        f"Päätös peruttu: kommentti on taas tilassa {STATUS_LABELS[before]}.",
        "success",
        comment_id,
    )
    if "approved" in (before, after):
        outcome.republish.add(comment["article"])
    return outcome


def edit(db: store.Database, comment_id: int, body: str, actor: str) -> Outcome:
    """Replace the comment's text, rendered by the one renderer; the original stays audited."""
    comment = store.get_comment(db, comment_id)
    if comment is None:
        return Outcome(False, "Kommenttia ei löytynyt. Se on ehkä poistettu.", "error", comment_id)
    problem = _body_problem(body)
    if problem:
        return Outcome(False, problem, "error", comment_id)
    if body == comment["body"]:
        return Outcome(False, "Tekstiin ei tehty muutoksia.", "info", comment_id)
    if not store.edit_comment(db, comment_id, body, render_comment(body), actor):
        return Outcome(False, "Kommenttia ei löytynyt. Se on ehkä poistettu.", "error", comment_id)
    outcome = Outcome(True, "Muutokset tallennettu. Alkuperäinen teksti jäi tarkastuslokiin.")
    outcome.comment_id = comment_id
    if comment["status"] == "approved":
        outcome.republish.add(comment["article"])
    return outcome


def reply_as_author(
    db: store.Database, parent_id: int, body: str, moderator: dict[str, Any]
) -> Outcome:
    """Publish the moderator's reply to a published comment under the author's badge and the
    moderator's display name (a username such as "admin" is never published as a name)."""
    if not (moderator["display_name"] or "").strip():
        return Outcome(False, NO_DISPLAY_NAME, "error", parent_id)
    parent = store.get_comment(db, parent_id)
    if parent is None:
        return Outcome(False, "Kommenttia ei löytynyt. Se on ehkä poistettu.", "error", parent_id)
    if parent["status"] != "approved":
        return Outcome(
            False, "Hyväksy kommentti ensin: vastata voi vain julkaistuun kommenttiin.", "error"
        )
    problem = _body_problem(body)
    if problem:
        return Outcome(False, problem, "error", parent_id)
    reply_id = store.add_comment(
        db,
        article=parent["article"],
        name=moderator["display_name"].strip(),
        body=body,
        html=render_comment(body),
        status="approved",
        parent_id=parent_id,
        is_author=True,
        actor=moderator["username"],
    )
    outcome = Outcome(True, "Vastauksesi on julkaistu.", "success", reply_id)
    outcome.republish.add(parent["article"])
    outcome.notify_published.append(reply_id)
    return outcome


def delete(db: store.Database, comment_id: int, actor: str) -> Outcome:
    """Delete the comment (its replies move up a level); the text stays in the audit log."""
    comment = store.get_comment(db, comment_id)
    article = store.delete_comment(db, comment_id, actor)
    if comment is None or article is None:
        return Outcome(False, "Kommenttia ei löytynyt. Se on ehkä jo poistettu.", "error")
    outcome = Outcome(True, "Kommentti poistettu.")
    if comment["status"] == "approved":
        outcome.republish.add(article)
    return outcome


def apply(outcomes: Iterable[Outcome]) -> None:
    """Publish each touched article once, then send the mails the decisions call for."""
    outcomes = list(outcomes)
    for slug in sorted({slug for outcome in outcomes for slug in outcome.republish}):
        publish_article(slug)
    for outcome in outcomes:
        for comment_id in outcome.notify_published:
            notifications.notify_published(comment_id)
        if outcome.rejection_mail:
            notifications.notify_rejected(*outcome.rejection_mail)


def publish_article(slug: str) -> None:
    """Put the article's approved comments on its static page now (the publish step's fast
    path, which also schedules the debounced full build and never raises)."""
    publish_article_comments(slug)


def _too_late(comment: dict[str, Any] | None, actor: str, comment_id: int | None = None) -> Outcome:
    if comment is None:
        return Outcome(False, "Kommentti on poistettu.", "error", comment_id)
    label = STATUS_LABELS[comment["status"]]
    if comment["decided_by"] == actor:
        message = f"Olit jo päättänyt tästä kommentista: {label}."
    else:
        message = f"Toinen moderaattori ehti jo päättää tästä kommentista: {label}."
    return Outcome(False, message, "error", comment["id"])


def _decided_message(status: str) -> str:
    return {
        "approved": "Kommentti hyväksyttiin ja julkaistaan sivulla.",
        "rejected": "Kommentti hylättiin.",
        "spam": "Kommentti merkittiin roskapostiksi.",
    }[status]


def _body_problem(body: str) -> str | None:
    limit = current_app.config["COMMENT_MAX_CHARS"]
    if not body.strip():
        return "Teksti ei voi olla tyhjä."
    if len(body) > limit:
        return f"Teksti on liian pitkä: enintään {limit} merkkiä."
    return None
