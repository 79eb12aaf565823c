"""`aicost github-comment` against a GitHub REST API stand-in on 127.0.0.1.

The stand-in serves the three comment endpoints (list with Link pagination, create,
update), checks the token, records every request, and fails on demand. The event
payload is a recorded `pull_request` event for pull request #42 of acme/designs.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import aicost.github
from aicost.github import fit_comment
from aicost.report.github_comment import MAX_COMMENT_CHARS

EVENTS = Path(__file__).resolve().parent / "github_events"
TOKEN = "ghs_test-token-value-123"
REPOSITORY = "acme/designs"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
MARKER = "<!-- aicost:cost-review -->"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    body: dict[str, Any] | None


@dataclass
class FakeGitHub:
    """State of the stand-in: comments on pull request #42 and recorded requests."""

    url: str = ""
    page_size: int = 100
    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    fail_status: int | None = None
    fail_method: str | None = None
    fail_message: str = "Something failed"
    next_link_host: str | None = None
    redirect_to: str | None = None
    create_answers_empty: bool = False
    next_id: int = 1000

    def add_comment(self, body: str, user: dict[str, str] | None = None) -> int:
        self.next_id += 1
        self.comments.append(
            {
                "id": self.next_id,
                "body": body,
                "user": user or BOT,
                "html_url": f"https://github.com/{REPOSITORY}/pull/42#issuecomment-"
                f"{self.next_id}",
            }
        )
        return self.next_id

    def methods(self) -> list[str]:
        return [request.method for request in self.requests]


