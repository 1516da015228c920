"""Print the API's OpenAPI document: ``python -m itinera.api.openapi > api/openapi.json``."""

from __future__ import annotations

import json
import sys

from itinera.api.app import create_app


def openapi_text() -> str:
    """Return the OpenAPI document as the snapshot stores it (sorted keys, 2-space indent)."""
    document = create_app().openapi()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(openapi_text().encode("utf-8"))
