"""Pelican settings for production: absolute URLs and feeds. `pelican -s publishconf.py`."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("VASTINE_SITE_URL", "https://vastine.example.fi")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
COMMENTS_SITE_URL = SITEURL
FEED_ALL_ATOM = "feeds/kaikki.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
COMMENTS_DATABASE = os.environ.get("VASTINE_DATABASE", COMMENTS_DATABASE)  # noqa: F405
