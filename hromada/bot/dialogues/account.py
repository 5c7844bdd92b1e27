"""What needs the resident's account: the status of their applications (``services``) and answering a
correction request with a document or corrected answers, linking the chat.

An application returned for correction shows the official's comment, "📎 Send a document" and "✏️ Correct
the answers". A document: the resident sends a file (a PDF scan …) or a photo for one of the service's
file fields, and the services module's own action, ``application_correct``, sends the application back
with it (the answers given before are kept, as the web form keeps them). Answers: the form's visible
fields (not files) with their answers → one field → a new answer (typed; a choice or yes/no with buttons)
→ back to the list, where more can be changed → "Send" → ``application_correct`` with the answers given
before and the new ones, as the web form sends them. The action's refusals (a file of the wrong type or
too large, an answer that does not fit its field, not waiting for corrections) are its own words, and the
step is kept."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError
from hromada.services.actions import application_correct
from hromada.services.definitions import file_fields, is_visible, label
from hromada.services.lifecycle import CORRECTION
from hromada.services.selectors import application_of_applicant, applications_of

from ..adapters import CALLBACK, DOCUMENT, PHOTO, TEXT, Button
from .engine import BUTTONS, Conversation, register_menu, show_menu, step


def _title(service: object, language: str) -> str:
    return (getattr(service, "title_en", "") if language == "en" else "") or str(
        getattr(service, "title", "")
    )


def my_applications(conv: Conversation) -> None:
    if conv.person is None:
        conv.needs_account(_("Following your applications"))
        return
    rows = list(applications_of(hromada=conv.hromada, person=conv.person).select_related("service")[:10])
    if not rows:
        conv.say(_("You have no applications yet."))
    else:
        lines = []
        buttons = []
        for a in rows:
            lines.append(
                f"{a.number or '—'} · {_title(a.service, conv.chat.language)} · {a.get_status_display()}"
            )
            if a.status == CORRECTION:
                lines.append(_("To correct: %(comment)s") % {"comment": a.correction_comment})
                number = a.number or str(a.pk)
                if _answer_fields(a, a.data):
                    buttons.append(
                        [
                            Button(
                                _("✏️ Correct the answers of %(number)s") % {"number": number},
                                data=f"ap:e:{a.pk}",
                            )
                        ]
                    )
                if file_fields(a.definition.spec):
                    buttons.append(
                        [
                            Button(
                                _("📎 Send a document for %(number)s") % {"number": number},
                                data=f"ap:c:{a.pk}",
                            )
                        ]
                    )
        buttons.append([Button(_("Open my applications"), url=conv.url("/services/mine/"))])
        conv.say("\n".join(lines), buttons=buttons)
    show_menu(conv)


def _path(name: str, *args: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def _returned(conv: Conversation) -> Any:
    """The chat's application under correction (None when it is not the person's or no longer exists)."""
    return application_of_applicant(
        hromada=conv.hromada, pk=int(conv.chat.data.get("application", 0)), person=conv.person
    )


def _fields(application: Any) -> dict[str, Any]:
    return {f["name"]: f for f in file_fields(application.definition.spec)}


def on_correct_button(conv: Conversation) -> None:
    """``ap:c:<id>``: answer the correction request of application ``id`` with a document (any step: the
    button names its application, and the action checks whose it is and that it waits for corrections)."""
    if conv.person is None:
        conv.needs_account(_("Following your applications"))
        return
    _prefix, what, value = [*conv.incoming.data.split(":"), "", ""][:3]
    conv.reset()
    conv.go("apps.edit" if what == "e" else "apps.field", application=int(value) if value.isdigit() else 0)
    application = _returned(conv)
    if application is None:
        conv.reset()
        conv.ack = _("This button is no longer active.")
        conv.say(_("This button is no longer active."))
        return
    if what == "e":
        ask_edit(conv)
        return
    fields = list(_fields(application))
    if len(fields) == 1:
        conv.go("apps.document", field=fields[0])
        ask_document(conv)
    else:
        ask_field(conv)


def ask_field(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    conv.say(
        _("Which document do you send?"),
        buttons=[
            [Button(label(f.get("label"), conv.chat.language)[:60], data=f"af:{name}")]
            for name, f in _fields(application).items()
        ],
    )


@step("apps.field", prefix="af", prompt=ask_field)
def on_field(conv: Conversation) -> None:
    application = _returned(conv)
    name = conv.incoming.data.partition(":")[2] if conv.incoming.kind == CALLBACK else ""
    if application is None or name not in _fields(application):
        conv.hint(_("Choose with the buttons."))
        return
    conv.go("apps.document", field=name)
    ask_document(conv)


def ask_document(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    field = _fields(application).get(conv.chat.data.get("field", ""), {})
    conv.say(
        _(
            "Application %(number)s is returned for correction: %(comment)s\n\nSend “%(document)s” as a "
            "file (PDF) or a photo, at most %(megabytes)s MB. /cancel stops."
        )
        % {
            "number": application.number or application.pk,
            "comment": application.correction_comment,
            "document": label(field.get("label"), conv.chat.language),
            "megabytes": int(field.get("max_mb", 5)),
        }
    )


@step("apps.document", prefix="ad", prompt=ask_document)
def on_document(conv: Conversation) -> None:
    incoming = conv.incoming
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    if incoming.kind not in (DOCUMENT, PHOTO):
        conv.hint(_("Send the document as a file or a photo."))
        return
    name = conv.chat.data.get("field", "")
    field = _fields(application).get(name)
    if field is None:
        conv.go("apps.field")
        ask_field(conv)
        return
    limit = int(field.get("max_mb", 5)) * 1024 * 1024
    if incoming.file_size is not None and incoming.file_size > limit:
        conv.hint(
            _("This file is too large: at most %(megabytes)s MB.") % {"megabytes": limit // (1024 * 1024)}
        )
        return
    content = conv.fetch_file(incoming.file_id, limit)
    filename = incoming.file_name or ("telegram.jpg" if incoming.kind == PHOTO else name)
    upload = SimpleUploadedFile(filename, content, content_type=incoming.mime or "image/jpeg")
    try:
        corrected = application_correct(
            application=application, applicant=conv.person, data=application.data, files={name: upload}
        )
    except ApplicationError as error:
        problems = [m for messages in (error.fields or {}).values() for m in messages]
        conv.hint(" ".join([str(error.message), *map(str, problems)]))
        return
    conv.ack = _("Sent.")
    conv.say(
        _("The corrected application %(number)s is sent back. I will write when its status changes.")
        % {"number": corrected.number or corrected.pk},
        buttons=[
            [Button(_("Open the application"), url=conv.url(_path("services:application", corrected.pk)))]
        ],
    )
    conv.reset()


# ------------------------------------------------------------------------------- correcting the answers

NOT_TYPED = ("file",)  # files are sent as documents (above)


def _answer_fields(application: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The form's fields an answer can be corrected in, visible with these values, by name."""
    fields: dict[str, Any] = {}
    for field in application.definition.spec.get("fields", []):
        if field.get("type") not in NOT_TYPED and is_visible(field, values):
            fields[field["name"]] = field
    return fields


