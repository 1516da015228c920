"""``itinera keys create|list|revoke``: manage the API keys of the itinerary database.

``create`` prints the new key on stdout, alone on its line, the only time it is ever shown
(the database keeps only its hash); the reminder goes to stderr so that
``KEY=$(itinera keys create --name acme)`` captures just the key.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from itinera.api.keys import (
    DEFAULT_RATE_PER_MINUTE,
    KeyKind,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)

if TYPE_CHECKING:
    import argparse

_DATABASE_HELP = (
    "SQLAlchemy URL of the itinerary database "
    "(default: $ITINERA_DATABASE_URL, else sqlite:///itinera.sqlite3)"
)


def add_keys_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``keys`` command and its sub-commands to ``commands``."""
    keys = commands.add_parser("keys", help="create, list or revoke API keys")
    actions = keys.add_subparsers(dest="keys_command", required=True)

    create = actions.add_parser("create", help="create a key and print it (shown only once)")
    create.add_argument("--name", required=True, help="unique label, e.g. the operator's name")
    create.add_argument(
        "--publishable",
        action="store_true",
        help="a publishable key (pk_) for widgets, valid only from its --origin values",
    )
    create.add_argument(
        "--origin",
        action="append",
        default=[],
        metavar="URL",
        help="allowed origin of a publishable key, e.g. https://portal.example.org (repeatable)",
    )
    create.add_argument(
        "--rate-per-minute",
        type=int,
        default=DEFAULT_RATE_PER_MINUTE,
        help=f"requests per minute allowed (default {DEFAULT_RATE_PER_MINUTE})",
    )
    create.add_argument("--database-url", help=_DATABASE_HELP)

    listing = actions.add_parser("list", help="list the keys (names and prefixes, never keys)")
    listing.add_argument("--database-url", help=_DATABASE_HELP)

    revoke = actions.add_parser("revoke", help="delete a key: it stops working at once")
    revoke.add_argument("name", help="the key's name")
    revoke.add_argument("--database-url", help=_DATABASE_HELP)


def run_keys(args: argparse.Namespace) -> int:
    """Run ``itinera keys …``; return the exit status.

    Raises
    ------
    InvalidInputError
        If an argument is invalid, the name is taken, or (revoke) no key has that name.
    """
    if args.keys_command == "create":
        kind = KeyKind.PUBLISHABLE if args.publishable else KeyKind.SECRET
        key = create_api_key(
            args.database_url,
            name=args.name,
            kind=kind,
            origins=tuple(args.origin),
            rate_per_minute=args.rate_per_minute,
        )
        print(key)
        print(
            f"itinera: created {kind} key {args.name!r}; it is not stored in clear and will "
            "not be shown again",
            file=sys.stderr,
        )
        return 0
    if args.keys_command == "list":
        for stored in list_api_keys(args.database_url):
            origins = ",".join(stored.origins) or "-"
            created = stored.created_at.strftime("%Y-%m-%dT%H:%MZ")
            print(
                f"{stored.name}\t{stored.kind}\t{stored.prefix}…\t"
                f"{stored.rate_per_minute}/min\t{origins}\t{created}"
            )
        return 0
    revoke_api_key(args.database_url, args.name)
    print(f"itinera: revoked key {args.name!r}", file=sys.stderr)
    return 0
