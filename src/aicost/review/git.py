"""Read files as they were at a git revision, by running the `git` command.

Every call runs `git` with an argument list and no shell, from the repository root, with
`--literal-pathspecs` so that a path is never read as a pattern.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from pathlib import Path

from aicost.design.yamlio import MAX_FILE_BYTES
from aicost.errors import AicostError

GIT_TIMEOUT_SECONDS = 60


class GitError(AicostError):
    """A git command failed, or the repository or revision is not usable."""


class GitRevision:
    """One commit of the repository that contains the working directory."""

    def __init__(self, ref: str, cwd: Path | None = None) -> None:
        if not ref or ref.startswith("-"):
            raise GitError(
                f"invalid base ref {ref!r}",
                hint="give a branch, tag or commit, for example origin/main",
            )
        self.ref = ref
        self.cwd = (cwd or Path.cwd()).resolve()
        try:
            toplevel = self._git(
                self.cwd, "rev-parse", "--show-toplevel", action="find the repository"
            )
        except GitError as error:
            raise GitError(
                f"--base-ref needs a git repository: {error.message}",
                hint="run aicost in a clone of the repository, or compare two design "
                "files or directories without --base-ref",
            ) from None
        self.root = Path(toplevel.decode().strip()).resolve()
        self.commit = self._resolve(ref)
        prefix = os.path.relpath(self.cwd, self.root)
        self.prefix = "" if prefix == "." else prefix.replace(os.sep, "/")

    def _resolve(self, ref: str) -> str:
        try:
            output = self._git(
                self.root,
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                f"{ref}^{{commit}}",
                action=f"resolve {ref}",
            )
        except GitError:
            raise GitError(
                f"base ref {ref!r} is not a commit in the repository at {self.root}",
                hint="fetch it first, for example `git fetch origin main` for "
                "origin/main; a shallow clone (actions/checkout's default) "
                "contains only the head commit",
            ) from None
        return output.decode().strip()

    def repo_path(self, path: str) -> str:
        """Return a path relative to the working directory as a repository path."""
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        relative = os.path.relpath(absolute, self.root).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../"):
            raise GitError(
                f"{path} is outside the git repository at {self.root}",
                hint="give paths inside the repository",
            )
        return "" if relative == "." else relative

    def working_path(self, repo_path: str) -> str:
        """Return a repository path relative to the working directory."""
        if not self.prefix:
            return repo_path
        return posixpath.relpath(repo_path, self.prefix)

    def files_under(self, repo_path: str) -> list[str]:
        """Return the repository paths of every file at or below `repo_path`."""
        pathspec = ["--", repo_path] if repo_path else []
        output = self._git(
            self.root,
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            self.commit,
            *pathspec,
            action=f"list files at {self.ref}",
        )
        return [name for name in output.decode("utf-8").split("\0") if name]

    def read_text(self, repo_path: str) -> str:
        """Return the UTF-8 text of a file at this revision."""
        label = self.label(repo_path)
        size = self._git(
            self.root,
            "cat-file",
            "-s",
            f"{self.commit}:{repo_path}",
            action=f"read {label}",
        )
        if int(size.decode().strip()) > MAX_FILE_BYTES:
            raise GitError(
                f"{label}: file is larger than {MAX_FILE_BYTES:,} bytes; design and "
                "price files are limited to that size"
            )
        raw = self._git(
            self.root,
            "cat-file",
            "blob",
            f"{self.commit}:{repo_path}",
            action=f"read {label}",
        )
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise GitError(
                f"{label}: is not valid UTF-8 (byte {error.start})"
            ) from None

    def label(self, repo_path: str) -> str:
        """Return how messages name a file at this revision: REF:path."""
        return f"{self.ref}:{self.working_path(repo_path)}"

    def _git(self, cwd: Path, *args: str, action: str) -> bytes:
        command = ["git", *args]
        try:
            completed = subprocess.run(
                command,
                cwd=cwd,
                capture_output=True,
                check=False,
                timeout=GIT_TIMEOUT_SECONDS,
            )
        except FileNotFoundError:
            raise GitError(
                "git is not installed or not on PATH",
                hint="install git, or compare two design files without --base-ref",
            ) from None
        except subprocess.TimeoutExpired:
            raise GitError(
                f"git timed out after {GIT_TIMEOUT_SECONDS} s trying to {action}"
            ) from None
        if completed.returncode != 0:
            detail = completed.stderr.decode("utf-8", "replace").strip()
            message = f"git failed to {action}"
            if detail:
                message += f": {detail.splitlines()[-1]}"
            raise GitError(message)
        return completed.stdout
