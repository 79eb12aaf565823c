"""`aicost diff`: pairing designs, the design/price split, git base refs and reports.

Designs here price one component of `acme/chat` from a price file, so every expected
figure is hand-computed from the rates: monthly cost = units per month × (input tokens
× input rate + output tokens × output rate) / 1,000,000.
"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from aicost.review.diff import EXACT


def design_text(
    *,
    name: str = "Chat assistant",
    unit: str = "conversation",
    units: int = 100_000,
    input_tokens: int = 1000,
    output_tokens: int = 100,
    as_of: str = "2026-01-01",
    model: str = "acme/chat",
    extra_component: str = "",
) -> str:
    return f"""\
version: 1
name: {name}
unit: {unit}
volume:
  units_per_month: {units}
pricing:
  as_of: {as_of}
components:
  - name: answer
    kind: llm
    model: {model}
    input_tokens: {input_tokens}
    output_tokens: {output_tokens}
{extra_component}"""


def price_text(input_rate: str, output_rate: str, model: str = "acme/chat") -> str:
    return f"""\
version: 1
models:
  {model}:
    source: "Order form, section 3"
    as_of: 2026-01-01
    input_per_mtok: {input_rate}
    output_per_mtok: {output_rate}
"""


def monthly(units: int, input_tokens: int, output_tokens: int, rates) -> Decimal:
    input_rate, output_rate = (Decimal(rate) for rate in rates)
    per_call = (input_tokens * input_rate + output_tokens * output_rate) / 1_000_000
    return units * per_call


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return completed.stdout


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "dev@example.com")
    git(path, "config", "user.name", "Dev")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def run_json(run_cli, *args) -> dict:
    result = run_cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# Two files: base at input rate 2, head with more input tokens at input rate 3.
# previous = 100,000 × (1000 × 2 + 100 × 10) / 1e6 = 300
# repriced = 100,000 × (1000 × 3 + 100 × 10) / 1e6 = 400
# current  = 100,000 × (1500 × 3 + 100 × 10) / 1e6 = 550


@pytest.fixture
def two_files(write_file):
    base = write_file("base.yaml", design_text(input_tokens=1000))
    head = write_file("head.yaml", design_text(input_tokens=1500))
    base_prices = write_file("prices-old.yaml", price_text("2", "10"))
    head_prices = write_file("prices-new.yaml", price_text("3", "10"))
    return base, head, base_prices, head_prices


def test_file_diff_totals(run_cli, two_files):
    base, head, base_prices, head_prices = two_files
    document = run_json(
        run_cli, base, head, "--pricing", head_prices, "--base-pricing", base_prices
    )
    previous = monthly(100_000, 1000, 100, ("2", "10"))
    current = monthly(100_000, 1500, 100, ("3", "10"))
    total = document["total"]

    assert document["version"] == 1
    assert Decimal(total["previous_monthly_cost"]) == previous == Decimal(300)
    assert Decimal(total["monthly_cost"]) == current == Decimal(550)
    assert Decimal(total["monthly_cost_change"]) == current - previous
    assert Decimal(total["monthly_cost_change_percent"]) == (
        (current - previous) / previous * 100
    )
    assert Decimal(total["previous_unit_cost"]) == previous / 100_000
    assert Decimal(total["unit_cost"]) == current / 100_000
    assert Decimal(total["unit_cost_change"]) == (current - previous) / 100_000


def test_file_diff_split(run_cli, two_files):
    base, head, base_prices, head_prices = two_files
    document = run_json(
        run_cli, base, head, "--pricing", head_prices, "--base-pricing", base_prices
    )
    design = document["designs"][0]
    repriced = monthly(100_000, 1000, 100, ("3", "10"))
    current = monthly(100_000, 1500, 100, ("3", "10"))
    previous = monthly(100_000, 1000, 100, ("2", "10"))

    from_design = Decimal(design["monthly_cost_change_from_design"])
    from_prices = Decimal(design["monthly_cost_change_from_prices"])
    assert from_design == current - repriced == Decimal(150)
    assert from_prices == repriced - previous == Decimal(100)
    assert from_design + from_prices == Decimal(design["monthly_cost_change"])
    assert Decimal(design["unit_cost_change_from_design"]) == Decimal("0.0015")
    assert Decimal(design["unit_cost_change_from_prices"]) == Decimal("0.001")
    assert design["components"][0]["monthly_cost_change_from_design"] == "150"
    assert design["components"][0]["monthly_cost_change_from_prices"] == "100"


def test_file_diff_money_is_decimal_strings(run_cli, two_files):
    base, head, base_prices, head_prices = two_files
    document = run_json(
        run_cli, base, head, "--pricing", head_prices, "--base-pricing", base_prices
    )
    design = document["designs"][0]
    for key in (
        "previous_monthly_cost",
        "monthly_cost",
        "monthly_cost_change",
        "monthly_cost_change_percent",
        "previous_unit_cost",
        "unit_cost",
        "unit_cost_change",
        "unit_cost_change_percent",
    ):
        assert isinstance(design[key], str), key
        assert isinstance(document["total"][key], str), key


def test_base_pricing_defaults_to_pricing(run_cli, two_files):
    base, head, _, head_prices = two_files
    document = run_json(run_cli, base, head, "--pricing", head_prices)
    design = document["designs"][0]
    assert design["previous_monthly_cost"] == "400"
    assert design["monthly_cost_change_from_prices"] == "0"
    assert design["monthly_cost_change_from_design"] == "150"


def test_price_date_split(run_cli, write_file):
    """The base is repriced at the head's pricing.as_of, from the catalog."""
    base = write_file(
        "base.yaml",
        design_text(model="openai/gpt-4o", as_of="2025-01-01", input_tokens=1000),
    )
    head = write_file(
        "head.yaml",
        design_text(model="openai/gpt-4o", as_of="2026-01-01", input_tokens=2000),
    )
    document = run_json(run_cli, base, head)
    design = document["designs"][0]

    assert design["previous_price_date"] == "2025-01-01"
    assert design["price_date"] == "2026-01-01"
    total_change = Decimal(design["monthly_cost_change"])
    parts = EXACT.add(
        Decimal(design["monthly_cost_change_from_design"]),
        Decimal(design["monthly_cost_change_from_prices"]),
    )
    assert parts == total_change


