"""The Ukrainian message catalogue: complete, placeholder-safe, compiled, and used by the pages.

Ukrainian is the default language, so an untranslated or broken entry shows up in front of every resident.
Each app keeps its own catalogue (``hromada/<app>/locale/``) beside the project's (``hromada/locale/``);
``scripts/messages --check`` (in ``make lint``) proves they hold exactly the strings the code uses. These
tests read every committed ``django.po`` with a small parser (no extra dependency), check that each committed
``django.mo`` is what ``msgfmt`` makes of it, and render the home page in both languages.
"""

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.utils import translation

PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
PO_PATHS = sorted(PACKAGE_DIR.glob("locale/uk/LC_MESSAGES/django.po")) + sorted(
    PACKAGE_DIR.glob("*/locale/uk/LC_MESSAGES/django.po")
)
DJANGO_UK_PO = Path(django.__file__).parent / "conf" / "locale" / "uk" / "LC_MESSAGES" / "django.po"

# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %5.2f, %% …
PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
BRACE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_.\[\]]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TEMPLATE_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
HTML_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # a singular entry keeps its text under 0
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, header (msgid "") first; good enough for what gettext tools write."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current
        if current is not None and (current.msgstr or current.msgid):
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue  # the previous msgid of an obsolete entry
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()  # comments after a msgstr start the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            target = None
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword in ("msgctxt", "msgid") and current is not None and target and target[0] == "msgstr":
                finish()
            if current is None:
                current = Entry(line=number)
            current.obsolete = current.obsolete or obsolete
            if keyword == "msgstr":
                target = ("msgstr", int(index) if index is not None else 0)
                current.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(current, keyword, value)
                if keyword == "msgid":
                    current.line = number
            continue
        assert line.startswith('"') and current is not None and target is not None, (
            f"{path}:{number}: {raw!r}"
        )
        if target[0] == "msgstr":
            current.msgstr[target[1]] += _unquote(line)  # type: ignore[index]
        else:
            setattr(current, target[0], getattr(current, target[0]) + _unquote(line))
    finish()
    return entries


def header(entries: list[Entry]) -> dict[str, str]:
    head = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in head.msgstr[0].splitlines() if ":" in line)
    }


def messages(entries: list[Entry]) -> list[Entry]:
    """The translatable entries: no header, no obsolete (#~) leftovers."""
    return [e for e in entries if e.msgid != "" and not e.obsolete]


def nplurals(entries: list[Entry]) -> int:
    return int(re.search(r"nplurals\s*=\s*(\d+)", header(entries)["Plural-Forms"]).group(1))  # type: ignore[union-attr]


def printf_placeholders(text: str) -> tuple[set[str], list[str]]:
    """Named placeholders as a set, positional ones (%s, %d …) in order; %% is not a placeholder."""
    named: set[str] = set()
    positional: list[str] = []
    for match in PRINTF.finditer(text):
        if match.group("type") == "%":
            continue
        if match.group("name") is not None:
            named.add(f"%({match.group('name')}){match.group('type')}")
        else:
            positional.append(match.group(0))
    return named, positional