def _handler(state: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    comments_path = re.compile(rf"/repos/{REPOSITORY}/issues/(\d+)/comments")
    comment_path = re.compile(rf"/repos/{REPOSITORY}/issues/comments/(\d+)")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(
            self, status: int, payload: Any, headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _record(self) -> Recorded | None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            recorded = Recorded(
                self.command,
                split.path,
                parse_qs(split.query),
                self.headers.get("Authorization"),
                body,
            )
            state.requests.append(recorded)
            if state.redirect_to is not None:
                self._send(302, {}, {"Location": state.redirect_to})
                return None
            if state.fail_status is not None and state.fail_method in {
                None,
                self.command,
            }:
                self._send(state.fail_status, {"message": state.fail_message})
                return None
            if recorded.authorization != f"Bearer {TOKEN}":
                self._send(401, {"message": "Bad credentials"})
                return None
            return recorded

        def do_GET(self) -> None:
            recorded = self._record()
            if recorded is None:
                return
            match = comments_path.fullmatch(recorded.path)
            if match is None or match.group(1) != "42":
                self._send(404, {"message": "Not Found"})
                return
            page = int(recorded.query.get("page", ["1"])[0])
            start = (page - 1) * state.page_size
            items = state.comments[start : start + state.page_size]
            headers = {}
            if start + state.page_size < len(state.comments):
                host = state.next_link_host or state.url
                next_url = (
                    f"{host}/repos/{REPOSITORY}/issues/42/comments"
                    f"?per_page=100&page={page + 1}"
                )
                headers["Link"] = f'<{next_url}>; rel="next"'
            self._send(200, items, headers)

        def do_POST(self) -> None:
            recorded = self._record()
            if recorded is None:
                return
            match = comments_path.fullmatch(recorded.path)
            if match is None or match.group(1) != "42":
                self._send(404, {"message": "Not Found"})
                return
            if state.create_answers_empty:
                self._send(201, {})
                return
            comment_id = state.add_comment(recorded.body["body"])
            self._send(201, state.comments[-1] | {"id": comment_id})

        def do_PATCH(self) -> None:
            recorded = self._record()
            if recorded is None:
                return
            match = comment_path.fullmatch(recorded.path)
            found = [
                comment
                for comment in state.comments
                if match and comment["id"] == int(match.group(1))
            ]
            if not found:
                self._send(404, {"message": "Not Found"})
                return
            found[0]["body"] = recorded.body["body"]
            self._send(200, found[0])

    return Handler


@pytest.fixture
def github(tmp_path, monkeypatch):
    """Start the stand-in and point the GitHub Actions variables at it."""
    state = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()

    monkeypatch.setattr(aicost.github, "RETRY_DELAY_SECONDS", 0)
    monkeypatch.setenv("GITHUB_API_URL", state.url)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(EVENTS / "pull_request.json"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def body_file(write_file):
    def write(text: str = "Monthly cost will increase by $1.00", name="body.md"):
        return write_file(name, f"{MARKER}\n## Cost review\n\n{text}\n")

    return write


def summary_text(tmp_path: Path) -> str:
    return (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_first_run_creates_comment(run_cli, github, body_file, tmp_path):
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 0, result.stderr
    assert github.methods() == ["GET", "POST"]
    assert len(github.comments) == 1
    assert github.comments[0]["body"] == body.read_text()
    assert github.requests[1].path == f"/repos/{REPOSITORY}/issues/42/comments"
    assert summary_text(tmp_path) == body.read_text()


def test_sends_token_and_api_version(run_cli, github, body_file):
    run_cli("github-comment", body_file())
    assert github.requests[0].authorization == f"Bearer {TOKEN}"
    assert github.requests[0].query["per_page"] == ["100"]


def test_second_run_updates_same_comment(run_cli, github, body_file):
    first = run_cli("github-comment", body_file("first"))
    comment_id = github.comments[0]["id"]
    second = run_cli("github-comment", body_file("second"))

    assert first.exit_code == 0
    assert second.exit_code == 0, second.stderr
    assert len(github.comments) == 1
    assert github.comments[0]["id"] == comment_id
    assert "second" in github.comments[0]["body"]
    assert github.methods() == ["GET", "POST", "GET", "PATCH"]
    assert github.requests[-1].path == (
        f"/repos/{REPOSITORY}/issues/comments/{comment_id}"
    )


def test_new_mode_creates_another(run_cli, github, body_file):
    run_cli("github-comment", body_file("first"))
    result = run_cli("github-comment", body_file("second"), "--mode", "new")

    assert result.exit_code == 0
    assert len(github.comments) == 2
    assert github.methods() == ["GET", "POST", "POST"]


def test_off_mode_posts_nothing(run_cli, github, body_file, tmp_path):
    body = body_file()
    result = run_cli("github-comment", body, "--mode", "off")

    assert result.exit_code == 0
    assert github.requests == []
    assert summary_text(tmp_path) == body.read_text()


def test_update_finds_comment_on_later_page(run_cli, github, body_file):
    github.page_size = 2
    for index in range(4):
        github.add_comment(f"Looks good {index}", {"login": "dev", "type": "User"})
    target = github.add_comment(f"{MARKER}\nold report")
    github.add_comment("One more", {"login": "dev", "type": "User"})

    result = run_cli("github-comment", body_file("new report"))

    assert result.exit_code == 0, result.stderr
    assert github.methods() == ["GET", "GET", "GET", "PATCH"]
    assert [request.query.get("page") for request in github.requests[:3]] == [
        None,
        ["2"],
        ["3"],
    ]
    assert github.requests[-1].path.endswith(f"/issues/comments/{target}")
    assert len(github.comments) == 6


def test_update_prefers_bot_comment(run_cli, github, body_file):
    bot_comment = github.add_comment(f"{MARKER}\nold report")
    github.add_comment(
        f"{MARKER}\nquoted by a person", {"login": "dev", "type": "User"}
    )

    run_cli("github-comment", body_file())

    assert github.requests[-1].method == "PATCH"
    assert github.requests[-1].path.endswith(f"/issues/comments/{bot_comment}")


def test_marker_must_be_first_line(run_cli, github, body_file):
    github.add_comment(f"A quote of the marker: {MARKER}")
    run_cli("github-comment", body_file())
    assert github.methods() == ["GET", "POST"]


def test_other_comment_key_is_separate(run_cli, github, write_file):
    github.add_comment(f"{MARKER}\nreport for the other key")
    body = write_file("body.md", "<!-- aicost:gpu-designs -->\n## Cost review\n")
    result = run_cli("github-comment", body)

    assert result.exit_code == 0
    assert github.methods() == ["GET", "POST"]
    assert len(github.comments) == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (401, "GitHub rejected the token (401: Something failed)"),
        (404, "not found (404: Something failed)"),
        (422, "GitHub rejected the comment (422: Something failed)"),
        (500, "GitHub server error (500: Something failed)"),
        (502, "GitHub server error (502: Something failed)"),
    ],
)
def test_github_errors(run_cli, github, body_file, tmp_path, status, message):
    github.fail_status = status
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 3
    assert message in result.stderr
    assert "Hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert summary_text(tmp_path) == body.read_text()
    assert f"::error title=aicost::{message}" in result.stdout


def test_redirect_not_followed(run_cli, github, body_file, tmp_path):
    github.redirect_to = f"{github.url}/elsewhere/comments"
    body = body_file()
    result = run_cli("github-comment", body)
    assert result.exit_code == 3
    assert "redirects are not followed" in result.stderr
    assert [request.path for request in github.requests] == [
        f"/repos/{REPOSITORY}/issues/42/comments"
    ]
    assert summary_text(tmp_path) == body.read_text()


def test_create_without_comment_is_error(run_cli, github, body_file):
    github.create_answers_empty = True
    result = run_cli("github-comment", body_file())
    assert result.exit_code == 3
    assert "without a comment in its response" in result.stderr
    assert "Created comment" not in result.stderr


def test_server_errors_are_retried(run_cli, github, body_file):
    github.fail_status = 503
    result = run_cli("github-comment", body_file())
    assert result.exit_code == 3
    assert github.methods() == ["GET", "GET", "GET"]
    assert "after 3 attempts" in result.stderr


def test_failed_create_is_not_retried(run_cli, github, body_file):
    github.fail_status = 502
    github.fail_method = "POST"
    result = run_cli("github-comment", body_file())

    assert result.exit_code == 3
    assert github.methods() == ["GET", "POST"]
    assert "after 1 attempt" in result.stderr
    assert github.comments == []


def test_failed_update_is_retried(run_cli, github, body_file):
    github.add_comment(f"{MARKER}\nold report")
    github.fail_status = 500
    github.fail_method = "PATCH"
    result = run_cli("github-comment", body_file())

    assert result.exit_code == 3
    assert github.methods() == ["GET", "PATCH", "PATCH", "PATCH"]


def test_bad_event_path_still_writes_summary(
    run_cli, github, body_file, monkeypatch, tmp_path
):
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "missing.json"))
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 2
    assert "GITHUB_EVENT_PATH" in result.stderr
    assert summary_text(tmp_path) == body.read_text()


