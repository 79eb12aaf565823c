"""Post a cost report to a pull request and to the GitHub Actions job summary.

The REST client uses only urllib. Its settings come from the variables that GitHub
Actions sets: GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY,
GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (the event payload) and GITHUB_STEP_SUMMARY. The
token comes from GITHUB_TOKEN, which the workflow or action sets explicitly.

One comment per pull request and marker is kept: the first line of the report is a
hidden marker (see aicost.report.github_comment), and `update` mode edits the newest
comment that starts with it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aicost import __version__
from aicost.errors import AicostError
from aicost.report.github_comment import MAX_COMMENT_CHARS, CommentMode, find_marker

if TYPE_CHECKING:
    from urllib.error import HTTPError

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
TIMEOUT_SECONDS = 30
ATTEMPTS = 3
"""Attempts per request; only server errors (5xx) and network failures are retried."""
RETRY_DELAY_SECONDS = 2.0
MAX_PAGES = 50
"""Comment pages of 100 to search for the marker, at most."""
EXIT_GITHUB_FAILED = 3

_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class GitHubError(AicostError):
    """A GitHub API request failed; `status` is the HTTP status, or None."""

    exit_code = EXIT_GITHUB_FAILED

    def __init__(
        self, message: str, *, status: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status


@dataclass(frozen=True)
class GitHubClient:
    """The three comment endpoints of the GitHub REST API for one repository."""

    api_url: str
    token: str
    repository: str

    def list_comments(self, number: int) -> list[dict[str, Any]]:
        """Return every comment on issue or pull request `number`, oldest first."""
        url: str | None = self._url(
            f"/repos/{self.repository}/issues/{number}/comments?per_page=100"
        )
        comments: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if url is None:
                return comments
            data, headers = self._request("GET", url)
            if not isinstance(data, list):
                raise GitHubError(f"unexpected response listing comments from {url}")
            comments.extend(item for item in data if isinstance(item, dict))
            url = self._next_page(headers.get("Link"))
        return comments

    def create_comment(self, number: int, body: str) -> dict[str, Any]:
        url = self._url(f"/repos/{self.repository}/issues/{number}/comments")
        data, _ = self._request("POST", url, {"body": body})
        return data if isinstance(data, dict) else {}

    def update_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        url = self._url(f"/repos/{self.repository}/issues/comments/{comment_id}")
        data, _ = self._request("PATCH", url, {"body": body})
        return data if isinstance(data, dict) else {}

    def _url(self, path: str) -> str:
        return self.api_url.rstrip("/") + path

    def _next_page(self, link: str | None) -> str | None:
        """Return the next page's URL; refuse one on another host, to keep the token."""
        if not link:
            return None
        match = _NEXT_LINK.search(link)
        if match is None:
            return None
        url = match.group(1)
        if _origin(url) != _origin(self.api_url):
            raise GitHubError(
                f"the next page of comments is on another host ({url}); not "
                "sending the token there"
            )
        return url

    def _request(
        self, method: str, url: str, body: dict[str, Any] | None = None
    ) -> tuple[Any, Mapping[str, str]]:
        import urllib.error
        import urllib.request

        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        request.add_header("User-Agent", f"aicost/{__version__}")
        if data is not None:
            request.add_header("Content-Type", "application/json")

        # A POST that failed may still have created the comment, so only the
        # idempotent GET and PATCH are retried.
        attempts = ATTEMPTS if method in {"GET", "PATCH"} else 1
        for attempt in range(1, attempts + 1):
            try:
                with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
                    payload = response.read()
                    headers = response.headers
                return (json.loads(payload) if payload else None), headers
            except urllib.error.HTTPError as error:
                if error.code < 500 or attempt == attempts:
                    raise _http_error(method, url, error, attempt) from None
                failure = f"{error.code} {error.reason}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                if attempt == attempts:
                    raise GitHubError(
                        f"cannot reach the GitHub API at {_origin_text(url)} "
                        f"({method}, {_attempts_text(attempt)}): {reason}",
                        hint="check GITHUB_API_URL and the runner's network access",
                    ) from None
                failure = str(reason)
            except json.JSONDecodeError:
                raise GitHubError(
                    f"{method} {url} returned a response that is not JSON"
                ) from None
            _log(f"GitHub {method} {url} failed ({failure}); retrying")
            time.sleep(RETRY_DELAY_SECONDS * attempt)
        raise AssertionError("unreachable")


