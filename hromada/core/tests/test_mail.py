import io

from django.core.mail import EmailMessage

from hromada.core.mail import OneLineConsoleBackend


def test_console_backend_writes_one_line_per_message():
    stream = io.StringIO()
    backend = OneLineConsoleBackend(stream=stream)
    messages = [
        EmailMessage("Вашу петицію опубліковано", "текст " * 500, to=["a@example.org"]),
        EmailMessage("Second", "body", to=["b@example.org", "c@example.org"]),
    ]

    sent = backend.send_messages(messages)

    assert sent == 2
    assert stream.getvalue().splitlines() == [
        "e-mail to a@example.org: Вашу петицію опубліковано",
        "e-mail to b@example.org, c@example.org: Second",
    ]
