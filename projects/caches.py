"""The ledger's cache (docs/architecture.md lists every cache and what moves it).

`ledger_figures` keeps what the ledger page and the API list read from the whole ledger: the counts
per WHERE clause (projects.pagination) and the drawn table of the page (a `{% cache %}` fragment
keyed by its version, `views.drawn_table_key`). What a drawn row shows or a filter selects moves it:

- every save or deletion of a project (its columns, its stored `next_due`, its state);
- every save or deletion of an org unit (the platform's and the responsible unit's names) and of an
  industry chain (the chain-strategy filter reads it);
- every save or deletion of what a registered light rule reads: each rule names its models when it
  registers (`selectors.register_light_rule(..., moved_by=...)`), so this app imports none of them.

The day and the yellow cutoff (the working-day calendar) are in the fragment's key, so the lights
turn with the date and a holiday edit; writes that bypass the signals (`.update()`) wait for the
one-minute expiry.
"""

from django.db.models.signals import post_delete, post_save

from xianju_invest.cache import VersionedCache

TIMEOUT = 60
ledger_figures = VersionedCache(
    "projects:ledger",
    timeout=TIMEOUT,
    moved_by="post_save / post_delete of Project, org Unit, IndustryChain and of the models each light "
    "rule names at registration (aftercare: ServiceRequest); writes that bypass signals: the one-minute "
    "expiry",
)


def moved_by(model, why):
    """Move the ledger's figures on every save or deletion of `model` (`why`: the reader's name)."""
    for name, signal in (("save", post_save), ("delete", post_delete)):
        uid = f"projects.ledger_figures.{why}.{model._meta.label}.{name}"
        signal.connect(ledger_figures.bump, sender=model, dispatch_uid=uid)


def connect():
    """Called from ProjectsConfig.ready; the light rules' models are connected as they register."""
    from chains.models import IndustryChain
    from org.models import Unit

    from .models import Project

    moved_by(Project, "rows")
    moved_by(Unit, "unit-names")
    moved_by(IndustryChain, "chain-filter")
