"""Moderator blueprint: login, queue, decisions, audit (under /moderointi/)."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderointi")
