"""The verifier's steps (``verification.Check``) in the person's language: a title and one sentence."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import verification as v

TITLES = {
    v.FORMAT_STEP: gettext_lazy("Export format"),
    v.RULES_STEP: gettext_lazy("Rules frozen at opening"),
    v.SEED_STEP: gettext_lazy("Lottery seed"),
    v.HASH_STEP: gettext_lazy("The export is the one the log recorded"),
    v.LOTTERY_STEP: gettext_lazy("Lottery numbers"),
    v.PRIORITY_STEP: gettext_lazy("Priority classes"),
    v.INPUT_STEP: gettext_lazy("Inputs"),
    v.ALLOCATION_STEP: gettext_lazy("Allocation"),
    v.TOTALS_STEP: gettext_lazy("Totals in the log"),
}


def _ok_words(check: v.Check) -> str:
    if check.step == v.FORMAT_STEP:
        return _("The file is a round export this page can read.")
    if check.step == v.RULES_STEP:
        return _("The rules in the export (%(key)s) are those logged when applications opened.") % {
            "key": check.item
        }
    if check.step == v.SEED_STEP:
        return _(
            "The seed is the root of the log up to the entry that closed applications (log size %(n)d), "
            "computed from the log now."
        ) % {"n": check.count}
    if check.step == v.HASH_STEP:
        return _("The export's SHA-256 equals the one logged with the allocation: %(hash)s.") % {
            "hash": check.item
        }
    if check.step == v.LOTTERY_STEP:
        return _("All %(n)d lottery numbers follow from the seed.") % {"n": check.count}
    if check.step == v.PRIORITY_STEP:
        return _("Every class follows from the rules %(key)s, the territory and the categories granted.") % {
            "key": check.item
        }
    if check.step == v.ALLOCATION_STEP:
        return _(
            "Re-running deferred acceptance gives the same %(assigned)d places for %(total)s applicants."
        ) % {"assigned": check.count, "total": check.item}
    return _("The log's totals (%(total)s applicants, %(assigned)d places) match.") % {
        "total": check.item,
        "assigned": check.count,
    }


def check_words(check: v.Check) -> tuple[str, str]:
    """(title, sentence) for one step."""
    title = str(TITLES.get(check.step, check.step))
    if check.outcome == v.OK:
        return title, _ok_words(check)
    if check.outcome == v.SKIPPED:
        return title, _(
            "Nothing to compare yet (the round is not allocated, or the entry is not in the log yet)."
        )
    if check.outcome == v.MALFORMED:
        return title, _("The inputs are invalid: %(code)s (%(item)s).") % {
            "code": check.found,
            "item": check.item,
        }
    if check.outcome == v.UNREADABLE:
        return title, _("The file lacks a part or has one of the wrong type: %(what)s.") % {
            "what": f"{check.found} {check.item}".strip()
        }
    if check.step == v.FORMAT_STEP:
        return title, _("This is not a round export.")
    return title, _("DIFFERENT at %(item)s: expected %(expected)s, the export has %(found)s.") % {
        "item": check.item or "—",
        "expected": check.expected or "—",
        "found": check.found or "—",
    }
