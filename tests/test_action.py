"""The composite action in action.yml and the workflow that uses it.

Besides static checks, the action's steps are run the way a runner runs them. Each
`run:` script runs with `bash -eo pipefail` in a git repository made in a temp dir,
against a GitHub REST API stand-in on 127.0.0.1. Its `env:` expressions are evaluated
from the inputs, the event and earlier step outputs. The install step needs the network,
so it is replaced by putting the aicost of the test environment on PATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "cost-review.yml"
TOKEN = "ghs_action-test-token"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")

DESIGN = """\
version: 1
name: Chat assistant
unit: conversation
volume:
  units_per_month: 100000
pricing:
  as_of: 2026-01-01
components:
  - name: answer
    kind: llm
    model: acme/chat
    input_tokens: {input_tokens}
    output_tokens: 100
    price:
      input_per_mtok: 2
      output_per_mtok: 10
"""


def load(path: Path) -> dict[str, Any]:
    # PyYAML reads the key `on` as True; the workflow checks use that key.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# Static checks.


def test_action_is_composite():
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"])


def test_action_inputs():
    inputs = load(ACTION)["inputs"]
    for name in (
        "paths",
        "base-ref",
        "pricing",
        "fail-above-monthly",
        "fail-above-unit",
        "fail-above-increase",
        "comment",
        "comment-key",
        "github-token",
    ):
        assert name in inputs, name
        assert inputs[name]["description"], name
    assert inputs["comment"]["default"] == "update"
    assert inputs["github-token"]["default"] == "${{ github.token }}"
    assert inputs["paths"]["required"] is True


def test_no_expressions_in_scripts():
    for step in load(ACTION)["runs"]["steps"]:
        assert "${{" not in step["run"], step["id"]


def test_env_expressions_are_plain_values():
    """Every expression in `env:` is a property path, never a computed string."""
    for step in load(ACTION)["runs"]["steps"]:
        for name, value in step.get("env", {}).items():
            for expression in EXPRESSION.findall(str(value)):
                assert re.fullmatch(r"[a-z_]+(\.[A-Za-z0-9_-]+)+", expression), name


def test_install_uses_action_path():
    install = next(s for s in load(ACTION)["runs"]["steps"] if s["id"] == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert (
        'pip install --quiet --disable-pip-version-check "$ACTION_PATH"'
        in (install["run"])
    )


def test_workflow_permissions():
    workflow = load(WORKFLOW)
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert list(workflow[True]) == ["pull_request"]


def test_workflow_uses_action_on_examples():
    steps = load(WORKFLOW)["jobs"]["cost-review"]["steps"]
    action = next(step for step in steps if step.get("uses") == "./")
    checkout = next(step for step in steps if "checkout" in step.get("uses", ""))
    assert action["with"]["paths"] == "examples/designs/"
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False


# Running the action.


@dataclass
class Api:
    """GitHub comment endpoints for pull request #7 of acme/designs."""

    url: str = ""
    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)


def _handler(api: Api) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorized(self) -> bool:
            self.api_request = (self.command, self.path)
            api.requests.append(self.api_request)
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._send(401, {"message": "Bad credentials"})
                return False
            return True

        def do_GET(self) -> None:
            if self._authorized():
                self._send(200, api.comments)

        def do_POST(self) -> None:
            if not self._authorized():
                return
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))["body"]
            comment = {
                "id": len(api.comments) + 1,
                "body": body,
                "user": {"login": "github-actions[bot]", "type": "Bot"},
            }
            api.comments.append(comment)
            self._send(201, comment)

    return Handler


@pytest.fixture
def api():
    state = Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A repository with a base commit and a head that adds input tokens."""
    root = tmp_path / "repo"
    (root / "designs").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "config", "user.name", "Dev")
    git(root, "config", "commit.gpgsign", "false")
    (root / "designs" / "chat.yaml").write_text(DESIGN.format(input_tokens=1500))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Base")
    base_sha = git(root, "rev-parse", "HEAD")
    (root / "designs" / "chat.yaml").write_text(DESIGN.format(input_tokens=1800))
    git(root, "commit", "-q", "-am", "Head")
    return root, base_sha


@dataclass
class ActionRun:
    exit_code: int
    failed_step: str | None
    stdout: str
    stderr: str
    outputs: dict[str, dict[str, str]]
    summary: str


def _evaluate(text: str, context: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        current: Any = context
        for part in match.group(1).split("."):
            current = current.get(part, "") if isinstance(current, dict) else ""
        return "" if current is None else str(current)

    return EXPRESSION.sub(value, text)


def run_action(
    inputs: dict[str, str],
    *,
    repo: Path,
    base_sha: str,
    api: Api,
    tmp_path: Path,
    skip: tuple[str, ...] = ("install",),
) -> ActionRun:
    """Run the action's steps in order, as a runner would, until one fails."""
    action = load(ACTION)
    event = {
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": {"sha": base_sha, "repo": {"full_name": "acme/designs"}},
            "head": {"sha": "0" * 40, "repo": {"full_name": "acme/designs"}},
        },
    }
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    event_path = runner / "event.json"
    event_path.write_text(json.dumps(event))
    summary = runner / "summary.md"
    summary.touch()
    context: dict[str, Any] = {
        "github": {"action_path": str(ROOT), "token": TOKEN, "event": event},
        "steps": {},
    }
    resolved = {}
    for name, spec in action["inputs"].items():
        resolved[name] = inputs.get(
            name, _evaluate(str(spec.get("default", "")), context)
        )
    context["inputs"] = resolved

    base_env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(runner),
        "GITHUB_ACTIONS": "true",
        "GITHUB_API_URL": api.url,
        "GITHUB_REPOSITORY": "acme/designs",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_PATH": str(runner / "path"),
        "AICOST_CACHE_DIR": os.environ.get("AICOST_CACHE_DIR", str(tmp_path)),
    }
    stdout, stderr = [], []
    for step in action["runs"]["steps"]:
        if step["id"] in skip:
            continue
        output_file = runner / f"output-{step['id']}"
        output_file.write_text("")
        env = base_env | {"GITHUB_OUTPUT": str(output_file)}
        for name, value in step.get("env", {}).items():
            env[name] = _evaluate(str(value), context)
        script = runner / f"{step['id']}.sh"
        script.write_text(step["run"])
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )
        stdout.append(completed.stdout)
        stderr.append(completed.stderr)
        outputs = dict(
            line.split("=", 1)
            for line in output_file.read_text().splitlines()
            if "=" in line
        )
        context["steps"][step["id"]] = {"outputs": outputs}
        if completed.returncode != 0:
            return ActionRun(
                completed.returncode,
                step["id"],
                "".join(stdout),
                "".join(stderr),
                {key: value["outputs"] for key, value in context["steps"].items()},
                summary.read_text(),
            )
    return ActionRun(
        0,
        None,
        "".join(stdout),
        "".join(stderr),
        {key: value["outputs"] for key, value in context["steps"].items()},
        summary.read_text(),
    )


