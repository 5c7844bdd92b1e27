"""The text `hromada demo` prints at the end: where to open the demo and how to log in."""

from __future__ import annotations

from .loader import DemoSummary


def summary_text(summary: DemoSummary) -> str:
    lines = ["", "Demo hromadas"]
    for site in summary.sites:
        also = f"  (also {', '.join(site.other_urls)})" if site.other_urls else ""
        lines.append(f"  {site.name}")
        lines.append(f"    {site.url}{also}")
        lines.append("    " + ", ".join(f"{name}: {count}" for name, count in site.counts.items()))
    lines += [
        "",
        f"Password for every demo login: {summary.password}",
        "",
        "Staff: the password, then a code from an authenticator app set up with the TOTP secret",
        "(or `oathtool --totp -b SECRET`), or one of the single-use backup codes.",
        f"  {'Login':<42} {'TOTP secret (base32)':<34} {'Backup codes':<28} Who",
    ]
    staff = [login for login in summary.logins if login.totp_secret]
    residents = [login for login in summary.logins if not login.totp_secret]
    for login in staff:
        where = f" [{login.hromada}]" if login.hromada else ""
        codes = " ".join(login.backup_codes)
        lines.append(f"  {login.login:<42} {login.totp_secret:<34} {codes:<28} {login.who}{where}")
    lines += ["", "Residents: the password only."]
    lines += [f"  {login.login:<42} {login.who} [{login.hromada}]" for login in residents]
    lines += [f"  {site.residents[0]} … {site.residents[1]}" for site in summary.sites]
    if summary.warnings:
        lines += ["", "Warnings:"] + [f"  {warning}" for warning in summary.warnings]
    changed = f"{summary.created} created, {summary.updated} updated"
    if not (summary.created or summary.updated):
        changed = "nothing to change"
    lines += ["", f"Loaded in {summary.seconds:.1f} s: {changed}.", ""]
    return "\n".join(lines)
