"""The examples in the package's docstrings and in its README run and give
what they say (doctest), and every entry point of the public API has one."""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import chitieu

# Every module of the installed package, found rather than listed.
MODULES = sorted(["chitieu"] + [f"chitieu.{m.name}" for m in pkgutil.iter_modules(chitieu.__path__)])


@pytest.mark.parametrize("name", [m for m in MODULES if m != "chitieu._chitieu"])
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    if name == "chitieu.dask":
        pytest.importorskip("dask.dataframe")
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed (printed above)"


def test_package_readme_examples_run(root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(root / "py" / "README.md"), module_relative=False, report=True)
    assert result.attempted >= 2
    assert result.failed == 0


def _entry_points():
    """The public API's entry points: what ``chitieu.__all__`` exports and
    the public methods of :class:`chitieu.Dataset`. Error subclasses share
    the example of :class:`chitieu.ChitieuError`."""
    for name in chitieu.__all__:
        item = getattr(chitieu, name)
        if inspect.isclass(item) and issubclass(item, chitieu.ChitieuError) and item is not chitieu.ChitieuError:
            continue
        yield f"chitieu.{name}", item
    for name, item in vars(chitieu.Dataset).items():
        if not name.startswith("_"):
            yield f"chitieu.Dataset.{name}", getattr(chitieu.Dataset, name)


@pytest.mark.parametrize("name,item", list(_entry_points()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_entry_point_has_an_example(name, item):
    examples = doctest.DocTestParser().get_examples(inspect.getdoc(item) or "")
    assert examples, f"{name} has no example in its docstring"


@pytest.mark.parametrize("name", ["chitieu", "chitieu.partitions", "chitieu.dask"])
def test_modules_open_with_an_example(name):
    if name == "chitieu.dask":
        pytest.importorskip("dask.dataframe")
    module = importlib.import_module(name)
    assert doctest.DocTestParser().get_examples(module.__doc__ or ""), f"{name} has no example"
