"""The deployment files (deploy/) and how scripts/cluster-check turns the nginx site into its test proxy."""

import configparser
import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "hromada.conf"


def cluster_check():
    loader = importlib.machinery.SourceFileLoader("cluster_check", str(ROOT / "scripts" / "cluster-check"))
    spec = importlib.util.spec_from_loader("cluster_check", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def rendered(tmp_path: Path) -> str:
    return cluster_check().render_site(
        SITE.read_text(),
        https_port=18443,
        http_port=18080,
        nodes=[18001, 18002],
        cert=tmp_path / "cert.pem",
        key=tmp_path / "key.pem",
        logs=tmp_path,
    )


def test_the_harness_changes_only_addresses_certificates_and_logs_of_the_site(tmp_path):
    site = rendered(tmp_path)

    assert "server 127.0.0.1:18001 max_fails" in site
    assert "server 127.0.0.1:18002 max_fails" in site
    assert "listen 127.0.0.1:18443 ssl http2;" in site
    assert f"ssl_certificate {tmp_path / 'cert.pem'};" in site
    # Everything the proxy promises the app stays as the operator gets it.
    for directive in (
        "proxy_set_header X-Forwarded-For $remote_addr;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Request-ID $request_id;",
        "proxy_next_upstream error timeout http_502 http_503;",
        "client_max_body_size 101m;",
        "location = /metrics { return 404; }",
    ):
        assert site.count(directive) == SITE.read_text().count(directive) > 0, directive


def test_a_changed_site_file_stops_the_harness_instead_of_testing_something_else(tmp_path):
    module = cluster_check()
    changed = SITE.read_text().replace("listen 443 ssl http2;", "listen 443 ssl;")

    with pytest.raises(SystemExit, match="listen 443 ssl http2"):
        module.render_site(
            changed, https_port=1, http_port=2, nodes=[3, 4], cert=tmp_path, key=tmp_path, logs=tmp_path
        )


def test_the_site_body_limit_covers_the_largest_body_the_app_accepts():
    from hromada.core.bodylimit import max_body_bytes

    limit = int(re.search(r"client_max_body_size (\d+)m;", SITE.read_text()).group(1)) * 1024 * 1024
    largest = max_body_bytes("/budget/some-cycle/submit/")  # ten photos

    assert largest > settings.HROMADA_REQUEST_MAX_BYTES
    assert limit >= largest


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_nginx_accepts_the_site_as_the_harness_renders_it(tmp_path):
    module = cluster_check()
    module.make_certificate(tmp_path)
    prefix = tmp_path / "nginx"
    for sub in ("logs", "temp"):
        (prefix / sub).mkdir(parents=True)
    site = prefix / "site.conf"
    site.write_text(rendered(tmp_path))
    conf = prefix / "nginx.conf"
    conf.write_text(module.nginx_main_config(prefix, site))

    result = subprocess.run(
        [module.find_nginx(), "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr


def test_the_systemd_units_run_commands_that_exist():
    commands = get_commands()
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {u.name for u in units} >= {
        "hromada-web@.service",
        "hromada-worker@.service",
        "hromada-housekeeping.service",
    }
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string(unit.read_text())
        command = parser["Service"]["ExecStart"].split()
        assert command[0] == "/opt/hromada/.venv/bin/hromada", unit.name
        assert command[1] in commands, f"{unit.name}: no `hromada {command[1]}`"
        environment = re.findall(r"^EnvironmentFile=(.+)$", unit.read_text(), flags=re.M)
        assert "/etc/hromada/hromada.env" in environment, unit.name
        for path in environment:
            assert (DEPLOY / Path(path).name).is_file(), f"{unit.name}: no template deploy/{Path(path).name}"
        timer = DEPLOY / "systemd" / unit.name.replace(".service", ".timer")
        if timer.exists():
            schedule = configparser.ConfigParser()
            schedule.read_string(timer.read_text())
            assert schedule["Timer"]["OnCalendar"], timer.name
    assert {"hromada-housekeeping.timer", "hromada-backup.timer", "hromada-restore-test.timer"} <= {
        path.name for path in (DEPLOY / "systemd").glob("*.timer")
    }


def test_the_environment_template_names_only_settings_the_code_reads():
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "hromada.env").read_text(), flags=re.M)
    source = (ROOT / "hromada" / "settings.py").read_text()

    assert "HROMADA_NUM_PROXIES" in names
    unread = [name for name in names if f'"{name}"' not in source]
    assert unread == []


def test_the_units_do_not_restart_a_process_that_refused_its_secrets():
    from hromada.core.startup import EXIT_CONFIG

    for name in ("hromada-web@.service", "hromada-worker@.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string((DEPLOY / "systemd" / name).read_text())
        assert parser["Service"]["RestartPreventExitStatus"] == str(EXIT_CONFIG), name


def test_the_harness_starts_a_node_and_a_worker_exactly_as_their_units_do(tmp_path):
    module = cluster_check()

    node, node_env = module.unit_command("hromada-web@.service", "18001", tmp=tmp_path)
    worker, worker_env = module.unit_command("hromada-worker@.service", "1", tmp=tmp_path)

    assert node == [str(ROOT / ".venv/bin/hromada"), "serve", "--host", "127.0.0.1", "--port", "18001",
                    "--workers", "2", "--threads", "4"]  # fmt: skip
    assert node_env == {"HROMADA_DB_STATEMENT_TIMEOUT_MS": "10000"}
    assert worker == [str(ROOT / ".venv/bin/hromada"), "worker"]
    assert worker_env == {}


def test_the_harness_environment_is_the_template_filled_in_with_server_paths_moved(tmp_path):
    module = cluster_check()
    filled = {
        "HROMADA_SECRET_KEY": "s" * 50,
        "HROMADA_IDENTITY_PEPPER": "p" * 50,
        "DATABASE_URL": "postgres://run@127.0.0.1:5999/run",
        "HROMADA_ALLOWED_HOSTS": "localhost",
    }

    env = module.environment_from_template(tmp=tmp_path, filled=filled)
    template = module.environment_file((DEPLOY / "hromada.env").read_text())

    assert env["HROMADA_LEDGER_KEY_DIR"] == f"{tmp_path}/var/lib/hromada/ledger-keys"
    assert env["HROMADA_DB_POOL_MAX"] == template["HROMADA_DB_POOL_MAX"]
    assert env["HROMADA_NUM_PROXIES"] == "1"
    assert set(env) == set(template)
    with pytest.raises(SystemExit, match="HROMADA_SECRET_KEY"):
        module.environment_from_template(tmp=tmp_path, filled={**filled, "HROMADA_SECRET_KEY": "change-me"})
    with pytest.raises(SystemExit, match="no longer sets"):
        module.environment_from_template(tmp=tmp_path, filled={**filled, "HROMADA_NOT_A_SETTING": "x"})


def test_the_release_block_of_the_deployment_guide_runs_its_commands_through_the_stand_in(tmp_path):
    module = cluster_check()
    block = module.release_block(module.DEPLOYMENT_DOC.read_text())
    fake = tmp_path / ".venv" / "bin" / "hromada"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\necho "hromada $*" >> "$CALLS"\n')
    fake.chmod(0o755)
    calls = tmp_path / "calls"
    script = module.SYSTEMD_RUN_STAND_IN + "set -euo pipefail\n" + block

    result = subprocess.run(
        ["bash", "-c", script], env={"PATH": "/usr/bin:/bin", "CLUSTER_CHECK_ROOT": str(tmp_path),
                                     "CALLS": str(calls)},
        capture_output=True, text=True,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == [
        "hromada migrate --noinput",
        "hromada secrets check",
        "hromada collectstatic --noinput",
        "hromada check --deploy --fail-level WARNING",
    ]


def test_the_stand_in_refuses_a_block_that_drops_the_services_environment_file(tmp_path):
    module = cluster_check()
    block = module.release_block(module.DEPLOYMENT_DOC.read_text()).replace(
        "-p EnvironmentFile=/etc/hromada/hromada.env ", ""
    )
    script = module.SYSTEMD_RUN_STAND_IN + "set -euo pipefail\n" + block

    result = subprocess.run(
        ["bash", "-c", script], env={"PATH": "/usr/bin:/bin", "CLUSTER_CHECK_ROOT": str(tmp_path)},
        capture_output=True, text=True,
    )  # fmt: skip

    assert result.returncode != 0
    assert "EnvironmentFile=/etc/hromada/hromada.env" in result.stderr