def test_client_errors_are_not_retried(run_cli, github, body_file):
    github.fail_status = 422
    run_cli("github-comment", body_file())
    assert github.methods() == ["GET"]


def test_forbidden_skips_comment(run_cli, github, body_file, tmp_path):
    github.fail_status = 403
    github.fail_message = "Resource not accessible by integration"
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 0
    assert "Warning: the token is not allowed to comment (403" in result.stderr
    assert "Resource not accessible by integration" in result.stderr
    assert "pull-requests: write" in result.stderr
    assert "::warning title=aicost::" in result.stdout
    assert summary_text(tmp_path) == body.read_text()


def test_wrong_token_gets_401(run_cli, github, body_file, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")
    result = run_cli("github-comment", body_file())
    assert result.exit_code == 3
    assert "GitHub rejected the token (401: Bad credentials)" in result.stderr


def test_token_never_printed(run_cli, github, body_file):
    github.fail_status = 401
    result = run_cli("github-comment", body_file())
    assert TOKEN not in result.stdout
    assert TOKEN not in result.stderr


def test_network_failure(run_cli, github, body_file, monkeypatch, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{closed_port}")
    result = run_cli("github-comment", body_file())

    assert result.exit_code == 3
    assert "cannot reach the GitHub API at" in result.stderr
    assert (tmp_path / "summary.md").exists()


def test_next_page_on_other_host_refused(run_cli, github, body_file):
    github.page_size = 1
    github.add_comment("first")
    github.add_comment("second")
    github.next_link_host = "http://127.0.0.2:9"
    result = run_cli("github-comment", body_file())

    assert result.exit_code == 3
    assert "on another host" in result.stderr
    assert github.methods() == ["GET"]


def test_fork_pull_request_skips_comment(
    run_cli, github, body_file, monkeypatch, tmp_path
):
    event = json.loads((EVENTS / "pull_request.json").read_text())
    event["pull_request"]["head"]["repo"]["full_name"] = "outsider/designs"
    path = tmp_path / "fork-event.json"
    path.write_text(json.dumps(event))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 0
    assert github.requests == []
    assert "comes from a fork" in result.stderr
    assert "::notice title=aicost::" in result.stdout
    assert summary_text(tmp_path) == body.read_text()


def test_explicit_pr_number(run_cli, github, body_file, monkeypatch, tmp_path):
    push = tmp_path / "push.json"
    push.write_text(json.dumps({"ref": "refs/heads/main"}))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "workflow_run")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(push))
    result = run_cli("github-comment", body_file(), "--pr", "42")

    assert result.exit_code == 0, result.stderr
    assert github.methods() == ["GET", "POST"]


