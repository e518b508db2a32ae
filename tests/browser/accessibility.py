"""axe-core (vendored, static/vendor/axe) over a page in the browser: WCAG 2.1 A and AA rules."""

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def serious_violations(page, live_server):
    """[(rule id, impact, [offending elements])] of serious or critical violations on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Loaded by URL from the same site, so the portal's CSP (script-src 'self') allows it.
        page.add_script_tag(url=f"{live_server.url}/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        (v["id"], v["impact"], [" ".join(n["target"]) for n in v["nodes"]][:5])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
