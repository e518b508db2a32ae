"""Pre-review's caches, each saying what moves it (docs/architecture.md lists them).

`review_figures` keeps what is read from opinions, rounds and their projects: the home panels (drawn),
the inbox's totals and its drawn rows, and the convener's drawn table. Every save or deletion of an
opinion, a round or a project moves it — signing (`opinion_sign`), adding a participant, closing,
concluding; `review_round_open` saves the round and bulk-creates its opinions in one transaction,
and the move after the commit covers the opinions. The drawn fragments are keyed also by the
day and the "due soon" date, so the lights turn with the calendar and the settings.

`review_settings` keeps the one settings row, moved by its save or deletion (the admin's form).
"""

from django.db.models.signals import post_delete, post_save

from xianju_invest.cache import VersionedCache

review_figures = VersionedCache(
    "reviews:figures",
    timeout=600,
    moved_by="post_save / post_delete of ReviewOpinion, ReviewRound and Project (review_round_open, "
    "opinion_sign, review_participant_add, review_round_close and the conclusion save through them); "
    "writes that bypass signals: the ten-minute expiry",
)
review_settings = VersionedCache(
    "reviews:settings",
    timeout=600,
    moved_by="post_save / post_delete of ReviewSettings; writes that bypass signals: the ten-minute expiry",
)


def connect():
    """Called from ReviewsConfig.ready."""
    from projects.models import Project

    from .models import ReviewOpinion, ReviewRound, ReviewSettings

    for model in (ReviewOpinion, ReviewRound, Project):
        for signal in (post_save, post_delete):
            signal.connect(review_figures.bump, sender=model, dispatch_uid=f"reviews-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(review_settings.bump, sender=ReviewSettings, dispatch_uid="reviews-settings")
