"""The comment store: the only package that talks SQL.

One module per kind of data, over one connection type (``connection``); this module re-exports
their public functions, so callers write ``store.add_comment(db, ...)``::

    db = store.connect("instance/comments.sqlite3")
    store.migrate(db)
    comment_id = store.add_comment(db, article="asiakaspolku", name="Aino Lehtinen", ...)
    store.decide(db, comment_id, "approved", actor="moderaattori")
"""

from comments.store.audit import audit, audit_entries
from comments.store.commenters import (
    claim_confirmation_mail,
    confirm_email,
    get_commenter,
    recognised_nicknames,
    set_nickname,
)
from comments.store.comments import (
    STATUSES,
    add_comment,
    approved_comments,
    comment_counts,
    decide,
    delete_comment,
    edit_comment,
    find_duplicate,
    get_comment,
    latest_approved,
    reply_count,
    reply_subscribers,
    set_findings,
)
from comments.store.connection import (
    BUSY_TIMEOUT_MS,
    Row,
    close_db,
    connect,
    get_db,
    init_app,
    now,
    transaction,
)
from comments.store.imports import (
    add_imported_comment,
    audit_import,
    comments_for_export,
    imported_target,
    link_imported_replies,
    remember_import,
    start_import,
)
from comments.store.lists import (
    LIST_KINDS,
    add_list_entry,
    list_entries,
    policy_lists,
    remove_list_entry,
)
from comments.store.maintenance import backup, integrity_check
from comments.store.moderators import (
    MODERATOR_ROLES,
    add_moderator,
    delete_moderator,
    end_sessions,
    get_moderator,
    get_moderator_by_id,
    moderators,
    update_moderator,
)
from comments.store.outbox import (
    add_mail,
    claim_mail,
    failed_mail,
    mail_rows,
    mark_attempt_failed,
    mark_sent,
    next_mail_due,
    outbox_counts,
    queue_mail,
)
from comments.store.privacy import (
    comments_by_email,
    delete_commenter,
    purge_expired,
    unsubscribe_replies,
)
from comments.store.queue import (
    QUEUE_SORTS,
    commenter_history,
    pending_for_digest,
    queue,
    queue_articles,
    queue_count,
    queue_findings,
    status_counts,
)
from comments.store.rate_limits import clear_rate_limits, hit_rate_limit, rate_limit_window
from comments.store.schema import MIGRATIONS, migrate, schema_version

__all__ = [
    "BUSY_TIMEOUT_MS",
    "LIST_KINDS",
    "MIGRATIONS",
    "MODERATOR_ROLES",
    "QUEUE_SORTS",
    "STATUSES",
    "Row",
    "add_comment",
    "add_imported_comment",
    "add_list_entry",
    "add_mail",
    "add_moderator",
    "approved_comments",
    "audit",
    "audit_entries",
    "audit_import",
    "backup",
    "claim_mail",
    "claim_confirmation_mail",
    "clear_rate_limits",
    "close_db",
    "comment_counts",
    "comments_for_export",
    "commenter_history",
    "comments_by_email",
    "confirm_email",
    "connect",
    "decide",
    "delete_comment",
    "delete_commenter",
    "delete_moderator",
    "edit_comment",
    "failed_mail",
    "end_sessions",
    "find_duplicate",
    "get_comment",
    "get_commenter",
    "get_db",
    "get_moderator",
    "get_moderator_by_id",
    "imported_target",
    "hit_rate_limit",
    "init_app",
    "integrity_check",
    "latest_approved",
    "link_imported_replies",
    "list_entries",
    "mail_rows",
    "mark_attempt_failed",
    "mark_sent",
    "migrate",
    "moderators",
    "next_mail_due",
    "now",
    "outbox_counts",
    "pending_for_digest",
    "policy_lists",
    "purge_expired",
    "queue",
    "queue_articles",
    "queue_count",
    "queue_findings",
    "queue_mail",
    "rate_limit_window",
    "recognised_nicknames",
    "remember_import",
    "remove_list_entry",
    "reply_count",
    "reply_subscribers",
    "schema_version",
    "set_findings",
    "set_nickname",
    "start_import",
    "status_counts",
    "transaction",
    "unsubscribe_replies",
    "update_moderator",
]