def test_split_unavailable_when_base_unpriceable(run_cli, write_file):
    """A head price file without the base's private model cannot reprice the base."""
    base = write_file("base.yaml", design_text(model="acme/old"))
    head = write_file("head.yaml", design_text(model="acme/chat"))
    base_prices = write_file("old.yaml", price_text("2", "10", model="acme/old"))
    head_prices = write_file("new.yaml", price_text("3", "10"))
    document = run_json(
        run_cli, base, head, "--pricing", head_prices, "--base-pricing", base_prices
    )
    design = document["designs"][0]

    assert design["monthly_cost_change"] == "100"
    assert design["monthly_cost_change_from_design"] is None
    assert design["monthly_cost_change_from_prices"] is None
    assert "base.yaml:11: components.answer.model" in design["split_error"]
    assert document["total"]["monthly_cost_change_from_design"] is None


def test_directory_diff_added_and_removed(run_cli, write_file, tmp_path):
    prices = write_file("prices.yaml", price_text("2", "10"))
    write_file("old/kept.yaml", design_text(name="Kept"))
    write_file("old/gone.yaml", design_text(name="Gone", units=50_000))
    write_file("new/kept.yaml", design_text(name="Kept"))
    write_file("new/sub/fresh.yaml", design_text(name="Fresh", units=200_000))
    write_file("new/notes.txt", "not a design")
    document = run_json(
        run_cli, tmp_path / "old", tmp_path / "new", "--pricing", prices
    )
    by_name = {item["name"]: item for item in document["designs"]}

    assert sorted(by_name) == ["Fresh", "Gone", "Kept"]
    assert by_name["Kept"]["status"] == "unchanged"
    assert by_name["Gone"]["status"] == "removed"
    assert by_name["Fresh"]["status"] == "added"
    assert by_name["Fresh"]["previous_monthly_cost"] == "0"
    assert by_name["Fresh"]["monthly_cost"] == "600"
    assert by_name["Fresh"]["monthly_cost_change_percent"] is None
    assert by_name["Fresh"]["unit_cost_change_percent"] is None
    assert by_name["Fresh"]["monthly_cost_change_from_design"] == "600"
    assert by_name["Gone"]["monthly_cost"] == "0"
    assert by_name["Gone"]["monthly_cost_change"] == "-150"
    assert Decimal(by_name["Gone"]["monthly_cost_change_percent"]) == -100
    assert by_name["Gone"]["monthly_cost_change_from_design"] == "-150"
    assert by_name["Gone"]["monthly_cost_change_from_prices"] == "0"
    assert document["total"]["monthly_cost_change"] == "450"
    assert document["total"]["added"] == 1
    assert document["total"]["removed"] == 1


