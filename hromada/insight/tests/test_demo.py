"""The loaded demo as issue 19's "done when" asks: a dashboard and index pages for the running quarter and the
two before it, every link on them working for whoever is shown it."""

from __future__ import annotations

import re

from django.test import Client

from hromada.core.models import Hromada
from hromada.insight.selectors import closed_quarters, recent_quarters
from tests.factories import login_with_totp, make_administrator, make_official

HOST = "svitlohirsk.localhost"
LINK = re.compile(r'href="(/[^"#]*)')


def _links(html: str) -> set[str]:
    """The site's own links in the page's main part (not the menu's or the footer's)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return {href.replace("&amp;", "&") for href in LINK.findall(main)}


def test_the_demos_dashboard_and_three_quarters_of_the_index_have_only_working_links(demo_loaded, db):
    svitlohirsk = Hromada.objects.get(slug="svitlohirsk")
    quarters = recent_quarters()  # the running quarter and the two before it
    assert {str(q) for q in quarters[1:]} <= closed_quarters(hromada=svitlohirsk)
    visitors = {
        "anyone": Client(HTTP_HOST=HOST),
        "a specialist": login_with_totp(make_official(svitlohirsk), client=Client(HTTP_HOST=HOST)),
        "an administrator": login_with_totp(make_administrator(svitlohirsk), client=Client(HTTP_HOST=HOST)),
    }
    for who, client in visitors.items():
        pages = ["/insight/", *(f"/insight/index/{q}/" for q in quarters)]
        if who != "anyone":
            pages += ["/insight/dashboard/", "/en/insight/dashboard/"]
        checked: dict[str, int] = {}
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, (who, page)
            html = response.content.decode()
            if "/index/" in page:
                assert html.count("виміряно") >= 10, (who, page)  # measured values, not an empty table
            for href in _links(html) - checked.keys():
                followed = client.get(href)
                checked[href] = followed.status_code
                if followed.streaming:  # a document: read through (close() ends the test's connection)
                    b"".join(followed.streaming_content)
        broken = {href: status for href, status in checked.items() if status != 200}
        assert broken == {}, who
        posture = "/security/" in checked
        assert posture == (who == "an administrator"), who  # the others see its title without a link