def test_push_event_posts_nothing(run_cli, github, body_file, monkeypatch, tmp_path):
    push = tmp_path / "push.json"
    push.write_text(json.dumps({"ref": "refs/heads/main"}))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(push))
    result = run_cli("github-comment", body_file())

    assert result.exit_code == 0
    assert github.requests == []
    assert "Not a pull request event" in result.stderr


def test_missing_token(run_cli, github, body_file, monkeypatch, tmp_path):
    monkeypatch.delenv("GITHUB_TOKEN")
    body = body_file()
    result = run_cli("github-comment", body)

    assert result.exit_code == 2
    assert "GITHUB_TOKEN is not set" in result.stderr
    assert summary_text(tmp_path) == body.read_text()


def test_body_without_marker(run_cli, github, write_file):
    body = write_file("plain.md", "## Just Markdown\n")
    result = run_cli("github-comment", body)
    assert result.exit_code == 2
    assert "does not start with an aicost marker line" in result.stderr
    assert github.requests == []


def test_long_body_is_cut(run_cli, github, body_file):
    body = body_file("row\n" * 20_000)
    result = run_cli("github-comment", body)

    assert result.exit_code == 0
    posted = github.comments[0]["body"]
    assert len(posted) <= MAX_COMMENT_CHARS
    assert posted.startswith(MARKER)
    assert posted.endswith("the job summary has all of it.*\n")


def test_fit_comment_keeps_short_body():
    assert fit_comment("short\n") == "short\n"


# The whole path: aicost diff renders the comment, github-comment posts it.


def _inline_design(name: str, input_tokens: int, extra: str = "") -> str:
    return f"""\
version: 1
name: {name}
unit: conversation
volume:
  units_per_month: 100000
pricing:
  as_of: 2026-01-01
{extra}components:
  - name: answer
    kind: llm
    model: acme/chat
    input_tokens: {input_tokens}
    output_tokens: 100
    price:
      input_per_mtok: 2
      output_per_mtok: 10
"""


def test_diff_comment_posted_end_to_end(run_cli, github, write_file, tmp_path):
    base = write_file("base.yaml", _inline_design("Chat", 1500))
    head = write_file("head.yaml", _inline_design("Chat", 1800))
    body = tmp_path / "comment.md"
    diff = run_cli("diff", base, head, "--format", "github-comment", "-o", body)
    post = run_cli("github-comment", body)

    assert diff.exit_code == 0
    assert post.exit_code == 0
    posted = github.comments[0]["body"]
    assert posted.startswith(MARKER + "\n")
    assert (
        "**Monthly cost will increase by $60.00 (+15.0%); unit cost $0.0040 → "
        "$0.0046 per conversation.**" in posted
    )


