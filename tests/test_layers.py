"""The import contracts of pyproject.toml (DESIGN.md §3) hold on the tree, and a
deliberately wrong import breaks them: `lint-imports` (run on the tree by `make lint`)
is not a check that cannot fail."""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("app", "wrong_import", "contract"),
    [
        ("marketplace", "import listings.models", "Apps in layers"),  # the core imports no app
        ("translation", "import sellers.models", "translation is the engine only"),
        ("listings", "import messaging.models", "Apps in layers"),  # upwards
        ("escrow", "import listings.models", "Apps in layers"),  # one layer, not each other
        ("messaging", "from sellers import views", "No app imports the sellers' views"),
    ],
)
def test_a_wrong_import_breaks_a_contract(app, wrong_import, contract):
    probe = ROOT / app / f"_layer_probe_{uuid.uuid4().hex[:8]}.py"
    probe.write_text(f"{wrong_import}  # a deliberate violation, removed after the test\n")
    try:
        result = lint_imports()
    finally:
        probe.unlink()
    assert result.returncode != 0, result.stdout
    assert contract in result.stdout and probe.stem in result.stdout, result.stdout[-3000:]
