from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Pre-review")

    def ready(self):
        from notifications.deadlines import register_deadline_source
        from projects.enums import ProjectState
        from projects.services import register_transition_guard
        from workdays.models import WorkdayAdjustment

        from . import notices
        from .deadlines import open_opinion_deadlines
        from .enums import Outcome
        from .models import ReviewOpinion, ReviewRound, ReviewSettings
        from .selectors import forget_light_cutoffs, inbox_changed
        from .services import pre_review_exit_guard

        receivers = [
            (inbox_changed, (ReviewRound, ReviewOpinion)),
            (forget_light_cutoffs, (ReviewSettings, WorkdayAdjustment)),
        ]
        for receiver, models in receivers:
            for model in models:
                for signal in (post_save, post_delete):
                    uid = f"reviews.{receiver.__name__}.{model.__name__}.{signal}"
                    signal.connect(receiver, sender=model, dispatch_uid=uid)

        register_transition_guard(
            ProjectState.PRE_REVIEW,
            ProjectState.DECISION,
            pre_review_exit_guard((Outcome.PASS, Outcome.CONDITIONAL_PASS)),
        )
        register_transition_guard(
            ProjectState.PRE_REVIEW, ProjectState.REJECTED, pre_review_exit_guard((Outcome.FAIL,))
        )
        register_deadline_source(notices.OPINION_DEADLINES, open_opinion_deadlines)
        notices.register()