# Escaping of strings from design files.

HOSTILE_NAME = (
    "Evil | name <script>alert(1)</script> `rm -rf` @acme/team #12 "
    "[click](https://evil.example) $x$ **bold** <!-- aicost:cost-review -->"
)


@pytest.fixture
def hostile_comment(run_cli, write_file, tmp_path):
    long_description = "y" * 10_000 + " @everyone"
    extra = (
        f"owner: '@security-team'\n"
        f"description: {json.dumps(long_description)}\n"
        "budget:\n  monthly: 1\n"
    )
    base_text = _inline_design(json.dumps(HOSTILE_NAME), 1500, extra)
    head_text = base_text.replace("input_tokens: 1500", "input_tokens: 1800")
    head_text = head_text.replace("unit: conversation", "unit: 'conv`er|sation<b>'")
    head_text = head_text.replace("model: acme/chat", "model: 'acme/c|h`a<t>'")
    base = write_file("base.yaml", base_text)
    head = write_file("head.yaml", head_text)
    result = run_cli("diff", base, head, "--format", "github-comment")
    assert result.exit_code == 1
    return result.stdout


def test_hostile_component_name_rejected(run_cli, write_file):
    text = _inline_design("Plain", 1500).replace(
        "name: answer", "name: 'a|b`c<img src=x onerror=alert(1)>'"
    )
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "invalid name" in result.stderr


def test_hostile_html_escaped(hostile_comment):
    assert "<script" not in hostile_comment
    assert "<b>" not in hostile_comment
    assert "<t>" not in hostile_comment
    assert "&lt;script&gt;" in hostile_comment
    tags = set(re.findall(r"</?([a-zA-Z]+)", hostile_comment))
    assert tags <= {"details", "summary", "sub"}


def test_hostile_marker_not_forged(hostile_comment):
    assert hostile_comment.count("<!--") == 1
    assert hostile_comment.startswith(MARKER + "\n")


def test_hostile_mentions_broken(hostile_comment):
    assert re.search(r"@\w", hostile_comment) is None
    assert "@\u200dacme/team" in hostile_comment
    assert "@\u200dsecurity-team" in hostile_comment
    assert re.search(r"(?<!&)#\d", hostile_comment) is None


def test_hostile_code_links_math_escaped(hostile_comment):
    lines = [line for line in hostile_comment.splitlines() if "Evil" in line]
    assert lines
    for line in lines:
        assert "`" not in line
        assert "](" not in line
        assert "$x$" not in line
        assert "**bold**" not in line
    assert "&#96;rm -rf&#96;" in hostile_comment