def test_total_unit_cost_needs_shared_unit(run_cli, write_file, tmp_path):
    prices = write_file("prices.yaml", price_text("2", "10"))
    write_file("old/a.yaml", design_text(name="A"))
    write_file("new/a.yaml", design_text(name="A"))
    write_file("new/b.yaml", design_text(name="B", unit="agent run"))
    document = run_json(
        run_cli, tmp_path / "old", tmp_path / "new", "--pricing", prices
    )
    assert document["total"]["unit"] is None
    assert document["total"]["unit_cost"] is None
    assert document["total"]["unit_cost_change_percent"] is None


def test_component_added_and_removed(run_cli, write_file):
    prices = write_file("prices.yaml", price_text("2", "10"))
    extra = """\
  - name: router
    kind: llm
    model: acme/chat
    input_tokens: 500
    output_tokens: 0
"""
    base = write_file("base.yaml", design_text(extra_component=extra))
    head = write_file("head.yaml", design_text())
    document = run_json(run_cli, base, head, "--pricing", prices)
    components = {item["name"]: item for item in document["designs"][0]["components"]}

    # router: 100,000 × 500 × 2 / 1e6 = 100
    assert components["router"]["status"] == "removed"
    assert components["router"]["previous_monthly_cost"] == "100"
    assert components["router"]["monthly_cost"] == "0"
    assert components["router"]["model"] is None
    assert components["answer"]["status"] == "unchanged"
    assert components["answer"]["monthly_cost_change"] == "0"


def test_diff_table_headline(run_cli, two_files):
    base, head, base_prices, head_prices = two_files
    result = run_cli(
        "diff", base, head, "--pricing", head_prices, "--base-pricing", base_prices
    )
    assert result.exit_code == 0
    assert (
        "Monthly cost will increase by $250.00 (+83.3%); unit cost $0.0030 → "
        "$0.0055 per conversation." in result.stdout
    )
    assert "Design changes: +$150.00; price changes: +$100.00." in result.stdout


def test_diff_markdown_headline(run_cli, two_files):
    base, head, base_prices, head_prices = two_files
    result = run_cli(
        "diff",
        head,
        base,
        "--pricing",
        base_prices,
        "--base-pricing",
        head_prices,
        "--format",
        "markdown",
    )
    assert result.exit_code == 0
    assert not result.stdout.startswith("<!--")
    assert "**Monthly cost will decrease by $250.00 (-45.5%)" in result.stdout


def test_diff_needs_two_paths(run_cli, two_files):
    base, _, _, _ = two_files
    result = run_cli("diff", base)
    assert result.exit_code == 2
    assert "expected BASE and HEAD" in result.stderr


def test_diff_file_against_directory(run_cli, two_files, tmp_path):
    base, _, _, _ = two_files
    result = run_cli("diff", base, tmp_path)
    assert result.exit_code == 2
    assert "one is a file and the other a directory" in result.stderr


def test_diff_invalid_head_names_line(run_cli, write_file, two_files):
    base, _, _, head_prices = two_files
    text = design_text().replace("input_tokens: 1000", "input_tokens: -5")
    head = write_file("broken.yaml", text)
    result = run_cli("diff", base, head, "--pricing", head_prices)
    assert result.exit_code == 2
    assert "broken.yaml:12: components.answer.input_tokens" in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_output_written_atomically(run_cli, two_files, tmp_path):
    base, head, base_prices, head_prices = two_files
    output = tmp_path / "report.json"
    result = run_cli(
        "diff",
        base,
        head,
        "--pricing",
        head_prices,
        "--base-pricing",
        base_prices,
        "-f",
        "json",
        "-o",
        output,
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(output.read_text())["total"]["monthly_cost"] == "550"


def test_diff_refuses_to_overwrite_design(run_cli, two_files):
    base, head, _, head_prices = two_files
    before = head.read_text()
    result = run_cli("diff", base, head, "--pricing", head_prices, "-o", head)
    assert result.exit_code == 2
    assert head.read_text() == before


# Git: two commits that change the design, the price file, and the designs present.


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "repo")
    (root / "designs").mkdir()
    (root / "designs" / "chat.yaml").write_text(design_text(input_tokens=1000))
    (root / "designs" / "old.yaml").write_text(design_text(name="Old", units=50_000))
    (root / "prices.yaml").write_text(price_text("2", "10"))
    commit_all(root, "First version")

    (root / "designs" / "chat.yaml").write_text(
        design_text(input_tokens=1500, as_of="2026-02-01")
    )
    (root / "designs" / "old.yaml").unlink()
    (root / "designs" / "new.yaml").write_text(design_text(name="New", units=10_000))
    (root / "prices.yaml").write_text(price_text("3", "10"))
    commit_all(root, "Second version")
    monkeypatch.chdir(root)
    return root


