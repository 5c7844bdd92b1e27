"""The ordering rules: each version cites its legal source; classes follow territory and categories."""

from hromada.enrollment import rules


def test_every_rules_version_cites_its_legal_source():
    for version in rules.VERSIONS.values():
        assert version.sources
        assert all(c.source for c in version.categories)
    assert any("305" in s for s in rules.KINDERGARTEN_2024.sources)
    assert any("Про дошкільну освіту" in s for s in rules.KINDERGARTEN_2024.sources)
    assert any("367" in s and "16.04.2018" in s for s in rules.FIRST_GRADE_2018.sources)


def test_kindergarten_territory_first_then_categories_in_order():
    k = rules.KINDERGARTEN_2024

    def cls(territory, granted):
        return rules.priority_class(k, (), in_territory=territory, granted=granted)

    assert (
        cls(True, ["special_needs"])
        < cls(True, ["displaced"])
        < cls(True, [])
        < cls(False, ["special_needs"])
    )
    assert cls(False, ["special_needs"]) < cls(False, [])
    # The best category counts; unknown codes do not.
    assert cls(True, ["sibling", "orphan"]) == cls(True, ["orphan"])
    assert cls(True, ["invented"]) == cls(True, [])


def test_first_grade_territory_children_all_first_without_selection():
    s = rules.FIRST_GRADE_2018

    assert rules.priority_class(s, (), in_territory=True, granted=[]) == 1
    assert rules.priority_class(s, (), in_territory=True, granted=["sibling"]) == 1
    assert rules.priority_class(s, (), in_territory=False, granted=["sibling"]) == 2
    assert rules.priority_class(s, (), in_territory=False, granted=["preschool_graduate"]) == 4
    assert rules.priority_class(s, (), in_territory=False, granted=[]) == 5


def test_community_categories_come_after_statutory_ones_and_must_cite_a_decision():
    local = (rules.LocalCategory("volunteer", "Діти волонтерів", "рішення ради № 12"),)
    k = rules.KINDERGARTEN_2024

    statutory = rules.priority_class(k, local, in_territory=True, granted=["sibling"])
    community = rules.priority_class(k, local, in_territory=True, granted=["volunteer"])
    none = rules.priority_class(k, local, in_territory=True, granted=[])

    assert statutory < community < none
    assert rules.local_problems(k, (rules.LocalCategory("volunteer", "x", " "),)) == [
        (rules.LOCAL_NO_DECISION, "volunteer")
    ]
    assert rules.local_problems(k, (rules.LocalCategory("orphan", "x", "рішення"),)) == [
        (rules.LOCAL_DUPLICATE, "orphan")
    ]


def test_snapshot_round_trips():
    local = (rules.LocalCategory("volunteer", "Діти волонтерів", "рішення ради № 12"),)
    snap = rules.rules_snapshot(rules.KINDERGARTEN_2024, local)

    again, again_local = rules.rules_from_snapshot(snap)

    assert rules.rules_snapshot(again, again_local) == snap


def test_kindergarten_2024_2_names_the_provision_of_each_category_in_the_order_of_2024_1():
    version = rules.KINDERGARTEN_2024_2
    source = {c.code: c.source for c in version.categories}

    # Item 10 of the Regulation on preschool institutions (Resolution 305/2003 as restated in 2021).
    for code in ("special_needs", "displaced", "sibling"):
        assert source[code] == rules.CMU_305 + ", п. 10", code
    for code in ("orphan", "defender_family"):
        assert source[code] == rules.PRESCHOOL_LAW, code
    assert rules.statute_problems(version) == []
    # Only the citations are more precise: the order of the version it replaces is kept.
    assert version.category_codes() == rules.KINDERGARTEN_2024.category_codes()


def test_kindergarten_2025_1_is_current_and_every_category_cites_its_provision():
    current = rules.VERSIONS[rules.CURRENT[rules.KINDERGARTEN]]
    source = {c.code: c.source for c in current.categories}

    assert current is rules.KINDERGARTEN_2025 and current.key == "kindergarten-2025.1"
    assert rules.statute_problems(current) == []
    # No act on record grants large families a statutory priority: only a council's decision can.
    assert "large_family" not in source
    # Item 10's categories no earlier kindergarten version encoded.
    for code in ("staff_child", "difficult_circumstances", "war_affected"):
        assert source[code] == rules.CMU_305_P10, code
    for code in ("special_needs", "displaced", "sibling"):
        assert source[code] == rules.CMU_305_P10, code
    for code in ("orphan", "defender_family"):
        assert source[code] == rules.PRESCHOOL_LAW, code
    assert current.category_codes() == (
        "special_needs",
        "orphan",
        "defender_family",
        "difficult_circumstances",
        "displaced",
        "war_affected",
        "sibling",
        "staff_child",
    )


