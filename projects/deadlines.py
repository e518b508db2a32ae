"""Project deadlines and planned milestones, as reminder sources (filled in by the notifications issue)."""


def open_project_deadlines():
    return iter(())