def test_base_ref_reads_base_versions(run_cli, repo):
    document = run_json(
        run_cli, "--base-ref", "HEAD~1", "designs", "--pricing", "prices.yaml"
    )
    by_name = {item["name"]: item for item in document["designs"]}

    assert document["base"] == "HEAD~1"
    assert by_name["Chat assistant"]["file"] == "designs/chat.yaml"
    assert by_name["Chat assistant"]["previous_monthly_cost"] == "300"
    assert by_name["Chat assistant"]["monthly_cost"] == "550"
    assert by_name["Chat assistant"]["previous_price_date"] == "2026-01-01"
    assert by_name["Chat assistant"]["price_date"] == "2026-02-01"
    assert by_name["Old"]["status"] == "removed"
    assert by_name["Old"]["previous_monthly_cost"] == "150"
    assert by_name["New"]["status"] == "added"
    # New: 10,000 × (1000 × 3 + 100 × 10) / 1e6 = 40
    assert by_name["New"]["monthly_cost"] == "40"


def test_base_ref_absolute_path_same_as_relative(run_cli, repo):
    relative = run_json(
        run_cli, "--base-ref", "HEAD~1", "designs", "--pricing", "prices.yaml"
    )
    absolute = run_json(
        run_cli,
        "--base-ref",
        "HEAD~1",
        str(repo / "designs"),
        "--pricing",
        str(repo / "prices.yaml"),
    )
    statuses = {item["name"]: item["status"] for item in absolute["designs"]}
    assert statuses == {"Chat assistant": "changed", "Old": "removed", "New": "added"}
    assert absolute["total"] == relative["total"]


def test_base_ref_split_adds_up(run_cli, repo):
    document = run_json(
        run_cli, "--base-ref", "HEAD~1", "designs", "--pricing", "prices.yaml"
    )
    chat = next(
        item for item in document["designs"] if item["file"].endswith("chat.yaml")
    )
    total = document["total"]

    assert chat["monthly_cost_change_from_design"] == "150"
    assert chat["monthly_cost_change_from_prices"] == "100"
    assert Decimal(chat["monthly_cost_change_from_design"]) + Decimal(
        chat["monthly_cost_change_from_prices"]
    ) == Decimal(chat["monthly_cost_change"])
    # 250 (chat) - 150 (old removed) + 40 (new added)
    assert total["monthly_cost_change"] == "140"
    assert Decimal(total["monthly_cost_change_from_design"]) + Decimal(
        total["monthly_cost_change_from_prices"]
    ) == Decimal(total["monthly_cost_change"])
    assert total["monthly_cost_change_from_prices"] == "100"


def test_base_ref_uses_working_tree_head(run_cli, repo):
    (repo / "designs" / "chat.yaml").write_text(design_text(input_tokens=2000))
    document = run_json(
        run_cli, "--base-ref", "HEAD", "designs/chat.yaml", "--pricing", "prices.yaml"
    )
    design = document["designs"][0]
    # base: HEAD's 1,500 tokens; head: the uncommitted 2,000, both at rate 3.
    assert design["previous_monthly_cost"] == "550"
    assert design["monthly_cost"] == "700"
    assert design["monthly_cost_change_from_prices"] == "0"


def test_base_ref_glob(run_cli, repo):
    document = run_json(
        run_cli, "--base-ref", "HEAD~1", "designs/*.yaml", "--pricing", "prices.yaml"
    )
    files = sorted(item["file"] for item in document["designs"])
    assert files == ["designs/chat.yaml", "designs/new.yaml", "designs/old.yaml"]