def test_a_category_no_listed_act_grants_is_a_statute_problem():
    invented = rules.RulesVersion(
        key="kindergarten-test",
        kind=rules.KINDERGARTEN,
        sources=(rules.PRESCHOOL_LAW, rules.CMU_305),
        territory="first",
        categories=(
            *rules.KINDERGARTEN_2025.categories,
            rules.Category("large_family", "рішення міської ради № 1"),
        ),
    )

    assert rules.statute_problems(invented) == [(rules.CATEGORY_WITHOUT_STATUTE, "large_family")]


def test_large_families_come_after_every_statutory_category_as_a_community_category_on_2025_1():
    k = rules.KINDERGARTEN_2025
    local = (rules.LocalCategory("large_family", "дитина з багатодітної сім'ї", "рішення ради № 12"),)

    def cls(granted, local=local):
        return rules.priority_class(k, local, in_territory=True, granted=granted)

    assert rules.local_problems(k, local) == []
    assert cls(["staff_child"]) < cls(["large_family"]) < cls([])
    # Without the council's category the claim counts for nothing.
    assert cls(["large_family"], local=()) == cls([], local=())


def test_rounds_frozen_on_2024_2_compute_the_classes_they_always_did():
    """The frozen version, as published: its snapshot and every class it gives stay as they were."""
    frozen = rules.rules_snapshot(rules.VERSIONS["kindergarten-2024.2"], ())
    law, item_10 = rules.PRESCHOOL_LAW, rules.CMU_305 + ", п. 10"

    assert frozen["categories"] == [
        {"code": "special_needs", "source": item_10},
        {"code": "orphan", "source": law},
        {"code": "defender_family", "source": law},
        {"code": "displaced", "source": item_10},
        {"code": "large_family", "source": law},
        {"code": "sibling", "source": item_10},
    ]
    version, local = rules.rules_from_snapshot(frozen)
    expected = {  # (category, in the territory) -> class
        **{(code, True): n for n, code in enumerate(version.category_codes(), start=1)},
        (None, True): 7,
        **{(code, False): n + 7 for n, code in enumerate(version.category_codes(), start=1)},
        (None, False): 14,
    }
    assert expected[("large_family", True)] == 5 and expected[("large_family", False)] == 12
    for (code, inside), cls in expected.items():
        granted = [code] if code else []
        assert rules.priority_class(version, local, in_territory=inside, granted=granted) == cls
        published = rules.KINDERGARTEN_2024_2
        assert rules.priority_class(published, (), in_territory=inside, granted=granted) == cls
    # The categories 2025.1 added count for nothing on a 2024.2 round.
    assert rules.priority_class(version, local, in_territory=True, granted=["staff_child"]) == 7


def test_a_published_version_stays_available_for_the_rounds_that_froze_it():
    assert rules.VERSIONS["kindergarten-2024.1"] is rules.KINDERGARTEN_2024
    assert {rules.CURRENT[kind] for kind in (rules.KINDERGARTEN, rules.SCHOOL, rules.CLUB)} <= set(
        rules.VERSIONS
    )


def test_a_class_says_what_it_stands_for():
    local = (rules.LocalCategory("volunteer", "Діти волонтерів", "рішення ради № 12"),)
    for version in rules.VERSIONS.values():
        for inside in (True, False):
            for code in (*rules.ordered_codes(version, local), None):
                cls = rules.priority_class(
                    version, local, in_territory=inside, granted=[code] if code else []
                )

                basis = rules.class_basis(version, local, cls)

                if version.territory == "first":
                    assert basis == (inside, code), (version.key, inside, code)
                elif version.territory == "all_in":
                    assert basis == ((True, None) if inside else (False, code)), (version.key, inside, code)
                else:
                    assert basis == (None, code), (version.key, inside, code)
