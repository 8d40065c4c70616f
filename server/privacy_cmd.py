"""``silver-avatar purge-logs``: delete stored conversation turns (past retention, older than N days, or all)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from server.config import ConfigError, load_config
from server.conversation_log import ConversationLog


def purge_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="silver-avatar purge-logs",
        description="Delete conversation-log rows. Default: rows past the configured retention period.",
    )
    parser.add_argument("--config", default=None, help="TOML configuration file ([privacy] log_path, retention_days)")
    parser.add_argument("--db", default=None, help="SQLite file (overrides [privacy] log_path)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="delete every stored turn and compact the file")
    which.add_argument("--older-than-days", type=float, default=None, metavar="N",
                       help="delete turns older than N days (instead of the retention period)")
    args = parser.parse_args(argv)
    if args.older_than_days is not None and args.older_than_days < 0:
        parser.error("--older-than-days must be 0 or more")
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"purge-logs: {exc}", file=sys.stderr)
        return 2
    path = Path(args.db or config.privacy.log_path)
    if not path.exists():
        print(f"purge-logs: no conversation log at {path}; nothing to delete")
        return 0
    log = ConversationLog(path, config.privacy.retention_days, purge_on_open=False)
    try:
        if args.all:
            deleted = log.purge_all()
            what = "all turns"
        elif args.older_than_days is not None:
            deleted = log.purge(args.older_than_days)
            what = f"turns older than {args.older_than_days:g} days"
        else:
            deleted = log.purge_expired()
            what = f"turns past the {config.privacy.retention_days}-day retention"
        remaining = len(log.rows())
    finally:
        log.close()
    print(f"purge-logs: deleted {deleted} {what} from {path}; {remaining} remain")
    return 0