def test_base_ref_from_subdirectory(run_cli, repo, monkeypatch):
    monkeypatch.chdir(repo / "designs")
    document = run_json(
        run_cli, "--base-ref", "HEAD~1", ".", "--pricing", "../prices.yaml"
    )
    files = sorted(item["file"] for item in document["designs"])
    assert files == ["chat.yaml", "new.yaml", "old.yaml"]
    chat = next(item for item in document["designs"] if item["file"] == "chat.yaml")
    assert chat["previous_monthly_cost"] == "300"


def test_base_ref_price_file_missing_at_base(run_cli, repo):
    (repo / "extra-prices.yaml").write_text(price_text("1", "1", model="acme/other"))
    result = run_cli(
        "diff",
        "--base-ref",
        "HEAD~1",
        "designs/chat.yaml",
        "--pricing",
        "prices.yaml",
        "--pricing",
        "extra-prices.yaml",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert "extra-prices.yaml does not exist at HEAD~1" in result.stderr


def test_base_ref_unknown_ref(run_cli, repo):
    result = run_cli("diff", "--base-ref", "origin/nowhere", "designs")
    assert result.exit_code == 2
    assert "base ref 'origin/nowhere' is not a commit" in result.stderr
    assert "git fetch" in result.stderr


def test_base_ref_option_like_ref(run_cli, repo):
    result = run_cli("diff", "--base-ref=--output=x", "designs")
    assert result.exit_code == 2
    assert "invalid base ref" in result.stderr


def test_base_ref_outside_repository(run_cli, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.yaml").write_text(design_text())
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_cli("diff", "--base-ref", "HEAD", "a.yaml")
    assert result.exit_code == 2
    assert "--base-ref needs a git repository" in result.stderr


def test_base_ref_path_missing_everywhere(run_cli, repo):
    result = run_cli("diff", "--base-ref", "HEAD~1", "nothing/here.yaml")
    assert result.exit_code == 2
    assert "no design files in the working tree or at HEAD~1" in result.stderr


def test_base_ref_invalid_base_names_revision(run_cli, repo):
    (repo / "designs" / "chat.yaml").write_text("version: 1\nname: [unclosed\n")
    commit_all(repo, "Break the design")
    (repo / "designs" / "chat.yaml").write_text(design_text())
    document = run_json(
        run_cli, "--base-ref", "HEAD", "designs/chat.yaml", "--pricing", "prices.yaml"
    )
    (chat,) = document["designs"]
    assert chat["previous_monthly_cost"] == "0"
    assert "counted from zero: HEAD:designs/chat.yaml:" in chat["split_error"]


def test_base_ref_invalid_head_still_fails(run_cli, repo):
    (repo / "designs" / "chat.yaml").write_text("version: 1\nname: [unclosed\n")
    result = run_cli(
        "diff", "--base-ref", "HEAD", "designs/chat.yaml", "--pricing", "prices.yaml"
    )
    assert result.exit_code == 2
    assert "designs/chat.yaml:" in result.stderr


def test_base_pricing_rejected_with_base_ref(run_cli, repo):
    result = run_cli(
        "diff",
        "--base-ref",
        "HEAD~1",
        "designs",
        "--base-pricing",
        "prices.yaml",
    )
    assert result.exit_code == 2
    assert "--base-pricing cannot be combined with --base-ref" in result.stderr


def test_glob_without_base_ref(run_cli, two_files, tmp_path):
    result = run_cli("diff", tmp_path / "*.yaml", tmp_path / "head.yaml")
    assert result.exit_code == 2
    assert "a glob needs --base-ref" in result.stderr


def test_base_ref_invalid_base_counted_from_zero(run_cli, tmp_path, monkeypatch):
    root = make_repo(tmp_path / "repo")
    (root / "designs").mkdir()
    broken = design_text(input_tokens=1000).replace("input_tokens:", "input_tokens: -")
    (root / "designs" / "chat.yaml").write_text(broken)
    (root / "prices.yaml").write_text(price_text("2", "10"))
    commit_all(root, "Broken design")
    (root / "designs" / "chat.yaml").write_text(design_text(input_tokens=1000))
    commit_all(root, "Repaired design")
    monkeypatch.chdir(root)

    document = run_json(
        run_cli, "--base-ref", "HEAD~1", "designs", "--pricing", "prices.yaml"
    )
    (chat,) = document["designs"]
    assert chat["previous_monthly_cost"] == "0"
    assert chat["monthly_cost"] == "300"
    assert "the base version could not be priced" in chat["split_error"]
