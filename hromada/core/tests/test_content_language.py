"""Content in the page language: the English version when there is one, else Ukrainian marked lang="uk"."""

from types import SimpleNamespace

from django import forms
from django.template import Context, Template
from django.utils import translation

from hromada.core.forms import MarkedSelect


def render(text: str, **context: object) -> str:
    return Template("{% load hromada_tags %}" + text).render(Context(context))


NEWS = SimpleNamespace(title="Новини", title_en="News", body="Текст", body_en="")


def test_an_english_version_is_shown_on_english_pages_only():
    with translation.override("en"):
        assert render('{{ a|marked:"title" }}', a=NEWS) == "News"
    with translation.override("uk"):
        assert render('{{ a|marked:"title" }}', a=NEWS) == "Новини"


def test_ukrainian_shown_on_an_english_page_is_marked():
    with translation.override("en"):
        assert render('{{ a|marked:"body" }}', a=NEWS) == '<span lang="uk">Текст</span>'
        assert render('<div{{ a|lang_attr:"body" }}>', a=NEWS) == '<div lang="uk">'
        assert render('<div{{ a|lang_attr:"title" }}>', a=NEWS) == "<div>"
    with translation.override("uk"):
        assert render('{{ a|marked:"body" }}', a=NEWS) == "Текст"
        assert render('<div{{ a|lang_attr:"body" }}>', a=NEWS) == "<div>"


def test_texts_as_written_are_marked_when_cyrillic_and_escaped():
    with translation.override("en"):
        assert render("{{ t|marked }}", t="Олена <b>") == '<span lang="uk">Олена &lt;b&gt;</span>'
        assert render("{{ t|marked }}", t="Olena") == "Olena"
        assert render("<p{{ t|lang_attr }}>", t="Олена") == '<p lang="uk">'


def test_a_marked_select_marks_ukrainian_options_on_english_pages():
    field = forms.ChoiceField(
        choices=[("1", "Заводський район"), ("2", "Central District")], widget=MarkedSelect
    )

    with translation.override("en"):
        html = field.widget.render("d", "2")
    with translation.override("uk"):
        ukrainian = field.widget.render("d", "2")

    assert '<option value="1" lang="uk">Заводський район</option>' in html
    assert '<option value="2" selected>Central District</option>' in html
    assert 'lang="uk"' not in ukrainian
