from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from xianju_invest.schedule import JOBS


class Command(BaseCommand):
    help = "Write the periodic jobs of xianju_invest/schedule.py to the beat schedule (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--run-now",
            action="store_true",
            help="Also queue one run of every job now (safe: each job is idempotent), e.g. for a demo.",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, (task, cron) in JOBS.items():
                fields = {"minute": "0", "hour": "*", "day_of_week": "*", "day_of_month": "*"}
                fields.update(cron)
                schedule, _ = CrontabSchedule.objects.get_or_create(
                    timezone="Asia/Shanghai", month_of_year="*", **fields
                )
                PeriodicTask.objects.update_or_create(
                    name=name, defaults={"task": task, "crontab": schedule, "interval": None, "enabled": True}
                )
            stale = PeriodicTask.objects.exclude(name__in=JOBS).exclude(name__startswith="celery.")
            removed = stale.count()
            stale.delete()
        self.stdout.write(f"{len(JOBS)} periodic jobs scheduled, {removed} stale removed.")
        if options["run_now"]:
            from xianju_invest.celery import app

            for task, _cron in JOBS.values():
                app.send_task(task)
            self.stdout.write(f"{len(JOBS)} jobs queued to run now.")
