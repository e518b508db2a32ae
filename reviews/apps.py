from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Pre-review")

    def ready(self):
        from notifications.deadlines import register_deadline_source
        from projects.enums import ProjectState
        from projects.services import register_transition_guard

        from . import caches, notices, panels, search
        from .deadlines import open_opinion_deadlines
        from .enums import Outcome
        from .services import pre_review_exit_guard

        register_transition_guard(
            ProjectState.PRE_REVIEW,
            ProjectState.DECISION,
            pre_review_exit_guard((Outcome.PASS, Outcome.CONDITIONAL_PASS)),
        )
        register_transition_guard(
            ProjectState.PRE_REVIEW, ProjectState.REJECTED, pre_review_exit_guard((Outcome.FAIL,))
        )
        register_deadline_source(notices.OPINION_DEADLINES, open_opinion_deadlines)
        caches.connect()
        notices.register()
        panels.register()
        search.register()
