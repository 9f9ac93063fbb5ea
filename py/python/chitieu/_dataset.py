"""The :class:`Dataset`: a framework, its areas, observations, activities
and plans, held on the Rust side."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _chitieu
from ._arguments import as_list, typed_class
from ._convert import DateLike, iso_date, read_bytes, read_file, to_json, unicode_text
from ._frames import columns_of, columns_of_polars
from ._reports import Findings, ProgressReport, Rollup

Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def validate_options(
    disabled: Sequence[str],
    severity: Optional[Mapping[str, str]],
    rules: Sequence[Mapping[str, Any]],
    options: Mapping[str, Any],
) -> str:
    """The options of a validation run as the core reads them (JSON). A
    ``str`` for ``disabled`` or ``rules`` is refused naming the argument,
    as everywhere in the API: it is not a list of one rule."""
    opts: Dict[str, Any] = dict(
        options,
        disabled=as_list(disabled, "disabled", "validate"),
        rules=as_list(rules, "rules", "validate"),
    )
    if severity is not None:
        opts["severity"] = dict(severity)
    return to_json(opts)


def progress_options(options: Mapping[str, Any], lang: str, decimals: int, pace_period: str) -> Dict[str, Any]:
    """The contract's progress options from keyword arguments; the sentences
    are always written (``text``), so that ``to_text`` has them."""
    return dict({"text": True}, **options, lang=lang, decimals=decimals, pace_period=pace_period)


@typed_class
class Dataset:
    """A data set of the JSON contract, checked and computed on in Rust.

    Build one with :func:`chitieu.builtin`, :meth:`from_json`,
    :meth:`from_csv`, :meth:`from_pandas`, :meth:`from_polars` or
    :meth:`from_arrow`; compute with :meth:`progress`, :meth:`validate`,
    :meth:`rollup`, :meth:`scores` and :meth:`rebase`.

    >>> import chitieu
    >>> data = chitieu.Dataset.builtin("project8")
    >>> len(data)                                        # observations
    8
    >>> data.progress(as_of="2023-12-31")["P8.CCG"].display["percent"]
    '84,7%'
    """

    def __init__(self, inner: _chitieu.Dataset) -> None:
        self._inner = inner

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_json(cls, source: Source) -> "Dataset":
        """From a dict, or the JSON file at a path (``str`` or
        ``os.PathLike``; JSON text goes to :meth:`from_json_text`).

        >>> import chitieu
        >>> data = chitieu.Dataset.from_json({
        ...     "version": 1, "builtin_framework": "project8",
        ...     "areas": [
        ...         {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
        ...         {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
        ...         {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"}],
        ...     "observations": [{"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410}]})
        >>> data
        <chitieu.Dataset NTP-1719: 3 areas, 1 observations, 0 activities>
        """
        text = to_json(source) if isinstance(source, Mapping) else read_file(source)
        return cls(_chitieu.Dataset.from_json(text))

    @classmethod
    def from_json_text(cls, text: str) -> "Dataset":
        """From JSON text (never read as a path).

        >>> import chitieu
        >>> text = chitieu.builtin().to_json()
        >>> len(chitieu.Dataset.from_json_text(text))
        8
        """
        return cls(_chitieu.Dataset.from_json(unicode_text(text)))

    @classmethod
    def builtin(cls, name: str = "project8") -> "Dataset":
        """A built-in data set: ``"project8"`` or ``"sample-province"``.

        >>> import chitieu
        >>> sample = chitieu.Dataset.builtin("sample-province")
        >>> len(sample)
        11
        >>> sample.check()                 # its mistakes: the first is an error
        Traceback (most recent call last):
          ...
        chitieu._errors.InvalidValueError: [invalid-value] invalid value: `value` is negative (-3): counts, ratio parts and coverage never are (rule value.negative): this figure cannot count (at $.observations[5].value) — to see every problem: validate(); to compute on the valid rows: invalid="exclude"
        """
        return cls(_chitieu.Dataset.builtin(name))

    @classmethod
    def _base(
        cls,
        framework: Union[str, Mapping[str, Any], "Dataset"],
        areas: Optional[Iterable[Mapping[str, Any]]],
    ) -> "Dataset":
        if isinstance(framework, Dataset) and areas is None:
            # Every partition of a cluster starts here: no JSON trip.
            return cls(framework._inner.framework_and_areas())
        if isinstance(framework, Dataset):
            base = json.loads(framework.to_json())
            body: Dict[str, Any] = {"version": 1, "framework": base["framework"]}
            body["areas"] = list(areas) if areas is not None else base.get("areas", [])
        elif isinstance(framework, str):
            body = {"version": 1, "builtin_framework": framework, "areas": list(areas or [])}
            if areas is None:
                body["areas"] = json.loads(_chitieu.Dataset.builtin(framework).to_json())["areas"]
        else:
            body = {"version": 1, "framework": dict(framework), "areas": list(areas or [])}
        return cls.from_json(body)

    @classmethod
    def from_pandas(
        cls,
        frame: Any,
        *,
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> "Dataset":
        """From a tidy pandas DataFrame, one observation per row.

        Columns: ``indicator``, ``area``, ``period`` (required), ``value``,
        ``numerator``, ``denominator``, ``source`` and ``dim:<dimension>``.
        The frame is handed over as columns: no Python object per row.
        ``framework`` is a built-in name, a framework dict or a Dataset whose
        framework (and, unless ``areas`` is given, areas) to use.

        >>> import chitieu, pandas as pd
        >>> frame = pd.DataFrame({"indicator": ["P8.CCG", "P8.LEADERS"], "area": ["VN", "VN"],
        ...                       "period": ["2023", "2023"], "value": [7623, 1132]})
        >>> report = chitieu.Dataset.from_pandas(frame).progress(as_of="2023-12-31", lang="en")
        >>> report["P8.LEADERS"].display["percent"]      # 1,132 of 1,800
        '62.9%'
        """
        return cls._with_columns(columns_of(frame), framework, areas)

    @classmethod
    def _with_columns(
        cls,
        table: Tuple[int, Dict[str, Any]],
        framework: Union[str, Mapping[str, Any], "Dataset"],
        areas: Optional[Iterable[Mapping[str, Any]]],
    ) -> "Dataset":
        rows, spec = table
        return cls(cls._base(framework, areas)._inner.with_columns(rows, spec))

    @classmethod
    def from_polars(
        cls,
        frame: Any,
        *,
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> "Dataset":
        """From a tidy polars DataFrame: read through Arrow (polars ≥ 1.3),
        with no copy through pandas; older polars go through pandas.

        >>> import chitieu, polars as pl
        >>> frame = pl.DataFrame({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": [7623]})
        >>> chitieu.Dataset.from_polars(frame).observations()
        [{'indicator': 'P8.CCG', 'area': 'VN', 'period': '2023', 'value': 7623, 'status': 'submitted'}]
        """
        if hasattr(frame, "__arrow_c_stream__"):
            return cls.from_arrow(frame, framework=framework, areas=areas)
        return cls._with_columns(columns_of_polars(frame), framework, areas)

    @classmethod
    def from_arrow(
        cls,
        data: Any,
        *,
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> "Dataset":
        """From any Arrow table — an object with ``__arrow_c_stream__`` or
        ``__arrow_c_array__``: a pyarrow ``Table``, ``RecordBatch`` or
        ``RecordBatchReader``, a polars ``DataFrame``, a pandas ≥ 2.2
        ``DataFrame`` (with pyarrow installed), or any other producer of the
        Arrow PyCapsule interface.

        The same columns as :meth:`from_pandas`; text may be plain, large,
        view or dictionary strings, numbers any integer or float type. Read
        in Rust through the Arrow PyCapsule interface: no Python object per
        row, and pyarrow is not needed.

        >>> import chitieu, pyarrow as pa
        >>> table = pa.table({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": [7623]})
        >>> len(chitieu.Dataset.from_arrow(table, framework="project8"))
        1
        """
        return cls(cls._base(framework, areas)._inner.with_arrow(data))

    @classmethod
    def from_csv(
        cls,
        path: Union[str, "os.PathLike[str]"],
        *,
        number_format: str,
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> "Dataset":
        """From the tidy CSV file at ``path`` (CSV text goes to
        :meth:`from_csv_text`). ``number_format`` is ``"vi"`` (``7.623``,
        ``84,7``) or ``"en"`` (``7,623``, ``84.7``): never guessed.

        >>> import chitieu, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.csv"
        >>> _ = path.write_text('indicator,area,period,value\\nP8.CCG,VN,2023,"7.623"\\n', encoding="utf-8")
        >>> chitieu.Dataset.from_csv(path, number_format="vi").observations()[0]["value"]
        7623

        A mistake is an error naming the file's line:

        >>> _ = path.write_text("indicator,area,period,value\\nP8.CCG,VN,2023,bảy\\n", encoding="utf-8")
        >>> try:
        ...     chitieu.Dataset.from_csv(path, number_format="vi")
        ... except chitieu.ChitieuError as error:
        ...     print(error.code, error.line)
        invalid-number 2
        """
        data = read_bytes(path)
        return cls(cls._base(framework, areas)._inner.with_csv_file(data, number_format, str(path)))

    @classmethod
    def from_csv_text(
        cls,
        text: str,
        *,
        number_format: str,
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> "Dataset":
        """From tidy CSV text (never read as a path).

        >>> import chitieu
        >>> csv = "indicator,area,period,value\\nP8.CCG,VN,2023,7623\\nP8.CCG,VN,2023,7623\\n"
        >>> data = chitieu.Dataset.from_csv_text(csv, number_format="en")
        >>> data.validate(as_of="2023-12-31").summary["by_rule"]
        {'reporting.duplicate': 1}
        """
        # Read on the Rust side: no Python object per row.
        base = cls._base(framework, areas)
        return cls(base._inner.with_csv(unicode_text(text), number_format))

    # -- computation -----------------------------------------------------------
    def progress(
        self,
        as_of: DateLike,
        *,
        lang: str = "vi",
        phase: Optional[str] = None,
        area: Optional[str] = None,
        decimals: int = 1,
        pace_period: str = "year",
        invalid: str = "error",
        **options: Any,
    ) -> ProgressReport:
        """Progress of every indicator at ``area`` (default: the root) as of
        a date. ``invalid="exclude"`` computes on what the data check
        accepts and lists what it left out in ``report.excluded`` (the
        default, ``"error"``, raises at the first problem). Other options of
        the contract (``thresholds``, ``maintain_tolerance_percent``,
        ``basically_achieved_percent``, ``overshoot``) pass through as
        keyword arguments.

        >>> import chitieu
        >>> report = chitieu.builtin().progress(as_of="2023-12-31", lang="en")
        >>> groups = report["P8.CCG"]                   # 7,623 of 9,000 groups
        >>> groups.display["percent"], groups.remaining, groups.status
        ('84.7%', 1377, 'in-progress')
        >>> report["P8.TRUSTED"].status                 # 1,462 of 1,000
        'exceeded'
        """
        opts = progress_options(options, lang, decimals, pace_period)
        result, html, table = self._inner.progress(iso_date(as_of), phase, area, to_json(opts), invalid)
        return ProgressReport(json.loads(result), html, lang, table)

    def scores(
        self,
        as_of: DateLike,
        *,
        phase: Optional[str] = None,
        area: Optional[str] = None,
        invalid: str = "error",
        **options: Any,
    ) -> Dict[str, Any]:
        """Scores of the sub-areas of ``area`` (default: the root) and of the
        components at it: targets achieved and on track, the distribution
        of percent achieved, and a ranking (the contract's ``scores`` op;
        progress options such as ``basically_achieved_percent`` pass
        through; ``invalid`` as for :meth:`progress`).

        >>> import chitieu
        >>> scores = chitieu.builtin().scores(as_of="2023-12-31")
        >>> sorted(scores)
        ['area', 'areas', 'as_of', 'basically_achieved_percent', 'components', 'distribution', 'overall', 'phase']
        """
        opts = to_json(dict(options)) if options else None
        result: Dict[str, Any] = json.loads(self._inner.scores(iso_date(as_of), phase, area, opts, invalid))
        return result

    def rollup(
        self,
        as_of: DateLike,
        *,
        phase: Optional[str] = None,
        indicator: Optional[str] = None,
        invalid: str = "error",
    ) -> Rollup:
        """Every indicator (or ``indicator``) rolled up over the phase to
        ``as_of``, to every area of the hierarchy: ``{"window", "indicators":
        [{"indicator", "rows": [{"area", "level", "value", ...}]}]}``, also
        a table (``to_pandas()``, ``to_polars()``, ``pl.DataFrame(r)``).

        Real files have typos and repeats: ``invalid="exclude"`` rolls up
        what the data check accepts (the first report of a repeated key is
        kept) and adds ``"excluded"``: ``{"total", "by_reason": {reason:
        {"count", "first": [paths], "reason": {"vi", "en"}}}}``.

        >>> import chitieu
        >>> data = chitieu.Dataset.from_json({
        ...     "version": 1, "builtin_framework": "project8",
        ...     "areas": [
        ...         {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
        ...         {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
        ...         {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"}],
        ...     "observations": [
        ...         {"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410},
        ...         {"indicator": "P8.CCG", "area": "08", "period": "2023", "value": 385},
        ...         {"indicator": "P8.CCG", "area": "88", "period": "2023", "value": 5}]})
        >>> rolled = data.rollup(as_of="2023-12-31", indicator="P8.CCG", invalid="exclude")
        >>> [(row["area"], row["value"]) for row in rolled["indicators"][0]["rows"]]
        [('VN', 795), ('02', 410), ('08', 385)]
        >>> rolled["excluded"]["by_reason"]["unknown-area"]["first"]
        ['$.observations[2]']
        """
        result, table = self._inner.rollup(iso_date(as_of), phase, indicator, invalid)
        return Rollup(json.loads(result), table)

    def validate(
        self,
        as_of: DateLike,
        *,
        lang: str = "vi",
        disabled: Sequence[str] = (),
        severity: Optional[Mapping[str, str]] = None,
        rules: Sequence[Mapping[str, Any]] = (),
        **options: Any,
    ) -> Findings:
        """Every finding of every rule as of a date. ``disabled`` switches
        rules off, ``severity`` overrides severities, ``rules`` adds
        user-defined rules; other options (``stock_drop_percent``,
        ``eligibility``) pass through.

        >>> import chitieu
        >>> findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31", lang="en")
        >>> findings
        <Findings as of 2024-12-31: 10 (7 error, 3 warning), 26 rules>
        >>> findings.summary["by_rule"]["legal.savings-and-loan"]
        1
        >>> quiet = chitieu.builtin("sample-province").validate(
        ...     as_of="2024-12-31", disabled=["legal.savings-and-loan"], severity={"value.negative": "warning"})
        >>> quiet.summary["total"], quiet.summary["by_severity"]
        (9, {'error': 5, 'warning': 4})
        """
        text = validate_options(disabled, severity, rules, options)
        return Findings(self._inner.validate(iso_date(as_of), text, lang), lang)

    def rebase(
        self,
        *,
        crosswalk: Union[Tuple[str, str], Mapping[str, Any]] = ("vn-2004", "vn-2025"),
        schemes: Optional[Mapping[str, Any]] = None,
        divided: Optional[str] = None,
        weights: Optional[Sequence[Mapping[str, Any]]] = None,
    ) -> "Rebased":
        """This data set in another area scheme: the built-in
        ``("vn-2004", "vn-2025")`` crosswalk by default (provinces, districts
        and communes), or a crosswalk dict with ``links`` (and the
        ``schemes`` it names). A divided commune is shared out by the new
        communes' surface, or wholly to its primary part with
        ``divided="primary"``; ``weights`` (links ``{"from", "to", "weight"}``)
        replace the links of the areas they name. Whatever cannot be mapped
        is in the result's ``unmapped``.

        >>> import chitieu
        >>> data = chitieu.Dataset.from_json({      # Hà Giang + Tuyên Quang → Tuyên Quang (2025)
        ...     "version": 1, "builtin_framework": "project8",
        ...     "areas": [
        ...         {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
        ...         {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
        ...         {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"}],
        ...     "observations": [
        ...         {"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410},
        ...         {"indicator": "P8.CCG", "area": "08", "period": "2023", "value": 385}]})
        >>> rebased = data.rebase()
        >>> rebased.data.observations()[0]["area"], rebased.data.observations()[0]["value"]
        ('08', 795)
        >>> rebased.unmapped
        []
        """
        reference: Dict[str, Any] = {"from": crosswalk[0], "to": crosswalk[1]} if isinstance(crosswalk, tuple) else dict(crosswalk)
        if divided is not None:
            reference["divided"] = divided
        if weights is not None:
            # Mappings become dicts for JSON; anything else goes as it is,
            # for the core to name (`$.crosswalk.weights[0]`).
            reference["weights"] = [dict(w) if isinstance(w, Mapping) else w for w in weights]
        request: Dict[str, Any] = {"version": 1, "op": "rebase", "data": self.to_dict(), "crosswalk": reference}
        if schemes is not None:
            request["schemes"] = dict(schemes)
        result = json.loads(_chitieu.evaluate(to_json(request)))["result"]
        return Rebased(Dataset.from_json(result["data"]), result["unmapped"], result["merged_observations"])

    @classmethod
    def from_dhis2(
        cls,
        data_values: Union[Mapping[str, Any], str],
        *,
        mapping: Mapping[str, Any],
        framework: Union[str, Mapping[str, Any], "Dataset"] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
        invalid: str = "error",
    ) -> "Dhis2Import":
        """Reads a DHIS2 ``dataValueSets`` file: the JSON document (a dict)
        or DHIS2's CSV (a str, columns by position, header optional).
        ``mapping`` says which indicator, breakdown and area each data
        element, combo and organisation unit is (the exchange guide).
        Values are typed by their indicator; ``deleted`` ones are skipped
        and counted; ``storedBy``, ``comment``… are kept in
        ``annotations``. With ``invalid="exclude"`` every value that cannot
        be read is listed in ``problems`` and the rest is read.

        >>> import chitieu
        >>> mapping = {"data_elements": [{"uid": "fbfJHSPpUQD", "indicator": "P8.CCG"}],
        ...            "org_units": [{"uid": "ImspTQPwCqd", "area": "VN"}]}
        >>> read = chitieu.Dataset.from_dhis2(
        ...     {"period": "2023", "orgUnit": "ImspTQPwCqd",
        ...      "dataValues": [{"dataElement": "fbfJHSPpUQD", "value": "7623", "storedBy": "admin"}]},
        ...     mapping=mapping)
        >>> read.data.progress(as_of="2023-12-31")["P8.CCG"].display["percent"]
        '84,7%'
        >>> read.annotations
        [{'observation': 0, 'part': 'value', 'stored_by': 'admin'}]

        A value that cannot be read names its place in the file:

        >>> chitieu.Dataset.from_dhis2("fbfJHSPpUQD,2024WedW5,ImspTQPwCqd,,,12\\n", mapping=mapping)
        Traceback (most recent call last):
        ...
        chitieu._errors.InvalidValueError: [invalid-period] invalid period `2024WedW5`: the DHIS2 period type WeeklyWednesday is not supported (at period, line 1, character 2)
        """
        base = cls._base(framework, areas)
        request: Dict[str, Any] = {"version": 1, "op": "read-dhis2", "data": base.to_dict(), "mapping": dict(mapping), "invalid": invalid}
        if isinstance(data_values, str):
            request["csv"] = data_values
        else:
            request["json"] = dict(data_values)
        result = json.loads(_chitieu.evaluate(to_json(request)))["result"]
        return Dhis2Import(Dataset.from_json(result["data"]), result["imported"], result["deleted"], result["problems"], result["annotations"])

    def to_dhis2(
        self,
        *,
        mapping: Mapping[str, Any],
        format: str = "json",
        levels: Optional[Sequence[str]] = None,
        annotations: Optional[Sequence[Mapping[str, Any]]] = None,
        invalid: str = "error",
    ) -> "Dhis2Export":
        """This data set as DHIS2 ``dataValueSets``: ``format="json"`` (the
        document, a dict) or ``"csv"`` (text), through ``mapping``.
        ``levels`` (e.g. ``["province"]``) writes the totals rolled up to
        those area levels instead; ``annotations`` from
        :meth:`from_dhis2` are written back. With ``invalid="exclude"``
        what cannot be written (a 2021–2023 period DHIS2 has no type for, an
        indicator the mapping lacks) is listed in ``problems``.

        >>> import chitieu
        >>> mapping = {"data_elements": [{"uid": "ccg", "indicator": "P8.CCG"}], "org_units": [{"uid": "vn", "area": "VN"}]}
        >>> out = chitieu.builtin().to_dhis2(mapping=mapping, invalid="exclude")
        >>> out.document["dataValues"]
        [{'dataElement': 'ccg', 'period': '2023', 'orgUnit': 'vn', 'value': '7623'}]
        >>> out.values, len(out.problems)
        (1, 7)
        """
        options: Dict[str, Any] = {"format": format, "invalid": invalid}
        if levels is not None:
            options["levels"] = list(levels)
        if annotations is not None:
            options["annotations"] = [dict(a) for a in annotations]
        request = {"version": 1, "op": "write-dhis2", "data": self.to_dict(), "mapping": dict(mapping), "options": options}
        result = json.loads(_chitieu.evaluate(to_json(request)))["result"]
        document = result["json"] if "json" in result else result["csv"]
        return Dhis2Export(document, result["values"], result["problems"])

    def dhis2_rules(self, rules: Union[Mapping[str, Any], Sequence[Mapping[str, Any]]], *, mapping: Mapping[str, Any]) -> Dict[str, Any]:
        """DHIS2 validation rules (metadata ``{"validationRules": [...]}``
        or the list) as user rules for :meth:`validate`'s ``rules``:
        ``{"rules": [...], "not_converted": [{"path", "id", "name",
        "reason"}]}``. Operators, missing-value strategies, importance,
        period types and levels keep DHIS2's meaning.

        >>> import chitieu
        >>> mapping = {"data_elements": [{"uid": "ccg", "indicator": "P8.CCG"}, {"uid": "lead", "indicator": "P8.LEADERS"}],
        ...            "org_units": [{"uid": "vn", "area": "VN"}]}
        >>> converted = chitieu.builtin().dhis2_rules({"validationRules": [
        ...     {"id": "ccgLeaders1", "operator": "greater_than_or_equal_to", "importance": "HIGH",
        ...      "leftSide": {"expression": "#{ccg}"}, "rightSide": {"expression": "#{lead} * 7"}},
        ...     {"id": "constant001", "operator": "less_than",
        ...      "leftSide": {"expression": "#{ccg}"}, "rightSide": {"expression": "C{abcdefghijk}"}}]}, mapping=mapping)
        >>> converted["rules"][0]["expression"]
        '#{P8.CCG} >= #{P8.LEADERS} * 7'
        >>> converted["not_converted"][0]["reason"]["en"]
        'a constant (C{…}) at column 1 of `C{abcdefghijk}` cannot be converted to a chitieu rule'
        >>> chitieu.builtin().validate(as_of="2023-12-31", rules=converted["rules"]).summary["by_rule"]["ccgLeaders1"]   # 7,623 < 7 × 1,132
        1
        """
        request = {"version": 1, "op": "dhis2-rules", "data": self.to_dict(), "rules": rules if isinstance(rules, Mapping) else list(rules), "mapping": dict(mapping)}
        result: Dict[str, Any] = json.loads(_chitieu.evaluate(to_json(request)))["result"]
        return result

    def to_iati(self, *, activity: Mapping[str, Any], as_of: DateLike) -> str:
        """The results of this data set as of ``as_of`` as an IATI 2.03
        activity file (XML text): a ``<result>`` per component, an
        ``<indicator>`` per indicator with its targets and actuals, the
        header from ``activity`` (``identifier``, ``reporting_org``,
        ``description``, ``participating_orgs``…; the exchange guide).

        >>> import chitieu
        >>> org = {"ref": "VN-WU", "type": "22", "name": {"vi": "Hội LHPN Việt Nam", "en": "Viet Nam Women's Union"}}
        >>> xml = chitieu.builtin().to_iati(as_of="2023-12-31", activity={
        ...     "identifier": "VN-WU-P8", "reporting_org": org,
        ...     "description": {"vi": "Dự án 8", "en": "Project 8"},
        ...     "participating_orgs": [dict(org, role="4")]})
        >>> '<target value="9000"/>' in xml and '<actual value="7623">' in xml
        True
        """
        request = {"version": 1, "op": "write-iati", "data": self.to_dict(), "as_of": iso_date(as_of), "activity": dict(activity)}
        result = json.loads(_chitieu.evaluate(to_json(request)))["result"]
        xml: str = result["xml"]
        return xml

    def framework_and_areas(self) -> "Dataset":
        """This data set's framework and areas alone: the set-up that
        observations read elsewhere (a cluster's partitions) are checked
        against.

        >>> import chitieu
        >>> len(chitieu.builtin().framework_and_areas())
        0
        """
        return Dataset(self._inner.framework_and_areas())

    def check(self) -> Dict[str, int]:
        """Checks the data set strictly (raises on the first problem) and
        counts what it holds.

        >>> import chitieu
        >>> chitieu.builtin().check()
        {'indicators': 9, 'areas': 1, 'observations': 8, 'activities': 0}
        """
        counts: Dict[str, int] = json.loads(self._inner.check())
        return counts

    # -- output ----------------------------------------------------------------
    def to_json(self) -> str:
        """The data set as JSON text of the contract.

        >>> import chitieu, json
        >>> json.loads(chitieu.builtin().to_json())["framework"]["code"]
        'NTP-1719'
        """
        return self._inner.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The data set as a dict of the contract.

        >>> import chitieu
        >>> sorted(chitieu.builtin().to_dict())
        ['areas', 'framework', 'observations', 'version']
        """
        data: Dict[str, Any] = json.loads(self.to_json())
        return data

    def observations(self) -> List[Dict[str, Any]]:
        """The observations as dicts of the contract.

        >>> import chitieu
        >>> chitieu.builtin().observations()[0]["value"]
        7623
        """
        observations: List[Dict[str, Any]] = self.to_dict()["observations"]
        return observations

    def __len__(self) -> int:
        return len(self._inner)

    def __repr__(self) -> str:
        return repr(self._inner)

    def __getstate__(self) -> Dict[str, str]:
        return {"json": self.to_json()}

    def __setstate__(self, state: Dict[str, str]) -> None:
        self._inner = _chitieu.Dataset.from_json(state["json"])


@typed_class
class Rebased:
    """A data set re-based to another area scheme, and what could not be
    mapped (each with ``kind``, ``path``, ``area`` and ``reason``).

    >>> import chitieu
    >>> rebased = chitieu.builtin().rebase()     # the national figures: nothing to map
    >>> rebased
    <Rebased <chitieu.Dataset NTP-1719: 1 areas, 8 observations, 0 activities>: 0 observations merged, 0 unmapped>
    """

    def __init__(self, data: Dataset, unmapped: List[Dict[str, Any]], merged_observations: int) -> None:
        self.data = data
        self.unmapped = unmapped
        self.merged_observations = merged_observations

    def to_dicts(self, lang: str = "vi") -> List[Dict[str, Any]]:
        """The unmapped records, one flat dict each."""
        return [{"kind": u["kind"], "path": u["path"], "area": u["area"], "reason": u["reason"][lang]} for u in self.unmapped]

    def to_pandas(self, lang: str = "vi"):  # type: ignore[no-untyped-def]
        """The unmapped records as a DataFrame."""
        from ._reports import _pandas

        return _pandas().DataFrame(self.to_dicts(lang), columns=["kind", "path", "area", "reason"])

    def __repr__(self) -> str:
        return f"<Rebased {self.data!r}: {self.merged_observations} observations merged, {len(self.unmapped)} unmapped>"


class Dhis2Import:
    """What :meth:`Dataset.from_dhis2` read: the data set with the values
    added (``data``), how many observations were ``imported``, how many
    values were ``deleted`` in DHIS2 and skipped, the ``problems`` (with
    ``invalid="exclude"``) and the ``annotations`` (DHIS2's ``storedBy``,
    ``comment``… by observation and part, for :meth:`Dataset.to_dhis2`).

    >>> import chitieu
    >>> mapping = {"data_elements": [{"uid": "ccg", "indicator": "P8.CCG"}], "org_units": [{"uid": "vn", "area": "VN"}]}
    >>> chitieu.Dataset.from_dhis2("ccg,2023,vn,,,7623\\nccg,2024,vn,,,80,,,,,true\\n", mapping=mapping)
    <Dhis2Import <chitieu.Dataset NTP-1719: 1 areas, 1 observations, 0 activities>: 1 imported, 1 deleted, 0 problems>
    """

    def __init__(self, data: Dataset, imported: int, deleted: int, problems: List[Dict[str, Any]], annotations: List[Dict[str, Any]]) -> None:
        self.data = data
        self.imported = imported
        self.deleted = deleted
        self.problems = problems
        self.annotations = annotations

    def __repr__(self) -> str:
        return f"<Dhis2Import {self.data!r}: {self.imported} imported, {self.deleted} deleted, {len(self.problems)} problems>"


class Dhis2Export:
    """What :meth:`Dataset.to_dhis2` wrote: the ``document`` (the JSON
    document as a dict, or the CSV text), how many ``values`` and the
    ``problems`` left out (with ``invalid="exclude"``).

    >>> import chitieu
    >>> mapping = {"data_elements": [{"uid": "ccg", "indicator": "P8.CCG"}], "org_units": [{"uid": "vn", "area": "VN"}]}
    >>> out = chitieu.builtin().to_dhis2(mapping=mapping, format="csv", invalid="exclude")
    >>> out
    <Dhis2Export: 1 values, 7 problems>
    >>> out.document.splitlines()[1]
    'ccg,2023,vn,,,7623,,,,'
    """

    def __init__(self, document: Union[Dict[str, Any], str], values: int, problems: List[Dict[str, Any]]) -> None:
        self.document = document
        self.values = values
        self.problems = problems

    def __repr__(self) -> str:
        return f"<Dhis2Export: {self.values} values, {len(self.problems)} problems>"
