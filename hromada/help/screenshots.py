"""Screenshots for the officials' guides, taken from a running demo with headless Chromium.

    make demo                                   # or any server with the demo loaded, in another terminal
    .venv/bin/python -m hromada.help.screenshots --url http://127.0.0.1:8000

Logs in as the demo administrator (password and two-factor code from the demo's published credentials,
hromada/portal/demo/credentials.py), opens each page of ``SHOTS`` in Ukrainian and in English at 1024 px, and
writes the page's main part as a compact WebP into ``hromada/help/static/help/screens/`` (the articles show
them as ``static:help/screens/<name>-uk.webp`` and ``…-en.webp``).
Run it again after a page changes; the files are small enough to keep in the repository. Needs the
development tools (Playwright) and Chromium (``/usr/bin/chromium`` by default).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import struct
import sys
import time
from pathlib import Path

from hromada.portal.demo.credentials import DEMO_PASSWORD, totp_key

ADMINISTRATOR = "admin@svitlohirsk.example"
OUT = Path(__file__).resolve().parent / "static" / "help" / "screens"
WIDTH, TALL = 1024, 900
HEIGHT = 560  # of each picture, from the top of the page's main part (the site's header is left out)
LANGUAGES = {"uk": "", "en": "/en"}

# name → the page's path (Ukrainian, the demo's default hromada)
SHOTS: dict[str, str] = {
    "petitions-moderation": "/petitions/moderation/",
    "budget-review": "/budget/review/",
    "services-queue": "/services/queue/",
    "opencity-staff": "/city/staff/",
    "cnapqueue-console": "/queue/console/",
    "help-articles": "/admin/help/helparticle/",
    "consultations-moderation": "/consultations/moderation/",
}
# name → (a page, the first link on it to follow): pages whose address holds a demo object's number
SHOTS_VIA_LINK: dict[str, tuple[str, str]] = {
    "services-definition": (
        "/services/queue/services/",
        "main a[href*='/definitions/']:not([href$='.json'])",
    ),
    "consultations-prepare": ("/consultations/", "main a[href$='/prepare/']"),
}


def totp_code(hex_key: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The RFC 6238 code of ``hex_key`` now (what an authenticator app shows)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def take(url: str, *, chromium: str, quality: int, only: frozenset[str] = frozenset()) -> list[Path]:
    """Log in and write one WebP per page of ``SHOTS``; returns the files written."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(
            viewport={"width": WIDTH, "height": TALL}, locale="uk-UA", base_url=url.rstrip("/")
        )
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(ADMINISTRATOR)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        if "two-factor" in page.url:
            page.locator("input[name=token]").fill(totp_code(totp_key(ADMINISTRATOR)))
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
        shots = {name: path for name, path in SHOTS.items() if not only or name in only}
        for name, (listing, link) in SHOTS_VIA_LINK.items():
            if only and name not in only:
                continue
            page.goto(listing)
            shots[name] = page.locator(link).first.get_attribute("href") or listing
        for name, path in shots.items():
            for language, prefix in LANGUAGES.items():
                page.goto(prefix + path)
                main = page.locator("main, #content").first.bounding_box()
                top = int(main["y"]) if main else 0
                png = page.screenshot(
                    full_page=True, clip={"x": 0, "y": top, "width": WIDTH, "height": HEIGHT}
                )
                target = OUT / f"{name}-{language}.webp"
                Image.open(io.BytesIO(png)).convert("RGB").save(target, "WEBP", quality=quality, method=6)
                written.append(target)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running demo")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium executable")
    parser.add_argument("--quality", type=int, default=60, help="WebP quality (0-100)")
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME", help="take only these pictures")
    options = parser.parse_args()
    pictures = take(
        options.url, chromium=options.chromium, quality=options.quality, only=frozenset(options.only)
    )
    for path in pictures:
        sys.stdout.write(f"{path.name}: {path.stat().st_size} bytes\n")


if __name__ == "__main__":
    main()
