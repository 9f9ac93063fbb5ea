//! Every main entry point of the crate documents itself with an example
//! (which `cargo test --doc` runs), and the tutorial walks through them.

use std::path::Path;

/// The entry points a user starts from: where a signature is, and the
/// signature's start. A signature moved to another file fails the test
/// until the list follows it.
const ENTRY_POINTS: &[(&str, &str)] = &[
    ("src/contract/mod.rs", "pub fn evaluate(request: &str)"),
    (
        "src/contract/mod.rs",
        "pub fn from_json(text: &str) -> Result<Request>",
    ),
    (
        "src/contract/mod.rs",
        "pub fn evaluate(&self) -> Result<Response>",
    ),
    ("src/model/dataset.rs", "pub fn check(&self)"),
    ("src/progress/report.rs", "pub fn progress("),
    ("src/progress/rollup.rs", "pub fn rollup("),
    ("src/rules/mod.rs", "pub fn validate("),
    ("src/area/rebase.rs", "pub fn rebase("),
    ("src/number/apportion.rs", "pub fn allocate("),
    ("src/number/apportion.rs", "pub fn apportion("),
    ("src/progress/trend.rs", "pub fn trend("),
    ("src/io/csv.rs", "pub fn read_observations("),
    ("src/io/csv.rs", "pub fn write_observations("),
    ("src/io/csv.rs", "pub fn with_csv("),
    ("src/io/json.rs", "pub fn from_str<"),
    ("src/io/json.rs", "pub fn from_str_at<"),
    ("src/io/json.rs", "pub fn from_value<"),
    ("src/io/json.rs", "pub fn to_string<"),
];

/// The doc comment right above the line that starts with `signature`
/// (attributes between them skipped), or `None` when there is no such line.
fn doc_comment_of(source: &str, signature: &str) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.trim_start().starts_with(signature))?;
    let mut doc: Vec<&str> = lines
        .iter()
        .take(at)
        .rev()
        .map(|line| line.trim_start())
        .skip_while(|line| line.starts_with("#["))
        .take_while(|line| line.starts_with("///"))
        .collect();
    doc.reverse();
    Some(doc.join("\n"))
}

#[test]
fn every_main_entry_point_has_a_runnable_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for (file, signature) in ENTRY_POINTS {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let doc = doc_comment_of(&source, signature)
            .unwrap_or_else(|| panic!("{file}: no line starts with `{signature}`"));
        // A fence that rustdoc runs: ``` or ```rust, not ```text or ignore.
        let runs = doc.lines().any(|line| {
            let fence = line.trim_start_matches("///").trim();
            fence == "```" || fence == "```rust"
        });
        if !runs {
            missing.push(format!("{file}: {signature}"));
        }
    }
    assert!(
        missing.is_empty(),
        "entry points without a runnable example: {missing:#?}"
    );
}

#[test]
fn the_tutorial_walks_through_every_step() {
    let tutorial =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tutorial.md"))
            .unwrap();
    for step in [
        "Loading data",
        "Checking",
        "Progress",
        "Validation",
        "Roll-up",
        "Re-basing",
        "target, split fairly",
    ] {
        assert!(
            tutorial
                .lines()
                .any(|l| l.starts_with("## ") && l.contains(step)),
            "no tutorial section on {step}"
        );
    }
    for call in [
        "with_csv(",
        "check()",
        "progress(&",
        "validate(&",
        "rollup(&",
        "rebase(&",
        "allocate(",
        "evaluate(",
    ] {
        assert!(tutorial.contains(call), "the tutorial never calls {call}");
    }
}
