def unread(request):
    """The unread-notification count for the navigation bar (filled in by the notifications issue)."""
    return {}