class _RejectRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into an HTTPError.

    Following one would send the token to whatever address the redirect names, and
    would turn a POST into a GET.
    """

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_RejectRedirects)


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _origin_text(url: str) -> str:
    scheme, netloc = _origin(url)
    return f"{scheme}://{netloc}"


def _attempts_text(attempts: int) -> str:
    return "1 attempt" if attempts == 1 else f"{attempts} attempts"


def _http_error(method: str, url: str, error: HTTPError, attempts: int) -> GitHubError:
    detail = _error_detail(error)
    status = error.code
    where = f"{method} {url}"
    if status == 401:
        return GitHubError(
            f"GitHub rejected the token (401{detail}) on {where}",
            status=status,
            hint="pass a valid token in GITHUB_TOKEN, e.g. the action's github-token "
            "input (default: the workflow's GITHUB_TOKEN)",
        )
    if status == 403:
        return GitHubError(
            f"the token is not allowed to comment (403{detail}) on {where}",
            status=status,
            hint="give the job `permissions: pull-requests: write`; on pull requests "
            "from forks and from Dependabot the token is read-only, so the report is "
            "only in the job summary (see docs/ci.md)",
        )
    if status == 404:
        return GitHubError(
            f"not found (404{detail}): {where}",
            status=status,
            hint="check GITHUB_REPOSITORY and the pull request number; GitHub also "
            "answers 404 when the token cannot see a private repository",
        )
    if status == 422:
        return GitHubError(
            f"GitHub rejected the comment (422{detail}) on {where}",
            status=status,
            hint="the body may be too long or empty; it is in the job summary",
        )
    if 300 <= status < 400:
        return GitHubError(
            f"GitHub responded {status} (a redirect to "
            f"{error.headers.get('Location', 'nowhere')}) on {where}; redirects "
            "are not followed, so the token is sent to the API only",
            status=status,
            hint="set GITHUB_API_URL to the API's own address",
        )
    if status >= 500:
        return GitHubError(
            f"GitHub server error ({status}{detail}) on {where} after "
            f"{_attempts_text(attempts)}",
            status=status,
            hint="GitHub may be having an outage; rerun the job later",
        )
    return GitHubError(f"GitHub request failed ({status}{detail}) on {where}")


def _error_detail(error: HTTPError) -> str:
    """Return GitHub's error message as ': message', or the HTTP reason."""
    try:
        payload = json.loads(error.read() or b"{}")
    except (json.JSONDecodeError, OSError):
        payload = {}
    message = payload.get("message") if isinstance(payload, dict) else None
    text = message if isinstance(message, str) and message else str(error.reason)
    return f": {text[:200]}" if text else ""


@dataclass(frozen=True)
class ActionEnvironment:
    """The GitHub Actions variables that posting needs."""

    api_url: str
    token: str | None
    repository: str | None
    event_name: str | None
    event: dict[str, Any]
    in_actions: bool

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ActionEnvironment:
        api_url = environ.get("GITHUB_API_URL") or DEFAULT_API_URL
        if urllib.parse.urlsplit(api_url).scheme not in {"http", "https"}:
            raise AicostError(
                f"invalid GITHUB_API_URL {api_url!r}",
                hint="give an http or https URL such as https://api.github.com",
            )
        event: dict[str, Any] = {}
        event_path = environ.get("GITHUB_EVENT_PATH")
        if event_path:
            event = _read_event(Path(event_path))
        return cls(
            api_url=api_url,
            token=environ.get("GITHUB_TOKEN") or None,
            repository=environ.get("GITHUB_REPOSITORY") or None,
            event_name=environ.get("GITHUB_EVENT_NAME") or None,
            event=event,
            in_actions=environ.get("GITHUB_ACTIONS") == "true",
        )

    def pull_request_number(self) -> int | None:
        """Return the pull request of the event, or None if it is not about one."""
        pull_request = self.event.get("pull_request")
        if isinstance(pull_request, dict) and isinstance(
            pull_request.get("number"), int
        ):
            return pull_request["number"]
        issue = self.event.get("issue")
        if (
            isinstance(issue, dict)
            and "pull_request" in issue
            and isinstance(issue.get("number"), int)
        ):
            return issue["number"]
        return None

    def from_fork(self) -> bool:
        """Return whether a `pull_request` event comes from another repository.

        Such runs get a read-only token, so they cannot comment.
        """
        if self.event_name != "pull_request":
            return False
        pull_request = self.event.get("pull_request")
        if not isinstance(pull_request, dict):
            return False
        head_repo = (pull_request.get("head") or {}).get("repo")
        base_repo = (pull_request.get("base") or {}).get("repo") or {}
        if not isinstance(head_repo, dict):
            return True
        return head_repo.get("full_name") != base_repo.get("full_name")


