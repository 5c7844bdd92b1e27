import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hromada.core import phases
from hromada.core.phases import Feature, PhaseType, PhaseWindow, active_phase

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def isolated_registry(monkeypatch):
    """Phase types registered by a test disappear after it; the apps' own registrations stay visible."""
    monkeypatch.setattr(phases, "_registry", dict(phases.registered()))


@pytest.fixture
def collecting():
    @phases.register
    class Collecting(PhaseType):
        key = "testing:collecting"
        features = frozenset({Feature.SIGN, Feature.CREATE})

    return Collecting


@pytest.fixture
def voting():
    @phases.register
    class Voting(PhaseType):
        key = "testing:voting"
        features = frozenset({Feature.VOTE})

    return Voting


def test_a_phase_type_allows_only_its_features(collecting):
    assert collecting.allows(Feature.SIGN)
    assert collecting.allows(Feature.CREATE)
    assert not collecting.allows(Feature.VOTE)


def test_registered_phase_types_are_found_by_key(collecting):
    assert phases.get("testing:collecting") is collecting
    assert phases.registered()["testing:collecting"] is collecting


def test_registered_returns_a_copy(collecting):
    phases.registered().clear()

    assert phases.get("testing:collecting") is collecting


def test_unknown_key_is_a_lookup_error():
    with pytest.raises(LookupError):
        phases.get("testing:nothing")


@pytest.mark.parametrize("key", ["", "collecting"])
def test_keys_need_an_app_prefix(key):
    class Unnamed(PhaseType):
        pass

    Unnamed.key = key

    with pytest.raises(ValueError):
        phases.register(Unnamed)


def test_a_key_cannot_be_taken_by_a_second_class(collecting):
    class Impostor(PhaseType):
        key = "testing:collecting"

    with pytest.raises(ValueError, match="already registered"):
        phases.register(Impostor)

    assert phases.get("testing:collecting") is collecting


def test_registering_the_same_class_again_is_harmless(collecting):
    assert phases.register(collecting) is collecting
    assert phases.get("testing:collecting") is collecting


def test_window_is_active_from_its_start_until_just_before_its_end(collecting):
    window = PhaseWindow("testing:collecting", starts_at=T0, ends_at=T0 + DAY)

    assert not window.is_active(T0 - timedelta(microseconds=1))
    assert window.is_active(T0)
    assert window.is_active(T0 + DAY - timedelta(microseconds=1))
    assert not window.is_active(T0 + DAY)


def test_open_ended_window_stays_active(collecting):
    window = PhaseWindow("testing:collecting", starts_at=T0)

    assert window.is_active(T0 + 1000 * DAY)


def test_window_allows_the_features_of_its_type(collecting):
    window = PhaseWindow("testing:collecting", starts_at=T0)

    assert window.allows(Feature.SIGN)
    assert not window.allows(Feature.VOTE)


def test_window_of_an_unregistered_type_fails_loudly():
    window = PhaseWindow("testing:gone", starts_at=T0)

    with pytest.raises(LookupError):
        window.allows(Feature.SIGN)


def test_active_phase_follows_the_schedule(collecting, voting):
    windows = [
        PhaseWindow("testing:collecting", starts_at=T0, ends_at=T0 + 10 * DAY),
        PhaseWindow("testing:voting", starts_at=T0 + 10 * DAY, ends_at=T0 + 20 * DAY),
    ]

    assert active_phase(windows, T0 - DAY) is None
    assert active_phase(windows, T0 + DAY) is windows[0]
    assert active_phase(windows, T0 + 10 * DAY) is windows[1]
    assert active_phase(windows, T0 + 20 * DAY) is None
    assert active_phase([], T0) is None


def test_when_windows_overlap_the_later_start_wins(collecting, voting):
    long_collecting = PhaseWindow("testing:collecting", starts_at=T0, ends_at=T0 + 30 * DAY)
    voting_inside = PhaseWindow("testing:voting", starts_at=T0 + 5 * DAY, ends_at=T0 + 6 * DAY)

    assert active_phase([voting_inside, long_collecting], T0 + 5 * DAY) is voting_inside
    assert active_phase([long_collecting, voting_inside], T0 + 7 * DAY) is long_collecting


def test_features_are_strings_for_storage():
    assert Feature.SIGN == "sign"
    assert Feature("vote") is Feature.VOTE


def test_an_unregistered_phase_switches_nothing_on(collecting):
    assert phases.allows("testing:collecting", Feature.SIGN)
    assert not phases.allows("testing:collecting", Feature.VOTE)
    assert not phases.allows("testing:draft", Feature.SIGN)


# ---- the phase model as a convention (docs/adr/0002-phases-and-features.md)
PACKAGE = Path(__file__).resolve().parents[2]


def _action_trees() -> list[tuple[str, ast.Module]]:
    files = [*PACKAGE.glob("*/actions.py"), *PACKAGE.glob("*/actions/*.py")]
    return [(p.relative_to(PACKAGE).as_posix(), ast.parse(p.read_text())) for p in sorted(files)]


def _feature_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Feature":
        return node.attr
    return None


def test_every_feature_is_asked_by_some_action():
    asked = {
        feature
        for _path, tree in _action_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "attr", None) or getattr(node.func, "id", "")).endswith("allows")
        for feature in map(_feature_of, node.args)
        if feature
    }

    assert {f.name for f in Feature} - asked == set(), "a feature no action asks for: ask it or remove it"


def test_actions_ask_the_phase_instead_of_comparing_phase_names():
    by_hand = [
        f"{path}:{node.lineno}"
        for path, tree in _action_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(
            isinstance(side, ast.Attribute) and isinstance(side.value, ast.Name) and side.value.id == "Phase"
            for side in [node.left, *node.comparators]
        )
    ]

    assert by_hand == [], "compare no phase by name in an action: ask `allows(Feature.X)`"
