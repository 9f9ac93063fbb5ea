"""The example notebook runs headless, top to bottom, without errors."""

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_project8_notebook(root, tmp_path):
    path = root / "py" / "examples" / "project8.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    html = [o["data"]["text/html"] for o in outputs if "data" in o and "text/html" in o["data"]]
    assert any("chitieu-progress" in h and "84,7%" in h for h in html)
    assert any("chitieu-findings" in h and "32/2024/QH15" in h for h in html)
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # Arrow out: the country row of the dirty roll-up, read by polars,
    # keeps the valid 7623 (the typo and the repeat left out).
    (arrow_out,) = [cell for cell in nb.cells if cell.get("id") == "arrow-out"]
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in arrow_out.outputs)
    assert "7623" in shown and "P8.CCG" in shown