def test_action_comments_and_summarises(repo, api, tmp_path):
    root, base_sha = repo
    run = run_action(
        {"paths": "designs/"}, repo=root, base_sha=base_sha, api=api, tmp_path=tmp_path
    )

    assert run.exit_code == 0, run.stderr
    assert run.outputs["diff"]["exit-code"] == "0"
    assert len(api.comments) == 1
    assert "Monthly cost will increase by $60.00 (+15.0%)" in api.comments[0]["body"]
    assert api.comments[0]["body"].startswith("<!-- aicost:cost-review -->")
    assert run.summary == api.comments[0]["body"]


def test_action_budget_breach_fails_after_comment(repo, api, tmp_path):
    root, base_sha = repo
    run = run_action(
        {"paths": "designs/*.yaml", "fail-above-increase": "10%"},
        repo=root,
        base_sha=base_sha,
        api=api,
        tmp_path=tmp_path,
    )

    assert run.exit_code == 1
    assert run.failed_step == "verdict"
    assert run.outputs["diff"]["exit-code"] == "1"
    assert len(api.comments) == 1
    assert "over budget" in api.comments[0]["body"]
    assert "::error title=aicost::a design is above its budget" in run.stdout


def test_action_comment_off(repo, api, tmp_path):
    root, base_sha = repo
    run = run_action(
        {"paths": "designs", "comment": "off"},
        repo=root,
        base_sha=base_sha,
        api=api,
        tmp_path=tmp_path,
    )

    assert run.exit_code == 0, run.stderr
    assert api.requests == []
    assert "Monthly cost will increase" in run.summary


def test_action_explicit_base_ref(repo, api, tmp_path):
    root, _ = repo
    run = run_action(
        {"paths": "designs", "base-ref": "HEAD~1"},
        repo=root,
        base_sha="",
        api=api,
        tmp_path=tmp_path,
    )
    assert run.exit_code == 0, run.stderr
    assert "base HEAD&#126;1" in api.comments[0]["body"]


def test_action_inputs_cannot_inject_shell(repo, api, tmp_path):
    root, base_sha = repo
    marker = tmp_path / "injected"
    run = run_action(
        {
            "paths": f'designs/ "$(touch {marker})" `touch {marker}`',
            "fail-above-monthly": f"1; touch {marker}",
            "comment-key": f"x$(touch {marker})",
        },
        repo=root,
        base_sha=base_sha,
        api=api,
        tmp_path=tmp_path,
    )

    assert run.exit_code == 2
    assert run.failed_step == "diff"
    assert not marker.exists()


def test_action_base_ref_cannot_inject_shell(repo, api, tmp_path):
    root, _ = repo
    marker = tmp_path / "injected"
    run = run_action(
        {"paths": "designs", "base-ref": f"main; touch {marker}"},
        repo=root,
        base_sha="",
        api=api,
        tmp_path=tmp_path,
    )
    assert run.exit_code == 2
    assert not marker.exists()


def test_action_option_like_base_ref_rejected(repo, api, tmp_path):
    root, _ = repo
    run = run_action(
        {"paths": "designs", "base-ref": "--upload-pack=touch"},
        repo=root,
        base_sha="",
        api=api,
        tmp_path=tmp_path,
    )
    assert run.exit_code == 2
    assert "::error title=aicost::invalid base-ref" in run.stdout


def test_action_needs_base(repo, api, tmp_path):
    root, _ = repo
    run = run_action(
        {"paths": "designs"}, repo=root, base_sha="", api=api, tmp_path=tmp_path
    )
    assert run.exit_code == 2
    assert "no base revision" in run.stdout


def test_action_rejects_old_python(repo, api, tmp_path):
    root, base_sha = repo
    run = run_action(
        {"paths": "designs", "python": "false"},
        repo=root,
        base_sha=base_sha,
        api=api,
        tmp_path=tmp_path,
        skip=(),
    )
    assert run.exit_code == 2
    assert run.failed_step == "install"
    assert "aicost needs Python 3.11 or newer" in run.stdout
