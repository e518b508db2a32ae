"""Which permissions each role holds. The groups are (re)built after every migrate.

Later apps add their own permission codenames here; views, the API and services check
permissions (user.has_perm), never group names.
"""

from .enums import Role

ROLE_PERMISSIONS = {
    Role.PROMOTION_STAFF: [
        "org.manage_pipeline",
        "org.view_all",
        "org.triage_referrals",
        "incentives.check_rewards",
        "scoring.manage_scoring",
        "aftercare.route_request",
        "aftercare.handle_request",
        "chains.manage_chains",
        "investors.manage_investors",
    ],
    Role.DEPARTMENT_REVIEWER: ["org.sign_review", "aftercare.handle_request"],
    Role.PLATFORM_REVIEWER: ["org.sign_review", "aftercare.handle_request"],
    Role.EXPERT: ["org.sign_review"],
    Role.LEADER: ["org.view_all", "org.decide", "org.approve_rewards"],
    Role.FINANCE: ["incentives.pay_rewards"],
    Role.ADMINISTRATOR: [
        "org.manage_pipeline",
        "org.view_all",
        "org.triage_referrals",
        "org.administer",
        "incentives.check_rewards",
        "incentives.manage_reward_policy",
        "scoring.manage_scoring",
        "aftercare.route_request",
        "chains.manage_chains",
        "investors.manage_investors",
    ],
    # An enterprise account (bound to its company by aftercare.EnterpriseAccount) files requests.
    Role.ENTERPRISE: ["aftercare.file_request"],
}


def sync_role_groups(**kwargs):
    """Create one group per role with exactly the permissions above."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
