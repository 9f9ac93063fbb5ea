//! The main job's table carries exactly the source article's figures, in
//! both languages.

// Test helpers outside #[test] functions: failing loudly is their job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chitieu::progress::{ProgressOptions, progress};
use chitieu::{Lang, builtin, period::parse_date};

fn table(lang: Lang) -> String {
    let data = builtin::project8().unwrap();
    let checked = data.check().unwrap();
    let options = ProgressOptions {
        lang,
        ..ProgressOptions::default()
    };
    let as_of = parse_date("2023-12-31").unwrap();
    progress(&checked, as_of, None, None, &options)
        .unwrap()
        .to_table(lang)
}

/// The line of the table that starts with `name`.
fn line<'a>(table: &'a str, name: &str) -> &'a str {
    table
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no line for {name} in\n{table}"))
}

fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn vietnamese_table_has_the_article_figures() {
    let t = table(Lang::Vi);
    let expect = [
        ("Tổ truyền thông", ["7.623", "9.000", "84,7%", "1.377"]),
        ("Tổ nhóm sinh kế", ["184", "500", "36,8%", "316"]),
        ("Địa chỉ tin cậy", ["1.462", "1.000", "146,2%", "0"]),
        ("CLB Thủ lĩnh", ["1.132", "1.800", "62,9%", "668"]),
        ("Cuộc tập huấn", ["233", "600", "38,8%", "367"]),
        ("Tỉnh đã chi", ["10/10", "10", "100,0%", "0"]),
    ];
    for (name, figures) in expect {
        let row = cells(line(&t, name));
        assert_eq!(&row[1..5], &figures, "{name}");
    }
    assert!(line(&t, "Địa chỉ tin cậy").contains("vượt chỉ tiêu (46,2%)"));
    assert!(line(&t, "Tổ truyền thông").contains("đang thực hiện"));
    assert!(t.contains("trên 12.478"));
}

#[test]
fn english_table_has_the_article_figures() {
    let t = table(Lang::En);
    let expect = [
        (
            "Community communication",
            ["7,623", "9,000", "84.7%", "1,377"],
        ),
        ("Livelihood groups", ["184", "500", "36.8%", "316"]),
        ("Trusted addresses", ["1,462", "1,000", "146.2%", "0"]),
        ("Leaders-of-change", ["1,132", "1,800", "62.9%", "668"]),
        ("Training courses", ["233", "600", "38.8%", "367"]),
        ("Provinces that spent", ["10/10", "10", "100.0%", "0"]),
    ];
    for (name, figures) in expect {
        let row = cells(line(&t, name));
        assert_eq!(&row[1..5], &figures, "{name}");
    }
    assert!(line(&t, "Trusted addresses").contains("exceeded (by 46.2%)"));
    assert!(t.contains("more than 12,478"));
    assert!(t.contains("7 indicators: 1 exceeded, 1 achieved, 4 in progress; 1 without data"));
}
