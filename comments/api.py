"""Public blueprint: comment submission, email confirmation, self-service privacy."""

from flask import Blueprint

bp = Blueprint("api", __name__)
