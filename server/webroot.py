"""Which files under the web root are private: npm packages, package manifests, dot-files.

The page is served from ``web_client/``, where ``npm install`` also puts the test-only packages
(``node_modules``). A route for ``/node_modules/...`` missed ``/./node_modules/...`` and
``/node_modules%2f...``: the check must run on the path the static handler will open, after the same
decoding and normalisation, not on the URL as written.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

PRIVATE_DIRS = frozenset({"node_modules"})
PRIVATE_NAMES = frozenset({"package.json", "package-lock.json", "npm-shrinkwrap.json"})


def is_private(filename: str) -> bool:
    """True when the static path ``filename`` (relative to the web root) names a private file."""
    seen = set()
    text = filename
    while text not in seen:  # every decoding depth: %2f, %252f, ...
        seen.add(text)
        text = unquote(text)
    for candidate in seen:
        path = posixpath.normpath("/" + candidate.replace("\\", "/"))
        for part in path.split("/"):
            lowered = part.lower()
            if lowered in PRIVATE_DIRS or lowered in PRIVATE_NAMES or (part.startswith(".") and part not in (".", "..")):
                return True
    return False
