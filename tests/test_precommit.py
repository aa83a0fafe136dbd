"""The pre-commit hook (.pre-commit-hooks.yaml): well-formed, aimed at case files, and working in a real repository."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CASE = ROOT / "cases" / "RUN-572-2020.yaml"
HAS_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
NO_PRE_COMMIT = "the pre-commit package is not installed (pip install pre-commit)"


def hook() -> dict[str, object]:
    [only] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return only


def test_hook_runs_tjs_validate_strict_on_case_files() -> None:
    tjs = hook()
    assert (tjs["id"], tjs["entry"], tjs["language"]) == ("tjs-validate", "tjs validate --strict", "python")


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("RUN-572-2020.yaml", True),
        ("ärenden/2024/KS-2024-13.yml", True),
        ("tjs.yaml", False),
        ("nämnd/tjs.yaml", False),
        (".pre-commit-config.yaml", False),
        ("README.md", False),
        ("mallar/tjs.yaml.bak", False),
    ],
)
def test_hook_checks_case_files_only(path: str, checked: bool) -> None:
    # pre-commit applies both patterns with re.search to the path relative to the repository root.
    tjs = hook()
    selected = re.search(str(tjs["files"]), path) is not None and re.search(str(tjs["exclude"]), path) is None
    assert selected is checked


@pytest.mark.skipif(not HAS_PRE_COMMIT, reason=NO_PRE_COMMIT)
def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    [loaded] = load_manifest(HOOKS)
    assert loaded["id"] == "tjs-validate" and loaded["pass_filenames"] is True


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def readme_config() -> str:
    """The `.pre-commit-config.yaml` that README's "Publishing safely" section tells a case repository to use."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publishing safely") :]
    section = section[: section.index("\n## ")]
    [config] = [block for block in re.findall(r"```yaml\n(.*?)```", section, re.S) if "repos:" in block]
    return config


def test_readme_config_uses_the_hook() -> None:
    [repo] = yaml.safe_load(readme_config())["repos"]
    assert set(repo) == {"repo", "rev", "hooks"} and repo["hooks"] == [{"id": "tjs-validate"}]


def snapshot(target: Path) -> str:
    """This project's working tree (committed or not) as a git repository of its own; its commit."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git(target, "init", "-q")
    git(target, "add", ".")
    git(target, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "snapshot")
    return subprocess.run(
        ["git", "-C", str(target), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


def run_pre_commit(repo: Path, home: Path, *, offline: bool) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` in `repo`, installing the hook's environment into `home`. Offline, uv
    installs from its cache alone: ~2 s less than asking the index whether each cached package is still
    current; where the cache lacks one (a fresh machine) the install fails (pre-commit exits 3) and the caller
    runs again online."""
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    if offline:
        environment["UV_OFFLINE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        check=False,
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow  # installs tjs into a fresh environment
@pytest.mark.skipif(not HAS_PRE_COMMIT or shutil.which("git") is None, reason=NO_PRE_COMMIT + ", or git is missing")
def test_hook_in_a_case_repository_fails_on_a_personnummer_and_names_its_place(tmp_path: Path) -> None:
    """README's pre-commit config, pointed at a local copy of this project, in a case repository (one run
    installs tjs into a fresh environment: ~2 s with pre-commit-uv from uv's cache, ~5 s downloading,
    ~15 s with pip): a clean case, a case with a personnummer, the project config and pre-commit's own
    config; only the personnummer fails, with file:line:col."""
    source = tmp_path / "tjs-source"
    rev = snapshot(source)
    repo = tmp_path / "ärenden"
    repo.mkdir()
    clean = CASE.read_text(encoding="utf-8")
    anchor = "Östersunds kommun och Region"
    assert anchor in clean
    dirty = clean.replace(anchor, "Östersunds kommun (19121212-1212) och Region", 1)
    (repo / "RUN-572-2020.yaml").write_text(clean, encoding="utf-8")
    (repo / "RUN-573-2020.yaml").write_text(dirty, encoding="utf-8")
    (repo / "tjs.yaml").write_text("organisation: Region Jämtland Härjedalen\n", encoding="utf-8")
    config = re.sub(r"(?m)^(\s*- repo:).*$", rf"\1 {source}", readme_config())
    config = re.sub(r"(?m)^(\s*rev:).*$", rf"\1 {rev}", config)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    before = dirty[: dirty.index("19121212-1212")]
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "cases")

    result = run_pre_commit(repo, tmp_path / "offline", offline=True)
    if result.returncode == 3:  # pre-commit could not install the hook: uv's cache lacks a package
        result = run_pre_commit(repo, tmp_path / "online", offline=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"RUN-573-2020.yaml:{line}:{column}: warning: looks like a personnummer" in output, output
    assert "1212-1212" not in output  # the number itself is never echoed
    assert "RUN-572-2020.yaml:" not in output and "tjs.yaml:" not in output and "pre-commit-config" not in output
