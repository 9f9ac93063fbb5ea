//! The `chitieu` binary as a user runs it: every command, every format it
//! writes (and the ones it refuses), every exit code, and bad files.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn chitieu() -> Command {
    Command::cargo_bin("chitieu").unwrap()
}

/// Runs `args`; returns the exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = chitieu().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A file in a fresh temporary directory (kept for the test's length).
fn file(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

const PROVINCES: &str = r#"{"version": 1, "builtin_framework": "project8",
  "areas": [
    {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
    {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
    {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"}],
  "observations": [
    {"indicator": "P8.CCG", "area": "02", "period": "2023", "value": 410},
    {"indicator": "P8.CCG", "area": "08", "period": "2023", "value": 385}]}"#;

#[test]
fn progress_in_every_format() {
    let (code, table, _) = run(&["progress"]);
    assert_eq!(code, 0);
    assert!(
        table.contains("7.623") && table.contains("84,7%"),
        "{table}"
    );
    let (_, text, _) = run(&["progress", "--format", "text"]);
    assert!(text.contains("- Thành lập, duy trì được 7.623/9.000 Tổ truyền thông cộng đồng (đạt 84,7% chỉ tiêu giai đoạn 1);"));
    assert!(
        text.contains("Năm 2024 phấn đấu thành lập và duy trì 1.377 tổ truyền thông cộng đồng;")
    );
    let (_, text, _) = run(&[
        "progress",
        "--format",
        "text",
        "--lang",
        "en",
        "--overshoot",
    ]);
    assert!(
        text.contains("(the phase 1 target exceeded by 46.2%)"),
        "{text}"
    );
    let (_, out, _) = run(&["progress", "--format", "json", "--lang", "en"]);
    let report = json(&out);
    assert_eq!(report["rows"][0]["display"]["percent"], "84.7%");
    assert_eq!(report["rows"][0]["remaining"], 1377);
    let (_, csv, _) = run(&["progress", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().starts_with(
            "code,name,parent,component,unit,measure,direction,achieved,target,percent,"
        )
    );
    assert!(lines.next().unwrap().starts_with("P8.CCG,Tổ truyền thông cộng đồng thành lập và duy trì,,DA8,group,stock,increase,7623,9000,84.7,1377,"));
    let (_, html, _) = run(&["progress", "--format", "html"]);
    assert!(html.contains("<table") && html.contains("84,7%"));
    let (_, md, _) = run(&["progress", "--format", "md"]);
    assert!(md.lines().nth(1).unwrap().starts_with("|---|"));
    assert!(md.contains("| P8.LEADERS | CLB Thủ lĩnh của sự thay đổi thành lập và duy trì |"));
}

#[test]
fn progress_at_an_area_of_ones_own_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = file(&dir, "provinces.json", PROVINCES.as_bytes());
    let (code, out, _) = run(&[
        "progress",
        s(&data),
        "--as-of",
        "2023-12-31",
        "--area",
        "02",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["rows"][0]["achieved"]["value"], 410);
    // Own data needs its date: never guessed from the clock.
    let (code, _, err) = run(&["progress", s(&data), "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn validate_exits_1_on_errors_and_0_when_clean() {
    let (code, text, _) = run(&["validate", "--builtin", "sample-province", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("Validation as of 2024-12-31: 10 findings: 7 errors, 3 warnings"),
        "{text}"
    );
    let (code, out, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(json(&out)["summary"]["by_severity"]["error"], 7);
    let (_, csv, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 11, "a header and 10 findings");
    assert!(csv.contains("value.negative"));
    let (_, md, _) = run(&["validate", "--builtin", "sample-province", "--format", "md"]);
    assert!(md.contains("| legal.savings-and-loan |"));
    let (_, html, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "html",
    ]);
    assert!(html.contains("<table"));
    let (code, text, _) = run(&["validate"]);
    assert_eq!(code, 0);
    assert!(text.contains("0 phát hiện"), "{text}");
}

#[test]
fn validate_with_rules_switched_off() {
    let (_, all, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "json",
    ]);
    let (_, fewer, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "json",
        "--disable",
        "value.negative",
        "--disable",
        "legal.savings-and-loan",
    ]);
    assert_eq!(json(&all)["summary"]["total"], 10);
    assert_eq!(json(&fewer)["summary"]["total"], 8);
}

#[test]
fn rollup_scores_and_the_formats_they_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let data = file(&dir, "provinces.json", PROVINCES.as_bytes());
    let (code, out, _) = run(&[
        "rollup",
        s(&data),
        "--as-of",
        "2023-12-31",
        "--indicator",
        "P8.CCG",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let rows = &json(&out)["indicators"][0]["rows"];
    assert_eq!(
        (rows[0]["area"].as_str(), rows[0]["value"].as_u64()),
        (Some("VN"), Some(795))
    );
    let (_, csv, _) = run(&[
        "rollup",
        s(&data),
        "--as-of",
        "2023-12-31",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines().any(|l| l.starts_with("P8.CCG,VN,country,795,")),
        "{csv}"
    );
    let (_, table, _) = run(&["rollup", "--format", "table"]);
    assert!(table.lines().nth(1).unwrap().starts_with("------"));
    let (_, md, _) = run(&["rollup", "--format", "md"]);
    assert!(md.contains("| P8.CCG | VN | country | 7623 |"));
    let (code, _, err) = run(&["rollup", "--format", "text", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`rollup` cannot write `text` (usable: table, json, csv, md)"),
        "{err}"
    );
    let (code, out, _) = run(&["scores", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["as_of"], "2023-12-31");
    let (code, _, err) = run(&["scores", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("«scores»"), "{err}");
}

#[test]
fn rebase_to_the_2025_provinces() {
    let dir = tempfile::tempdir().unwrap();
    let data = file(&dir, "provinces.json", PROVINCES.as_bytes());
    let (code, out, _) = run(&["rebase", s(&data), "--format", "json"]);
    assert_eq!(code, 0);
    let rebased = json(&out);
    // Hà Giang (02) + Tuyên Quang (08) → the new Tuyên Quang (08): 410 + 385.
    assert_eq!(rebased["data"]["observations"][0]["area"], "08");
    assert_eq!(rebased["data"]["observations"][0]["value"], 795);
    assert_eq!(rebased["unmapped"], serde_json::json!([]));
    let (_, csv, _) = run(&["rebase", s(&data), "--format", "csv"]);
    assert!(
        csv.lines().any(|l| l.starts_with("P8.CCG,08,2023,795,")),
        "{csv}"
    );
    // Thousands in the chosen number format: 1.050 (vi), 1,050 (en).
    let big = file(&dir, "big.json", PROVINCES.replace("410", "665").as_bytes());
    let (_, vi, _) = run(&["rebase", s(&big), "--format", "csv"]);
    assert!(
        vi.lines().any(|l| l.starts_with("P8.CCG,08,2023,1.050,")),
        "{vi}"
    );
    let (_, en, _) = run(&[
        "rebase",
        s(&big),
        "--format",
        "csv",
        "--number-format",
        "en",
    ]);
    assert!(
        en.lines()
            .any(|l| l.starts_with("P8.CCG,08,2023,\"1,050\",")),
        "{en}"
    );
    let (code, _, err) = run(&["rebase", s(&data), "--to", "vn-2030", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no crosswalk from `vn-2004` to `vn-2030`"),
        "{err}"
    );
    let (code, _, _) = run(&["rebase", s(&data), "--format", "html"]);
    assert_eq!(code, 2);
}

#[test]
fn allocate_in_every_format() {
    let (code, table, _) = run(&["allocate", "1377", "HG=3", "LC=3", "YB=1"]);
    assert_eq!(code, 0);
    assert!(table.contains("HG    3       4131/7  590"), "{table}");
    let (_, out, _) = run(&[
        "allocate", "1377", "HG=3", "LC=3", "YB=1", "--format", "json",
    ]);
    let shares: Vec<u64> = json(&out)["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["allocated"].as_u64().unwrap())
        .collect();
    assert_eq!(shares, [590, 590, 197]);
    let (_, csv, _) = run(&[
        "allocate", "7", "A=53", "B=24", "C=23", "--method", "dhondt", "--format", "csv",
    ]);
    assert_eq!(
        csv,
        "code,weight,quota,allocated\nA,53,3.71,4\nB,24,1.68,2\nC,23,1.61,1\n"
    );
    let (_, md, _) = run(&["allocate", "10", "A=1", "B=1", "--format", "md"]);
    assert!(md.contains("| A | 1 | 5 | 5 |"), "{md}");
    let (code, _, err) = run(&["allocate", "10", "A"]);
    assert_eq!(code, 2);
    assert!(err.contains("MÃ=TRỌNG_SỐ"), "{err}");
    let (code, _, err) = run(&["allocate", "10", "A=-1", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("units[0].weight"), "{err}");
}

#[test]
fn rules_and_schemes() {
    let (code, out, _) = run(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out).as_array().unwrap().len(), 26);
    let (_, csv, _) = run(&["rules", "--format", "csv", "--lang", "en"]);
    assert_eq!(csv.lines().count(), 27);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("legal.savings-and-loan,error,legal,")
                && l.contains("47/2010/QH12")),
        "{csv}"
    );
    let (_, table, _) = run(&["rules"]);
    assert!(table.starts_with("id "));
    let (_, out, _) = run(&["schemes", "--format", "json"]);
    let schemes = json(&out);
    // Provinces, then districts and communes before 2025-07-01; provinces
    // and communes after.
    let count = |i: usize, kinds: &[&str]| {
        let areas = schemes["schemes"][i]["areas"].as_array().unwrap();
        let of_kind = areas
            .iter()
            .filter(|a| kinds.contains(&a["kind"].as_str().unwrap()))
            .count();
        (of_kind, areas.len())
    };
    assert_eq!(
        count(0, &["province", "central-city"]),
        (63, 63 + 696 + 10_035)
    );
    assert_eq!(count(1, &["province", "central-city"]), (34, 34 + 3_321));
    let (_, md, _) = run(&["rules", "--format", "md"]);
    assert!(
        md.contains("| legal.savings-and-loan | error | legal |"),
        "{md}"
    );
    let (_, table, _) = run(&["schemes"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("vn-2025 ") && l.ends_with("3355")),
        "{table}"
    );
    let (_, csv, _) = run(&["schemes", "--format", "csv", "--lang", "en"]);
    assert!(
        csv.starts_with("id,name,level,valid_from,valid_to,areas\n"),
        "{csv}"
    );
    let (_, md, _) = run(&["schemes", "--format", "md"]);
    assert!(
        md.contains("| vn-2025 |") && md.contains("| 3355 |"),
        "{md}"
    );
}

#[test]
fn csv_observations_over_the_builtin_framework() {
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        &dir,
        "report.csv",
        "indicator,area,period,value\nP8.CCG,VN,2024,\"8.100\"\n".as_bytes(),
    );
    let (code, out, _) = run(&[
        "progress",
        s(&csv),
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["rows"][0]["achieved"]["value"], 8100);
    let en = file(
        &dir,
        "report-en.csv",
        "indicator,area,period,value\nP8.CCG,VN,2024,\"8,100\"\n".as_bytes(),
    );
    let (_, out, _) = run(&[
        "progress",
        s(&en),
        "--as-of",
        "2024-12-31",
        "--number-format",
        "en",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["rows"][0]["achieved"]["value"], 8100);
    let base = file(&dir, "base.json", PROVINCES.as_bytes());
    let by_province = file(
        &dir,
        "provinces.csv",
        b"indicator,area,period,value\nP8.CCG,02,2024,5\nP8.CCG,08,2024,7\n",
    );
    let (_, out, _) = run(&[
        "rollup",
        s(&by_province),
        "--base",
        s(&base),
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["indicators"][0]["rows"][0]["value"], 12);
}

#[test]
fn bad_files_are_usage_errors_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["validate", "missing.json", "--as-of", "2024-12-31"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("chitieu: không đọc được tệp «missing.json»"),
        "{err}"
    );
    let bad_number = file(
        &dir,
        "bad.csv",
        "indicator,area,period,value\nP8.CCG,VN,2023,bảy\n".as_bytes(),
    );
    let (code, _, err) = run(&[
        "progress",
        s(&bad_number),
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv: ") && err.contains("line 2"), "{err}");
    let bad_json = file(&dir, "bad.json", b"{\"version\": 1,\n \"areas\": [\n");
    let (code, _, err) = run(&[
        "validate",
        s(&bad_json),
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json: ") && err.contains("line 3"),
        "{err}"
    );
    let not_utf8 = file(
        &dir,
        "latin1.csv",
        b"indicator,area,period,value\nP8.CCG,H\xe0 Giang,2023,1\n",
    );
    let (code, _, err) = run(&["validate", s(&not_utf8), "--as-of", "2023-12-31"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("không phải UTF-8: byte không hợp lệ ở vị trí 36"),
        "{err}"
    );
    let unknown_area = file(
        &dir,
        "typo.json",
        PROVINCES
            .replace("\"area\": \"08\"", "\"area\": \"88\"")
            .as_bytes(),
    );
    let (code, _, err) = run(&[
        "progress",
        s(&unknown_area),
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("observations[1].area"), "{err}");
    // The same file, computed on what is valid: the report, and a note.
    let (code, out, err) = run(&[
        "progress",
        s(&unknown_area),
        "--as-of",
        "2023-12-31",
        "--invalid",
        "exclude",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["rows"][0]["achieved"]["value"], 410);
    assert!(
        err.contains("bỏ qua 1 quan sát") && err.contains("observations[1]"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["progress", "--formt", "json"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("chitieu: lệnh hoặc tham số không đúng"),
        "{err}"
    );
    assert!(err.contains("--formt"), "{err}");
    let (code, _, err) = run(&["progress", "--formt", "json", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("chitieu: a wrong command or argument"),
        "{err}"
    );
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("progress") && out.contains("Theo dõi chỉ tiêu"),
        "{out}"
    );
    let (code, _, err) = run(&["progress", "--phase", "phase-9", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("phase-9") && err.contains("(at phase)"),
        "{err}"
    );
    let (code, out, _) = run(&["progress", "--phase", "phase-1", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["phase"]["id"], "phase-1");
    let (code, _, _) = run(&["progress", "--format", "pdf"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&[]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&["progress", "--as-of", "2023-02-30", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid date `2023-02-30`") && err.contains("--as-of"),
        "{err}"
    );
    let (code, _, err) = run(&["progress", "--builtin", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("--builtin"), "{err}");
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("progress.csv");
    let (code, stdout, _) = run(&["progress", "--format", "csv", "-o", s(&out)]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(std::fs::read_to_string(&out).unwrap().contains("P8.CCG,"));
    let (code, _, err) = run(&[
        "progress",
        "-o",
        s(&dir.path().join("no/such/dir/x.txt")),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
}

/// A file large enough for the progress bar draws none when stderr is not
/// a terminal (here a pipe): logs and scripts stay clean.
#[test]
fn a_large_file_loads_silently_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let padded = format!("{}{}", PROVINCES, " ".repeat(9 << 20));
    let data = file(&dir, "large.json", padded.as_bytes());
    let (code, out, err) = run(&[
        "progress",
        s(&data),
        "--as-of",
        "2023-12-31",
        "--area",
        "08",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["rows"][0]["achieved"]["value"], 385);
    assert_eq!(err, "");
}

#[test]
fn workbooks_need_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.xlsx");
    let (code, _, _) = run(&[
        "validate",
        "--builtin",
        "sample-province",
        "--format",
        "xlsx",
        "-o",
        s(&path),
    ]);
    assert_eq!(code, 1, "the findings hold errors");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let (code, out, err) = run(&["progress", "--format", "xlsx", "--lang", "en"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("xlsx needs -o FILE"), "{err}");
    let (code, _, _) = run(&[
        "rules",
        "--format",
        "xlsx",
        "-o",
        s(&dir.path().join("r.xlsx")),
    ]);
    assert_eq!(code, 2);
}

/// `-o` naming an input — by its name, through a symbolic or hard link, a
/// `../` path, a CSV input or `--base` — is refused with exit code 2 and
/// the input is left as it was.
#[test]
fn output_onto_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = file(&dir, "in.json", PROVINCES.as_bytes());
    let csv = file(
        &dir,
        "in.csv",
        b"indicator,area,period,value\nP8.CCG,02,2023,410\n",
    );
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = dir.path().join("hard.json");
    std::fs::hard_link(&input, &hard).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let dotdot = dir.path().join("sub/../in.json");
    let as_of = ["--as-of", "2023-12-31"];
    let cases: Vec<Vec<&str>> = vec![
        vec!["progress", s(&input), "-o", s(&input)],
        vec!["progress", s(&input), "-o", s(&link)],
        vec!["progress", s(&input), "-o", s(&hard)],
        vec!["rollup", s(&input), "-o", s(&dotdot)],
        vec!["validate", s(&csv), "-o", s(&csv)],
        vec!["progress", s(&csv), "--base", s(&input), "-o", s(&hard)],
    ];
    for mut args in cases {
        args.extend(as_of);
        args.extend(["--lang", "en"]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("would destroy the input"), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), PROVINCES);
    }
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("P8.CCG,02,2023,410")
    );
    // Another file is written as before.
    let out = dir.path().join("out.json");
    let (code, _, err) = run(&[
        "progress",
        s(&input),
        "--as-of",
        "2023-12-31",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

/// A file over the 1 GiB limit is refused from its size, before a byte is
/// read (a sparse 20 GB file takes no memory), and a device that never
/// ends is read only up to the limit.
#[test]
fn huge_inputs_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.csv");
    let sparse = std::fs::File::create(&huge).unwrap();
    sparse.set_len(20 << 30).unwrap();
    let (code, _, err) = run(&[
        "validate",
        s(&huge),
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("input too large: 21474836480 bytes, the limit is 1073741824 bytes"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "validate",
        "/dev/zero",
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("input too large: 1073741825 bytes"), "{err}");
}

/// A refusal of invalid data names the way out in the command line's words.
#[test]
fn a_strict_refusal_shows_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        &dir,
        "bad.csv",
        b"indicator,area,period,value\nP8.CCG,VN,2023,-5\n",
    );
    let (code, _, err) = run(&[
        "progress",
        s(&csv),
        "--as-of",
        "2023-12-31",
        "--lang",
        "en",
        "--number-format",
        "en",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("rule value.negative"), "{err}");
    assert!(
        err.contains("to see every problem: chitieu validate; to compute on the valid rows: --invalid exclude"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "progress",
        s(&csv),
        "--as-of",
        "2023-12-31",
        "--invalid",
        "exclude",
        "--number-format",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("-5"), "{out}");
}
