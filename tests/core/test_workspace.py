"""The workspace: ``init``, finding it like git does, overriding database and
settings, and refusing bad settings with the key and line."""

from __future__ import annotations

import tomllib

import pytest

from factcheck.settings import Interval, load_settings


def test_init_writes_commented_defaults_and_the_database(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init")
    config = tmp_path / "factcheck.toml"
    text = config.read_text()
    assert (tmp_path / "factcheck.db").is_file()
    assert "factcheck reviewer add" in result.stderr  # says what to do next
    for line in ('[database]', 'url = "sqlite:///factcheck.db"', "[review]",
                 'interval = "12 months"', 'date_format = "d MMM y"', "[review.topics]",
                 "[review.verdicts]", 'partly-supported = "6 months"',
                 'unverifiable = "3 months"', 'outdated = "0 days"', "[review.sources]",
                 'press-release = "6 months"', "[review.kinds]", 'time-relative = "6 months"',
                 "[verdicts.supported]", 'label = "Supported"', "rating = 5"):  # fmt: skip
        assert line in text, line
    assert sum(ln.lstrip().startswith("#") for ln in text.splitlines()) >= 5
    assert "# depression" in text  # an example, commented out
    parsed = tomllib.loads(text)
    assert parsed["review"]["interval"] == "12 months"
    # the written file is the defaults, read back
    settings = load_settings(config)
    assert settings.interval == Interval.parse("12 months")
    assert settings.kind_intervals["time-relative"] == Interval.parse("6 months")
    assert cli.json("reviewer", "list", "--json") == []


def test_init_into_a_new_folder_and_with_a_database_url(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli("init", "newsroom")
    assert (tmp_path / "newsroom" / "factcheck.toml").is_file()
    assert (tmp_path / "newsroom" / "factcheck.db").is_file()
    cli("init", "other", "--db", "sqlite:///data.db")
    assert 'url = "sqlite:///data.db"' in (tmp_path / "other" / "factcheck.toml").read_text()
    assert (tmp_path / "other" / "data.db").is_file()


def test_init_twice_refuses(cli, workspace, user_error):
    before = (workspace / "factcheck.toml").read_text()
    user_error(cli("init", ok=False), "already")
    assert (workspace / "factcheck.toml").read_text() == before


def test_found_by_walking_up_from_a_subfolder(cli, workspace, monkeypatch):
    deep = workspace / "drafts" / "2018"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    assert not list(deep.glob("*.db")) and not (workspace / "drafts" / "factcheck.db").exists()
    monkeypatch.chdir(workspace)
    assert [r["handle"] for r in cli.json("reviewer", "list", "--json")] == ["drlee"]


def test_outside_a_workspace_says_how_to_make_one(cli, tmp_path, monkeypatch, user_error):
    monkeypatch.chdir(tmp_path)
    result = cli("reviewer", "list", ok=False)
    user_error(result, "factcheck init")
    assert not list(tmp_path.iterdir())  # nothing created


def test_db_option_and_environment_override_the_settings(cli, workspace, monkeypatch):
    cli("reviewer", "add", "inws", "--name", "In Workspace")
    cli("--db", "elsewhere.db", "reviewer", "add", "viaopt", "--name", "Via Option")
    assert (workspace / "elsewhere.db").is_file()
    monkeypatch.setenv("FACTCHECK_DB", f"sqlite:///{workspace / 'env.db'}")
    cli("reviewer", "add", "viaenv", "--name", "Via Env")
    handles = lambda *a: [r["handle"] for r in cli.json(*a, "reviewer", "list", "--json")]  # noqa: E731
    assert handles() == ["viaenv"]
    assert handles("--db", "elsewhere.db") == ["viaopt"]  # --db beats FACTCHECK_DB
    monkeypatch.delenv("FACTCHECK_DB")
    assert handles() == ["inws"]


def test_db_option_works_outside_a_workspace(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli("--db", "plain.db", "reviewer", "add", "drlee", "--name", "Dana Lee")
    assert (tmp_path / "plain.db").is_file()
    assert not (tmp_path / "factcheck.toml").exists()


def _settings_file(folder, body: str):  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "custom.toml"
    path.write_text(body)
    return path


def test_config_option_and_environment(cli, tmp_path, monkeypatch):
    custom = _settings_file(
        tmp_path / "settings",
        '[database]\nurl = "sqlite:///custom.db"\n[review]\nreviewer = "drlee"\n',
    )
    monkeypatch.chdir(tmp_path)
    cli("--config", str(custom), "reviewer", "add", "drlee", "--name", "Dana Lee")
    # relative database paths are relative to the settings file
    assert (tmp_path / "settings" / "custom.db").is_file()
    monkeypatch.setenv("FACTCHECK_CONFIG", str(custom))
    assert cli.json("reviewer", "list", "--json")[0]["handle"] == "drlee"


def test_config_option_pointing_nowhere_is_an_error(cli, workspace, user_error):
    user_error(cli("--config", "missing.toml", "reviewer", "list", ok=False), "missing.toml")


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [
        ('[review]\ninterval = "soon"\n', "review.interval", 2),
        ('# policy\n\n[review.verdicts]\nsupported = "2 fortnights"\n', "supported", 4),
        ("[review]\nmax_article_bytes = -5\n", "max_article_bytes", 2),
        ('[verdicts.supported]\nlabel = "OK"\nrating = "five"\n', "rating", 3),
        ("[review.kinds]\ntime-relative = 6\n", "time-relative", 2),
        # the same key in an earlier table is not the one at fault
        (
            '[verdicts.supported]\nrating = 5\n\n[verdicts.misleading]\nrating = "two"\n',
            "verdicts.misleading.rating",
            5,
        ),
        (
            '[review]\ninterval = "12 months"\n[review.topics]\ninterval = "often"\n',
            "review.topics.interval",
            4,
        ),
    ],
)
def test_bad_setting_names_key_and_line(cli, workspace, user_error, body, key, line):
    (workspace / "factcheck.toml").write_text(body)
    result = cli("reviewer", "list", ok=False)
    user_error(result, key, f"factcheck.toml:{line}")


def test_malformed_toml_is_one_line(cli, workspace, user_error):
    (workspace / "factcheck.toml").write_text("[review\ninterval = \n")
    user_error(cli("reviewer", "list", ok=False), "factcheck.toml")


def test_bad_setting_via_config_option(cli, tmp_path, monkeypatch, user_error):
    custom = _settings_file(tmp_path, '[review]\ninterval = "soon"\n')
    monkeypatch.chdir(tmp_path)
    user_error(cli("--config", str(custom), "due", ok=False), "review.interval", ":2")