def _read_event(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AicostError(f"GITHUB_EVENT_PATH {path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AicostError(
            f"GITHUB_EVENT_PATH {path}: cannot read the event payload: {error}"
        ) from None
    return data if isinstance(data, dict) else {}


def fit_comment(body: str) -> str:
    """Return `body` cut at a line break to fit GitHub's comment size, with a note."""
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    note = (
        "\n\n*This report is too long for a comment and was cut; the job summary "
        "has all of it.*\n"
    )
    cut = body.rfind("\n", 0, MAX_COMMENT_CHARS - len(note))
    return body[: max(cut, 0)] + note


def write_summary(path: Path, body: str) -> None:
    """Append the report to the job summary file, as GitHub Actions expects."""
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(body if body.endswith("\n") else body + "\n")
    except OSError as error:
        raise AicostError(
            f"cannot write the job summary {path}: {error.strerror}"
        ) from None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _annotation(environment: ActionEnvironment, level: str, message: str) -> None:
    """Print a GitHub Actions workflow command so the message shows on the run."""
    if not environment.in_actions:
        return
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    print(f"::{level} title=aicost::{escaped}", flush=True)


def post_report(
    body: str,
    *,
    mode: CommentMode = CommentMode.update,
    pull_request: int | None = None,
    summary: bool = True,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Write the job summary, then create or update the pull-request comment.

    Returns 0 when the comment was posted or deliberately skipped (mode off, no pull
    request, a fork's read-only token, or a 403 reply), and raises GitHubError for
    other failed requests. The summary is written first, before any check or
    request can fail.
    """
    environ = os.environ if environ is None else environ
    summary_path = environ.get("GITHUB_STEP_SUMMARY")
    if summary and summary_path:
        write_summary(Path(summary_path), body)
        _log(f"Wrote the report to the job summary {summary_path}")
    elif summary:
        _log("GITHUB_STEP_SUMMARY is not set; no job summary written")

    marker = find_marker(body)
    if marker is None:
        raise AicostError(
            "the report does not start with an aicost marker line",
            hint="write it with `aicost diff --format github-comment -o FILE`",
        )
    environment = ActionEnvironment.from_environ(environ)

    if mode == CommentMode.off:
        _log("Comment mode is off; no comment posted")
        return 0
    number = pull_request or environment.pull_request_number()
    if number is None:
        _log(
            "Not a pull request event and no --pr given; no comment posted "
            f"(event: {environment.event_name or 'unknown'})"
        )
        return 0
    if pull_request is None and environment.from_fork():
        message = (
            f"Pull request #{number} comes from a fork, so the token is read-only; "
            "the cost report is in the job summary only"
        )
        _log(message)
        _annotation(environment, "notice", message)
        return 0
    client = _client(environment)

    try:
        _post(client, number, fit_comment(body), marker, mode)
    except GitHubError as error:
        if error.status != 403:
            _annotation(environment, "error", error.message)
            raise
        message = f"{error.message}; no comment posted. Hint: {error.hint}"
        _log(f"Warning: {message}")
        _annotation(environment, "warning", message)
    return 0


def _client(environment: ActionEnvironment) -> GitHubClient:
    if not environment.token:
        raise AicostError(
            "GITHUB_TOKEN is not set; cannot post the comment",
            hint="set GITHUB_TOKEN (the action passes its github-token input), or "
            "use --mode off to write only the job summary",
        )
    repository = environment.repository
    if not repository or not _REPOSITORY.fullmatch(repository):
        raise AicostError(
            f"invalid GITHUB_REPOSITORY {repository!r}",
            hint="set it to owner/name; GitHub Actions sets it for every job",
        )
    return GitHubClient(environment.api_url, environment.token, repository)


def _post(
    client: GitHubClient, number: int, body: str, marker: str, mode: CommentMode
) -> None:
    if mode == CommentMode.update:
        existing = _find_comment(client.list_comments(number), marker)
        if existing is not None:
            updated = client.update_comment(existing["id"], body)
            _log(f"Updated comment {updated.get('html_url') or existing['id']}")
            return
    created = client.create_comment(number, body)
    if not isinstance(created, dict) or "id" not in created:
        raise GitHubError(
            f"GitHub responded to the request to create a comment on pull request "
            f"#{number} without a comment in its response; the comment may not exist"
        )
    _log(f"Created comment {created.get('html_url') or created['id']}")


def _find_comment(comments: list[dict[str, Any]], marker: str) -> dict[str, Any] | None:
    """Return the newest comment starting with `marker`, preferring bot authors.

    A bot is what posts with the workflow's token; preferring bots keeps a person's
    comment that quotes the marker from being overwritten.
    """
    marked = [
        comment
        for comment in comments
        if isinstance(comment.get("body"), str)
        and isinstance(comment.get("id"), int)
        and find_marker(comment["body"]) == marker
    ]
    bots = [
        comment
        for comment in marked
        if isinstance(comment.get("user"), dict)
        and comment["user"].get("type") == "Bot"
    ]
    candidates = bots or marked
    return candidates[-1] if candidates else None
