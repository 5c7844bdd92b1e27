"""The screenshot script logs in with the same two-factor code an authenticator (django-otp) accepts."""

from django_otp.oath import TOTP

from hromada.help.screenshots import SHOTS, SHOTS_VIA_LINK, totp_code
from hromada.portal.demo.credentials import totp_key


def test_the_scripts_two_factor_code_is_the_one_django_otp_expects():
    key = totp_key("admin@svitlohirsk.example")
    for moment in (1_700_000_000, 1_800_000_015):
        expected = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
        expected.time = moment

        assert totp_code(key, at=moment) == f"{expected.token():06d}"


def test_every_screenshot_shown_by_an_article_is_one_the_script_takes():
    from hromada.help.rendering import references
    from hromada.help.shipped import shipped_articles

    shown = {
        target.removeprefix("help/screens/").removesuffix(".webp").rsplit("-", 1)[0]
        for article in shipped_articles().values()
        for text in article.texts.values()
        for kind, target in references(text.body)
        if kind == "static"
    }

    assert shown <= {*SHOTS, *SHOTS_VIA_LINK}
