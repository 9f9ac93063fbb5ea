"""Every ```python block of the README runs as written."""

import re


def test_readme_python_blocks(root, tmp_path, monkeypatch):
    # The blocks write files (a workbook): in a scratch directory.
    monkeypatch.chdir(tmp_path)
    text = (root / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README shows Python use"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
