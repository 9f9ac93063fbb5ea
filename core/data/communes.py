"""Regenerates `vn-communes.tsv` from the MIT-licensed `vietnamadminunits`
package (Tran Ngoc Minh Hieu, https://pypi.org/project/vietnamadminunits/).

    pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau
    python core/data/communes.py /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl

The build and the tests never download: they read the table this writes.
Lines (tab-separated, UTF-8, NFC):

    D  district-code  province-code(vn-2004)  name
    O  commune-code   district-code           name  new-codes
    N  commune-code   province-code(vn-2025)  name  area in 1/100 km²

`new-codes` is one code, or for a divided commune several joined by `,` with
`*` after the package's default new commune. An island district without
communes has an `O` line of its own code. Kinds are read from the names'
prefixes ("Phường", "Xã", "Thị trấn", "Đặc khu", "Quận", "Huyện"…).
"""

import json
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("vn-communes.tsv")


def fold(key):
    """A key without diacritics. The package keeps diacritics in the keys of
    new communes whose names differ only by them (Văn Lang and Văn Lăng in
    Thái Nguyên), so keys are matched exactly first and folded only when
    the exact key is unknown."""
    key = unicodedata.normalize("NFD", key.replace("đ", "d"))
    return "".join(c for c in key if not unicodedata.combining(c))


def nfc(text):
    return unicodedata.normalize("NFC", " ".join(text.split()))


def unit_name(name):
    """A name in NFC with its kind written as the official lists write it."""
    for wrong, right in (
        ("Thành Phố ", "Thành phố "),
        ("Thị Xã ", "Thị xã "),
        ("Thị Trấn ", "Thị trấn "),
        ("Đặc Khu ", "Đặc khu "),
    ):
        if name.startswith(wrong):
            name = right + name[len(wrong):]
    return nfc(name)


def main(wheel):
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp)
        data = Path(tmp) / "vietnamadminunits" / "data"
        db = sqlite3.connect(data / "dataset.db")
        converter = json.loads((data / "converter_2025.json").read_text("utf-8"))
        legacy = db.execute(
            "select provinceCode, districtCode, district, wardCode, ward,"
            " provinceKey, districtKey, wardKey from admin_units_legacy"
        ).fetchall()
        new = db.execute(
            "select provinceCode, wardCode, ward, wardAreaKm2, provinceKey, wardKey"
            " from admin_units"
        ).fetchall()
    exact = {(p, w): code for (_, code, _, _, p, w) in new}
    folded = {}
    for (_, code, _, _, p, w) in new:
        folded.setdefault((p, fold(w)), set()).add(code)

    def new_code(province, key):
        if (province, key) in exact:
            return exact[(province, key)]
        codes = folded.get((province, fold(key)), set())
        if len(codes) != 1:
            raise SystemExit(f"{province}/{key}: {len(codes)} new communes match")
        return next(iter(codes))

    targets = {}
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            for old in olds:
                targets.setdefault(old, []).append(new_code(province, ward))
    divided = set()
    for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, wards in olds.items():
            if old in targets:
                raise SystemExit(f"{old} is both whole and divided")
            divided.add(old)
            targets[old] = [
                new_code(province, w["newWardKey"]) + ("*" if w["isDefaultNewWard"] else "")
                for w in wards
            ]
    lines = []
    districts = {}
    for (p, d, dname, *_rest) in legacy:
        districts.setdefault(d, (p, unit_name(dname)))
    for d, (p, name) in sorted(districts.items()):
        lines.append(f"D\t{d}\t{p}\t{name}")
    missing = 0
    for (p, d, _, w, wname, pk, dk, wk) in sorted(legacy, key=lambda r: r[3] or r[1]):
        key = f"{pk}_{dk}_{wk or ''}"
        to = targets.get(key)
        if to is None:
            missing += 1
            continue
        code, name = (w, unit_name(wname)) if w else (d, unit_name(districts[d][1]))
        lines.append(f"O\t{code}\t{d}\t{name}\t{','.join(to)}")
    for (p, code, name, area, _, _) in sorted(new, key=lambda r: r[1]):
        lines.append(f"N\t{code}\t{p}\t{unit_name(name)}\t{'' if area is None else round(area * 100)}")
    header = [
        "# Vietnamese districts and communes before and after 2025-07-01.",
        "# Derived from vietnamadminunits 1.0.4 (MIT, (c) 2025 Tran Ngoc Minh Hieu)",
        "# by core/data/communes.py; see core/data/LICENSE-vietnamadminunits.",
    ]
    OUT.write_text("\n".join(header + lines) + "\n", "utf-8")
    print(f"{len(districts)} districts, {len(legacy)} old rows ({missing} without a link),"
          f" {len(divided)} divided, {len(new)} new communes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