def _answers(conv: Conversation, application: Any) -> dict[str, Any]:
    """The answers as they will be sent: those given before, with the chat's corrections."""
    return {**(application.data or {}), **conv.chat.data.get("answers", {})}


def _shown(field: Any, value: Any, language: str) -> str:
    if field.get("type") == "checkbox":
        return _("yes") if value in (True, "1", "true", "on", "yes") else _("no")
    if field.get("type") == "choice":
        for choice in field.get("choices", []):
            if choice.get("value") == value:
                return label(choice.get("label"), language) or str(value)
    return str(value or "—")


def ask_edit(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    language = conv.chat.language
    values = _answers(conv, application)
    changed = conv.chat.data.get("answers", {})
    fields = _answer_fields(application, values)
    lines = [
        _("Application %(number)s is returned for correction: %(comment)s")
        % {"number": application.number or application.pk, "comment": application.correction_comment},
        "",
    ]
    for name, field in fields.items():
        mark = "✏️ " if name in changed else ""
        lines.append(
            f"{mark}{label(field.get('label'), language)}: {_shown(field, values.get(name), language)}"
        )
    lines += ["", _("Choose an answer to change.")]
    buttons = [
        [Button(label(f.get("label"), language)[:60], data=f"ae:f:{name}")] for name, f in fields.items()
    ]
    if changed:
        buttons.append([Button(_("✅ Send the corrected application"), data="ae:s")])
    conv.say("\n".join(lines), buttons=buttons[:30])


@step("apps.edit", prefix="ae", prompt=ask_edit)
def on_edit(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    _prefix, what, name = (
        [*conv.incoming.data.split(":", 2), "", ""][:3] if conv.incoming.kind == CALLBACK else ("", "", "")
    )
    if what == "s":
        send_answers(conv, application)
    elif what == "f" and name in _answer_fields(application, _answers(conv, application)):
        conv.go("apps.answer", field=name)
        ask_answer(conv)
    else:
        conv.hint(_("Choose with the buttons."))


def ask_answer(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    field = _answer_fields(application, _answers(conv, application)).get(conv.chat.data.get("field", ""))
    if field is None:  # hidden by another answer meanwhile
        conv.go("apps.edit")
        ask_edit(conv)
        return
    language = conv.chat.language
    about = {
        "field": label(field.get("label"), language),
        "value": _shown(field, _answers(conv, application).get(field["name"]), language),
    }
    back = [Button(_("◀ Back to the answers"), data="aa:b")]
    if field.get("type") == "choice":
        rows = [
            [
                Button(
                    label(c.get("label"), language)[:60] or str(c.get("value")), data=f"aa:v:{c.get('value')}"
                )
            ]
            for c in field.get("choices", [])
        ][:20]
        conv.say(_("“%(field)s”, now: %(value)s. Choose the new answer.") % about, buttons=[*rows, back])
    elif field.get("type") == "checkbox":
        rows = [[Button(_("yes"), data="aa:v:1"), Button(_("no"), data="aa:v:0")]]
        conv.say(_("“%(field)s”, now: %(value)s. Choose the new answer.") % about, buttons=[*rows, back])
    else:
        conv.say(_("“%(field)s”, now: %(value)s. Send the new answer as a message.") % about, buttons=[back])


@step("apps.answer", prefix="aa", prompt=ask_answer)
def on_answer(conv: Conversation) -> None:
    application = _returned(conv)
    if application is None:
        show_menu(conv)
        return
    name = conv.chat.data.get("field", "")
    field = _answer_fields(application, _answers(conv, application)).get(name)
    incoming = conv.incoming
    if field is None or (incoming.kind == CALLBACK and incoming.data == "aa:b"):
        conv.go("apps.edit")
        ask_edit(conv)
        return
    buttons = field.get("type") in ("choice", "checkbox")
    if buttons and incoming.kind == CALLBACK and incoming.data.startswith("aa:v:"):
        value: Any = incoming.data[len("aa:v:") :]
    elif not buttons and incoming.kind == TEXT and incoming.text.strip():
        value = incoming.text.strip()
    else:
        conv.hint(_("Choose with the buttons.") if buttons else _("Send the new answer as a message."))
        return
    # Checked when the application is sent (the action's own rules), kept in the chat until then.
    conv.go("apps.edit", answers={**conv.chat.data.get("answers", {}), name: value})
    ask_edit(conv)


def send_answers(conv: Conversation, application: Any) -> None:
    try:
        corrected = application_correct(
            application=application, applicant=conv.person, data=_answers(conv, application), files={}
        )
    except ApplicationError as error:
        problems = [m for messages in (error.fields or {}).values() for m in messages]
        conv.ack = str(error.message)[:200]
        conv.hint(" ".join([str(error.message), *map(str, problems)]))
        return
    conv.ack = _("Sent.")
    conv.say(
        _("The corrected application %(number)s is sent back. I will write when its status changes.")
        % {"number": corrected.number or corrected.pk},
        buttons=[
            [Button(_("Open the application"), url=conv.url(_path("services:application", corrected.pk)))]
        ],
    )
    conv.reset()


def link(conv: Conversation) -> None:
    if conv.person is not None:
        conv.say(_("This chat is linked to your account. Send /unlink to unlink it."))
        return
    conv.say(
        _(
            "Open your personal cabinet on the website and press “Link Telegram”: the link "
            "brings you back here."
        ),
        buttons=[[Button(_("Link my account"), url=conv.url("/bot/link/"))]],
    )


BUTTONS["ap"] = on_correct_button
register_menu("apps", lambda: _("📄 My applications"), my_applications)
register_menu("link", lambda: _("🔗 Link my account"), link)