def placeholder_problems(entry: Entry) -> list[str]:
    problems: list[str] = []
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
    for index, translated in sorted(entry.msgstr.items()):
        where = f"{entry.label()} msgstr[{index}]" if entry.plural else entry.label()
        if "python-format" in entry.flags:
            wanted_named: set[str] = set()
            wanted_positional: list[str] = []
            for source in sources:
                named, positional = printf_placeholders(source)
                wanted_named |= named
                wanted_positional = wanted_positional or positional
            got_named, got_positional = printf_placeholders(translated)
            # Every Ukrainian plural form stands for many numbers (form 0 is 1, 21, 31 …), so each form
            # must carry every placeholder, even when the English singular spells "one" out.
            if missing := wanted_named - got_named:
                problems.append(f"{where}: missing {sorted(missing)}")
            if extra := got_named - wanted_named:
                problems.append(f"{where}: unknown {sorted(extra)} (would raise KeyError)")
            if got_positional != wanted_positional:
                problems.append(f"{where}: positional {got_positional} instead of {wanted_positional}")
            if got_named and not got_positional:
                try:
                    translated % {name[2:-2]: 1 for name in got_named}
                except (ValueError, TypeError, KeyError) as error:
                    problems.append(f"{where}: cannot be formatted ({error})")
        if "python-brace-format" in entry.flags:
            wanted = {m.group("name") for source in sources for m in BRACE.finditer(source)}
            got = {m.group("name") for m in BRACE.finditer(translated)}
            if wanted != got:
                problems.append(f"{where}: braces {sorted(got)} instead of {sorted(wanted)}")
        for pattern, what in ((TEMPLATE_TOKEN, "template tags"), (HTML_TAG, "HTML tags")):
            wanted_tokens = sorted(pattern.findall(entry.msgid))
            if sorted(pattern.findall(translated)) != wanted_tokens:
                problems.append(f"{where}: {what} {sorted(pattern.findall(translated))} != {wanted_tokens}")
        for entity in set(HTML_ENTITY.findall(entry.msgid)):
            if entity not in translated and entity not in {"&nbsp;", "&hellip;", "&ldquo;", "&rdquo;"}:
                problems.append(f"{where}: HTML entity {entity} is lost")
    return problems


def test_every_app_has_its_own_catalogue():
    apps = sorted(p.parent.name for p in PACKAGE_DIR.glob("*/apps.py"))
    have = sorted(p.parents[3].name for p in PO_PATHS if p.parents[3] != PACKAGE_DIR)
    assert have == apps, "run scripts/messages: every app keeps its strings in <app>/locale/"


