from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from org.demo_units import FIXED_REVIEWERS, PLATFORMS, ensure_units
from org.enums import Role
from org.models import User
from org.roles import sync_role_groups

# Each app's part of the demo county, in pipeline order: a module with `seed(units)` returning a summary.
DEMO_MODULES = [
    "projects.demo",
    "reviews.demo",
    "referrals.demo",
    "incentives.demo",
    "scoring.demo",
    "aftercare.demo",
    "chains.demo",
    "investors.demo",
    "notifications.demo",
]


class Command(BaseCommand):
    help = "Load the demo county (units, one account per role, projects). Safe to run again."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            sync_role_groups()
            units = ensure_units()
            logins = []

            def account(username, unit_code, role, display, **extra):
                user, created = User.objects.get_or_create(username=username)
                user.unit = units[unit_code]
                user.last_name = display
                for key, value in extra.items():
                    setattr(user, key, value)
                if created:
                    user.set_password(password)
                user.save()
                user.groups.set([Group.objects.get(name=role)])
                logins.append((username, Role(role).label, units[unit_code].name))
                return user

            for code, _name, short in FIXED_REVIEWERS:
                head = account(code, code, Role.DEPARTMENT_REVIEWER, f"{short}评审员")
                units[code].head = units[code].head or head
                units[code].save(update_fields=["head"])
            for code, _name, short in PLATFORMS:
                head = account(code, code, Role.PLATFORM_REVIEWER, f"{short}评审员")
                units[code].head = units[code].head or head
                units[code].save(update_fields=["head"])
            account("staff", "touchu", Role.PROMOTION_STAFF, "招商专员")
            account("leader", "leading-group", Role.LEADER, "县领导")
            account("expert", "experts", Role.EXPERT, "行业专家")
            account("admin", "touchu", Role.ADMINISTRATOR, "管理员", is_staff=True, is_superuser=True)

            # Each app seeds its own demo data, in pipeline order; each `seed` is idempotent.
            summaries = []
            for module in DEMO_MODULES:
                if apps.is_installed(module.partition(".")[0]) and find_spec(module) is not None:
                    summaries.append(import_module(module).seed(units))

        self.stdout.write(self.style.SUCCESS(f"Demo county ready: {len(units)} units."))
        for summary in summaries:
            self.stdout.write(f"  {summary}")
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<10} {role} · {unit}")
