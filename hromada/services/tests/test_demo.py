import pytest

from hromada.services.catalogue import SEED_COUNT
from hromada.services.demo import seed_services
from hromada.services.models import Application, Definition, Service


def test_demo_has_the_catalogue_twelve_online_services_and_applications(demo_loaded, db):
    seeds = seed_services()
    svitlohirsk = Service.objects.filter(hromada__slug="svitlohirsk")
    assert svitlohirsk.count() == len(seeds)
    if len(seeds) != SEED_COUNT:
        pytest.skip("shared/data/cnap-services is absent: only the twelve online services were loaded")
    assert Definition.objects.filter(hromada__slug="svitlohirsk").values("service").distinct().count() == 12
    statuses = set(Application.objects.filter(hromada__slug="svitlohirsk").values_list("status", flat=True))
    assert {"draft", "submitted", "in_progress", "correction", "approved", "issued", "refused"} <= statuses
    desk = Application.objects.filter(hromada__slug="svitlohirsk", channel="desk")
    assert desk.exists() and not desk.filter(office__isnull=True).exists()  # the statistics per office
    assert not Application.objects.filter(channel="online", office__isnull=False).exists()
    mine = Application.objects.filter(applicant__email="resident@svitlohirsk.example")
    assert mine.filter(status="issued").exists() and mine.filter(status="correction").exists()
    assert Service.objects.filter(hromada__slug="verbivka").count() == SEED_COUNT
    # The green plantings' location asks the district (issue 13): the demo's answers carry one.
    answers = Application.objects.filter(hromada__slug="svitlohirsk").values_list("data", flat=True)
    assert any(data.get("location-district") for data in answers)


@pytest.mark.django_db
def test_the_import_command_adds_the_seed_catalogue_once(hromada, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    table = (
        "| # | Послуга | ID | Суб'єкт | Підстава | Строк | Плата | Дж. |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 38 | Присвоєння адреси об'єкту нерухомого майна | 00153 | ОМС, РДА, ЦНАП | Закон 3038-VI ст.26-3 "
        "| 5 р.д. | безоплатно | R32 |\n"
    )
    path = tmp_path / "README.md"
    path.write_text(table, encoding="utf-8")
    out = StringIO()
    call_command("services_import", hromada.slug, str(path), stdout=out)
    assert "1 of 1" in out.getvalue()
    call_command("services_import", hromada.slug, str(path), stdout=out)
    assert Service.objects.filter(hromada=hromada).count() == 1
    assert Service.objects.get().rap_id == "00153"
    (tmp_path / "empty.md").write_text("nothing", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("services_import", hromada.slug, str(tmp_path / "empty.md"))
