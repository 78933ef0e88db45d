import pytest

from kislearn import SettingsError, load_settings
from kislearn.settings import NAMES, SETTINGS_FILE_VARIABLE

KEY = "K" * 36
SECRET = "S" * 180


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No KIS_* variable from the machine, and a working folder with no .env above it."""
    for name in (*NAMES, SETTINGS_FILE_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def write_env(tmp_path, text):
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_env_file_means_sandbox():
    settings = load_settings()
    assert settings.mode == "sandbox" and settings.env_file is None and settings.mock


def test_found_from_a_subfolder(tmp_path, monkeypatch):
    write_env(tmp_path, f"KIS_MODE=paper\nKIS_APP_KEY={KEY}\nKIS_APP_SECRET={SECRET}\nKIS_ACCOUNT=12345678-01\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    settings = load_settings()
    assert settings.mode == "paper" and settings.account.cano == "12345678" and settings.mock


def test_real_mode_is_not_mock(tmp_path):
    path = write_env(tmp_path, f"KIS_MODE=real\nKIS_APP_KEY={KEY}\nKIS_APP_SECRET={SECRET}\nKIS_ACCOUNT=12345678-01\n")
    assert load_settings(path).mock is False


def test_example_file_loads_as_sandbox():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / ".env.example"
    assert load_settings(example).mode == "sandbox"


def test_half_filled_env_names_what_is_missing(tmp_path):
    path = write_env(tmp_path, f"KIS_MODE=paper\nKIS_APP_KEY={KEY}\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "KIS_APP_SECRET" in str(caught.value) and "KIS_ACCOUNT" in str(caught.value)
    assert "KIS_APP_KEY," not in str(caught.value)


def test_keys_without_a_mode_ask_which_server(tmp_path):
    path = write_env(tmp_path, f"KIS_APP_KEY={KEY}\nKIS_APP_SECRET={SECRET}\n")
    with pytest.raises(SettingsError, match="KIS_MODE=paper"):
        load_settings(path)


def test_unknown_mode(tmp_path):
    with pytest.raises(SettingsError, match="sandbox, paper, real"):
        load_settings(write_env(tmp_path, "KIS_MODE=mock\n"))


def test_bad_account_in_env(tmp_path):
    with pytest.raises(SettingsError, match="KIS_ACCOUNT.*하이픈"):
        load_settings(write_env(tmp_path, "KIS_ACCOUNT=1234567801\n"))


def test_truncated_key(tmp_path):
    path = write_env(
        tmp_path, f"KIS_MODE=paper\nKIS_APP_KEY={KEY[:30]}\nKIS_APP_SECRET={SECRET}\nKIS_ACCOUNT=12345678-01\n"
    )
    with pytest.raises(SettingsError, match="36자여야 하는데 30자"):
        load_settings(path)


def test_named_file_that_does_not_exist(tmp_path):
    with pytest.raises(SettingsError, match=".env.example"):
        load_settings(tmp_path / "nope.env")


def test_environment_wins_over_file(tmp_path, monkeypatch):
    path = write_env(tmp_path, "KIS_MODE=paper\n")
    monkeypatch.setenv("KIS_MODE", "sandbox")
    assert load_settings(path).mode == "sandbox"


def test_repr_hides_keys(tmp_path):
    path = write_env(tmp_path, f"KIS_MODE=paper\nKIS_APP_KEY={KEY}\nKIS_APP_SECRET={SECRET}\nKIS_ACCOUNT=12345678-01\n")
    text = repr(load_settings(path))
    assert KEY not in text and SECRET not in text and "12345678" not in text


def test_env_file_can_be_switched_off(tmp_path, monkeypatch):
    write_env(tmp_path, "KIS_MODE=paper\n")
    monkeypatch.setenv("KISLEARN_ENV_FILE", "none")
    settings = load_settings()
    assert settings.mode == "sandbox" and settings.env_file is None


def test_env_file_can_be_named(tmp_path, monkeypatch):
    other = tmp_path / "classroom.env"
    other.write_text("KIS_SANDBOX_URL=http://10.0.0.5:8434/\n", encoding="utf-8")
    monkeypatch.setenv("KISLEARN_ENV_FILE", str(other))
    assert load_settings().sandbox_url == "http://10.0.0.5:8434"