@pytest.fixture(scope="module", params=PO_PATHS, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def po_path(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def catalogue(po_path) -> list[Entry]:
    return parse_po(po_path)


# (a) complete and not fuzzy


def test_catalogue_header_is_ukrainian_utf8_with_djangos_plural_rule(catalogue):
    head = header(catalogue)
    django_head = header(parse_po(DJANGO_UK_PO))
    assert head.get("Language") == "uk"
    assert "charset=UTF-8" in head.get("Content-Type", "")
    assert head.get("Plural-Forms") == django_head["Plural-Forms"]
    assert nplurals(catalogue) == 4
    header_entry = next(e for e in catalogue if e.msgid == "")
    assert "fuzzy" not in header_entry.flags, "the header is marked fuzzy, so msgfmt ignores it"


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    forms = nplurals(catalogue)
    problems = []
    for entry in messages(catalogue):
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.label()}: fuzzy")
        expected = range(forms) if entry.plural else range(1)
        if sorted(entry.msgstr) != list(expected):
            problems.append(f"{entry.label()}: msgstr indices {sorted(entry.msgstr)}, want {list(expected)}")
        empty = [i for i in expected if not entry.msgstr.get(i, "").strip()]
        if empty:
            problems.append(f"{entry.label()}: empty msgstr{empty if entry.plural else ''}")
    assert not problems, f"{len(problems)} untranslated or fuzzy entries:\n" + "\n".join(problems)
    assert len(messages(catalogue)) > 10  # the parser really read the catalogue


def test_parser_reads_plural_and_multiline_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Long %(a)s "\n"text"\nmsgstr "Довгий %(a)s текст"\n\n'
        '#, python-format\nmsgid "%(n)s cat"\nmsgid_plural "%(n)s cats"\nmsgstr[0] "%(n)s кіт"\n'
        'msgstr[1] ""\n\n#~ msgid "Old"\n#~ msgstr "Старе"\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert header(entries) == {"Language": "uk"}
    long, cats, old = entries[1:]
    assert long.msgid == "Long %(a)s text" and long.flags == {"fuzzy", "python-format"}
    assert cats.plural and cats.msgstr == {0: "%(n)s кіт", 1: ""}
    assert old.obsolete and messages(entries) == [long, cats]


# (b) placeholders survive translation


def test_every_placeholder_of_the_msgid_is_kept_in_the_msgstr(catalogue):
    problems = [problem for entry in messages(catalogue) for problem in placeholder_problems(entry)]
    assert not problems, f"{len(problems)} placeholder problems:\n" + "\n".join(problems)


def test_placeholder_check_catches_lost_and_invented_names():
    lost = Entry(line=1, msgid="Hello %(name)s", msgstr={0: "Привіт"}, flags={"python-format"})
    invented = Entry(line=2, msgid="Hello", msgstr={0: "Привіт, %(who)s"}, flags={"python-format"})
    one = Entry(
        line=3,
        msgid="One item",
        msgid_plural="%(n)s items",
        msgstr={0: "Один елемент", 1: "%(n)s елементи", 2: "%(n)s елементів", 3: "%(n)s елемента"},
        flags={"python-format"},
    )
    assert placeholder_problems(lost) and placeholder_problems(invented)
    assert [p for p in placeholder_problems(one) if "msgstr[0]" in p]  # 21 would read "Один елемент"
    kept = Entry(line=4, msgid="%(n)d%% of %(t)s", msgstr={0: "%(n)d%% із %(t)s"}, flags={"python-format"})
    positional = Entry(line=5, msgid="%s of %d", msgstr={0: "%s із %d"}, flags={"python-format"})
    swapped = Entry(line=6, msgid="%s of %d", msgstr={0: "%d із %s"}, flags={"python-format"})
    assert placeholder_problems(kept) == [] and placeholder_problems(positional) == []
    assert placeholder_problems(swapped)


# (c) the committed .mo is the compiled .po


def _catalogue_of(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_committed_mo_matches_the_po(tmp_path, po_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed, so the .po cannot be compiled to compare")
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `scripts/messages` and commit it"
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(fresh), str(po_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"msgfmt --check failed:\n{result.stderr}"
    compiled, committed = _catalogue_of(fresh), _catalogue_of(mo_path)
    stale = sorted(
        repr(key) for key in compiled.keys() | committed.keys() if compiled.get(key) != committed.get(key)
    )
    assert not stale, (
        f"{mo_path} is out of date with its django.po; run `scripts/messages`. "
        "Differing entries:\n" + "\n".join(stale[:50])
    )


# (d) the pages use it


def test_home_page_speaks_ukrainian_by_default(client, hromada):
    page = client.get("/").content.decode()
    assert '<html lang="uk">' in page
    for text in (
        "Увійти",
        "Зареєструватися",
        "Перейти до основного вмісту",
        "Послуги",
        "Новини та оголошення",
    ):
        assert text in page, text
    assert "0 комунальних закладів на мапі." in page
    for english in (">Log in<", ">Register<", "Skip to main content", "News and announcements"):
        assert english not in page, english


def test_home_page_speaks_english_under_en(client, hromada):
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    for text in ("Log in", "Register", "Skip to main content", "Services", "News and announcements"):
        assert text in page, text
    for ukrainian in ("Увійти", "Зареєструватися", "Перейти до основного вмісту"):
        assert ukrainian not in page, ukrainian


def test_ukrainian_plural_forms_follow_the_number():
    with translation.override("uk"):
        found = {
            n: translation.ngettext("%(n)s institution found", "%(n)s institutions found", n) % {"n": n}
            for n in (1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111)
        }
    assert found == {
        1: "Знайдено 1 заклад",
        2: "Знайдено 2 заклади",
        5: "Знайдено 5 закладів",
        11: "Знайдено 11 закладів",
        12: "Знайдено 12 закладів",
        14: "Знайдено 14 закладів",
        21: "Знайдено 21 заклад",
        22: "Знайдено 22 заклади",
        25: "Знайдено 25 закладів",
        101: "Знайдено 101 заклад",
        111: "Знайдено 111 закладів",
    }