def test_hostile_tables_keep_columns(hostile_comment):
    table: list[str] = []
    for line in [*hostile_comment.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            widths = {line.count("|") for line in table}
            assert len(widths) == 1, table
            table = []
    assert "acme/c&#124;h&#96;a&lt;t&gt;" in hostile_comment
    assert "conv&#96;er&#124;sation&lt;b&gt;" in hostile_comment


def test_hostile_long_text_capped(hostile_comment):
    assert "y" * 600 not in hostile_comment
    assert "y" * 400 in hostile_comment
    assert max(len(line) for line in hostile_comment.splitlines()) < 2_000


# Golden comment for a diff of example designs: a support assistant that grows and
# changes its answer prompt while its reranker's negotiated price rises, an unchanged
# coding agent, a removed nightly job and an added ingestion pipeline.

SUPPORT = """\
version: 1
name: Support assistant
owner: support-platform@example.com
description: >-
  Chat assistant in front of a 50-agent support team: embeds each message, routes it
  with a small model, reranks help-centre chunks and answers from the best ones.
unit: conversation
volume:
  units_per_month: 60000
pricing:
  as_of: 2026-11-01
components:
  - name: query-embedding
    kind: llm
    model: openai/text-embedding-3-small
    calls_per_unit: 8
    input_tokens: 20
  - name: router
    kind: llm
    model: openai/gpt-4.1-nano
    calls_per_unit: 8
    retry_factor: 1.01
    input_tokens: 1000
    output_tokens: 10
  - name: rerank
    kind: llm
    model: acme/reranker
    calls_per_unit: 8
    input_tokens: 4000
  - name: answer
    kind: llm
    model: openai/gpt-5-mini
    calls_per_unit: 8
    retry_factor: 1.03
    input_tokens: 6200
    cached_input_tokens: 1900
    output_tokens: 380
    reasoning_tokens: 200
"""

CODING_AGENT = """\
version: 1
name: Coding agent
owner: developer-productivity@example.com
unit: agent run
volume:
  units_per_month: 15000
pricing:
  as_of: 2026-11-01
components:
  - name: agent-step
    kind: llm
    model: anthropic/claude-sonnet-4-5
    calls_per_unit: 78
    retry_factor: 1.02
    input_tokens: 34700
    cached_input_tokens: 31900
    cache_write_tokens: 2770
    output_tokens: 630
    reasoning_tokens: 400
"""

NIGHTLY = """\
version: 1
name: Nightly ticket summaries
owner: support-analytics@example.com
unit: ticket
volume:
  units_per_month: 44000
pricing:
  as_of: 2026-11-01
components:
  - name: summarise
    kind: llm
    model: openai/gpt-4.1-mini
    retry_factor: 1.02
    input_tokens: 1100
    output_tokens: 150
    mode: batch
"""

INGESTION = """\
version: 1
name: Knowledge-base embeddings ingestion
owner: search-platform@example.com
unit: document
volume:
  units_per_day: 5000
pricing:
  as_of: 2026-11-01
components:
  - name: chunk-context
    kind: llm
    model: anthropic/claude-haiku-4-5
    calls_per_unit: 19
    retry_factor: 1.02
    input_tokens: 8900
    cached_input_tokens: 7579
    cache_write_tokens: 421
    output_tokens: 75
  - name: embed
    kind: llm
    model: openai/text-embedding-3-small
    calls_per_unit: 19
    retry_factor: 1.01
    input_tokens: 875
"""

RERANKER_PRICE = """\
version: 1
models:
  acme/reranker:
    source: "Order form 2026-07, section 3"
    as_of: 2026-07-01
    input_per_mtok: {rate}
    output_per_mtok: 0
"""


def test_comment_golden(run_cli, tmp_path, monkeypatch, golden):
    files = {
        "base/support-assistant.yaml": SUPPORT,
        "base/coding-agent.yaml": CODING_AGENT,
        "base/nightly-batch-summaries.yaml": NIGHTLY,
        "head/coding-agent.yaml": CODING_AGENT,
        "head/embeddings-pipeline.yaml": INGESTION,
        "head/support-assistant.yaml": SUPPORT.replace(
            "units_per_month: 60000", "units_per_month: 66000"
        )
        .replace("input_tokens: 6200", "input_tokens: 7000")
        .replace(
            "components:\n",
            "budget:\n  monthly: 1500\n  max_increase_percent: 15\ncomponents:\n",
        ),
        "prices-old.yaml": RERANKER_PRICE.format(rate="0.05"),
        "prices-new.yaml": RERANKER_PRICE.format(rate="0.08"),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)

    result = run_cli(
        "diff",
        "base",
        "head",
        "--pricing",
        "prices-new.yaml",
        "--base-pricing",
        "prices-old.yaml",
        "--format",
        "github-comment",
    )

    assert result.exit_code == 1
    golden("diff-comment.md", result.stdout)


def test_example_designs_diff(run_cli):
    examples = Path(__file__).resolve().parents[1] / "examples" / "designs"
    result = run_cli("diff", examples, examples, "--format", "github-comment")
    assert result.exit_code == 0, result.stderr
    assert "Monthly cost will not change" in result.stdout
