from django.http import HttpRequest, HttpResponse


def posture(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
