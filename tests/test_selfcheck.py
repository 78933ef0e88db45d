from kislearn import selfcheck
from kislearn.settings import Settings, settings_from


def test_sandbox_settings_all_ready(sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path))
    settings = settings_from({"KIS_SANDBOX_URL": sandbox.url})
    checks = selfcheck.run_checks(settings)
    assert all(c.status in (selfcheck.OK, selfcheck.INFO) for c in checks), checks
    assert any(c.item == "접근토큰" for c in checks)
    no_file = next(c for c in checks if c.item == "설정 파일(.env)")
    assert no_file.status == selfcheck.INFO  # no .env is worth knowing, not "✅ 준비됨 … 없습니다"


def test_bad_settings_are_reported_not_raised(monkeypatch, tmp_path):
    env = tmp_path / ".env"
    env.write_text("KIS_MODE=paper\nKIS_APP_KEY=short\n", encoding="utf-8")
    monkeypatch.setenv("KISLEARN_ENV_FILE", str(env))
    for name in ("KIS_MODE", "KIS_APP_KEY", "KIS_APP_SECRET", "KIS_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    checks = selfcheck.run_checks()
    assert checks[-1].status == selfcheck.FAIL and "KIS_APP_SECRET" in checks[-1].detail


def test_unreachable_server_is_a_failed_line(tmp_path, monkeypatch):
    from scripted_server import closed_port

    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path))
    settings = settings_from({"KIS_SANDBOX_URL": f"http://127.0.0.1:{closed_port()}"})
    last = selfcheck.run_checks(settings)[-1]
    assert last.status == selfcheck.FAIL and "connection refused" in last.detail


def test_real_mode_warns_and_hides_keys():
    settings = Settings(mode="real", app_key="PS" + "x" * 34, app_secret="s" * 180)
    checks = selfcheck.run_checks(settings, connect=False)
    assert any(c.status == selfcheck.WARN for c in checks)
    assert "x" * 34 not in str(checks) and "s" * 180 not in str(checks)


def test_table(sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path))
    html = selfcheck.self_check(settings_from({"KIS_SANDBOX_URL": sandbox.url})).to_html()
    assert "항목" in html and "준비됨" in html
