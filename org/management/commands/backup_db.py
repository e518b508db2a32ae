"""A consistent copy of the embedded SQLite database, taken while the portal runs."""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Copy the embedded SQLite database to PATH (default: VAR_DIR/backups/xianju-<time>.sqlite3) "
        "with SQLite's online backup, while the web server and the worker keep writing. "
        "On PostgreSQL use pg_dump instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="file to write; must not exist yet")

    def handle(self, *args, path=None, **options):
        connection.ensure_connection()
        source = connection.connection
        if not hasattr(source, "backup"):  # only sqlite3 connections have the online backup API
            raise CommandError(
                f"backup_db copies the embedded SQLite database, and this portal runs on "
                f"{connection.display_name}: back it up with pg_dump (docs/operations.md)."
            )
        stamp = f"{timezone.localtime():%Y%m%d-%H%M%S}"
        target = Path(path) if path else Path(settings.VAR_DIR) / "backups" / f"xianju-{stamp}.sqlite3"
        if target.exists():
            raise CommandError(f"{target} already exists; give a new file name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.partial")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            # All pages in one step: one read snapshot, so the copy is consistent; with WAL the
            # writers go on meanwhile.
            source.backup(copy)
        finally:
            copy.close()
        partial.replace(target)  # a half-written copy never carries the final name
        self.stdout.write(f"{target} ({target.stat().st_size // 1024} KiB)")
