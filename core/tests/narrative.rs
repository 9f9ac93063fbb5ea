//! Narrative reports: the built-in Project 8 figures as of 2023-12-31 said
//! in the sentences of the source article (Báo Phụ nữ Việt Nam, 29/02/2024),
//! in Vietnamese number format (the article's "84.7%" and "9000" are typos
//! the library does not copy), and the same in English.

// A test helper outside #[test] functions: failing loudly is its job.
#![allow(clippy::unwrap_used)]

use chitieu::progress::{ProgressOptions, ProgressReport, progress};
use chitieu::{DataSet, Lang, io::json, period::parse_date};

fn report(data: &DataSet, options: &ProgressOptions) -> ProgressReport {
    progress(
        &data.check().unwrap(),
        parse_date("2023-12-31").unwrap(),
        None,
        None,
        options,
    )
    .unwrap()
}

#[test]
fn the_article_sentences_in_vietnamese() {
    let narrative = report(
        &chitieu::builtin::project8().unwrap(),
        &ProgressOptions::default(),
    )
    .narrative(Lang::Vi)
    .unwrap();
    assert_eq!(narrative.heading, "Đến hết ngày 31/12/2023:");
    // The article's six results, in its order; the fifth without its typo
    // "cho cán cho trên".
    assert_eq!(
        narrative.results,
        [
            "Thành lập, duy trì được 7.623/9.000 Tổ truyền thông cộng đồng (đạt 84,7% chỉ tiêu giai đoạn 1)",
            "Thành lập 184/500 tổ nhóm sinh kế, tổ hợp tác, hợp tác xã (đạt 36,8% chỉ tiêu giai đoạn 1) với 2.208 phụ nữ làm chủ/hoặc tham gia quản lý",
            "Thành lập, củng cố 1.462/1.000 địa chỉ tin cậy (vượt chỉ tiêu giai đoạn 1)",
            "Thành lập và duy trì 1.132/1.800 CLB Thủ lĩnh của sự thay đổi (đạt 62,9% chỉ tiêu giai đoạn 1)",
            "Tổ chức 233/600 cuộc tập huấn hướng dẫn giám sát, đánh giá về bình đẳng giới cho trên 12.478 cán bộ các cấp (đạt 38,8% chỉ tiêu giai đoạn 1)",
            "10/10 tỉnh đã chi hỗ trợ và truyền thông các hoạt động liên quan đến 4 gói chính hỗ trợ phụ nữ DTTS sinh đẻ an toàn và chăm sóc sức khỏe trẻ em đến các bà mẹ, trẻ em",
        ]
    );
    assert_eq!(
        narrative.plan.as_deref(),
        Some(
            "Năm 2024 phấn đấu thành lập và duy trì 1.377 tổ truyền thông cộng đồng; Hỗ trợ 316 tổ, nhóm sinh kế, \
             tổ hợp tác, hợp tác xã do phụ nữ làm chủ/đồng làm chủ ứng dụng khoa học công nghệ; Thành lập 668 CLB \
             thủ lĩnh của sự thay đổi; Nâng cao năng lực cho ít nhất 1.000 cán bộ nữ DTTS tham gia lãnh đạo trong \
             hệ thống chính trị"
        )
    );
}

#[test]
fn the_same_in_english() {
    let text = report(
        &chitieu::builtin::project8().unwrap(),
        &ProgressOptions::default(),
    )
    .to_text(Lang::En)
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "By 31 December 2023:");
    assert_eq!(
        lines[1],
        "- 7,623 of 9,000 community communication groups established and maintained (84.7% of the phase 1 target);"
    );
    assert_eq!(
        lines[3],
        "- 1,462 of 1,000 trusted addresses established or strengthened (the phase 1 target exceeded);"
    );
    assert_eq!(
        lines[5],
        "- 233 of 600 training courses on monitoring and evaluating gender equality held for more than 12,478 \
         cadres at all levels (38.8% of the phase 1 target);"
    );
    assert!(lines[6].ends_with("reaching mothers and children."));
    assert!(lines[7].starts_with("In 2024, the aim is to establish and maintain 1,377 community communication groups; support 316 "));
    assert!(lines[7].ends_with("; build the capacity of at least 1,000 ethnic-minority women cadres to take part in leadership in the political system."));
    assert_eq!(lines.len(), 8);
}

#[test]
fn an_overshoot_is_said_when_asked() {
    let options = ProgressOptions {
        overshoot: true,
        ..ProgressOptions::default()
    };
    let report = report(&chitieu::builtin::project8().unwrap(), &options);
    let vi = report.narrative(Lang::Vi).unwrap();
    // 1.462 of 1.000 is 146,2%: 46,2% past the target.
    assert_eq!(
        vi.results[2],
        "Thành lập, củng cố 1.462/1.000 địa chỉ tin cậy (vượt 46,2% chỉ tiêu giai đoạn 1)"
    );
    let en = report.narrative(Lang::En).unwrap();
    assert_eq!(
        en.results[2],
        "1,462 of 1,000 trusted addresses established or strengthened (the phase 1 target exceeded by 46.2%)"
    );
}

/// A framework without phrases: the sentences name the indicators and give
/// their figures, guessing no verb.
#[test]
fn without_phrases_the_indicators_are_named() {
    let data: DataSet = json::from_str(
        r#"{"version": 1,
        "framework": {"version": 1, "code": "T", "name": {"vi": "Thử", "en": "Test"},
          "phases": [{"id": "p1", "name": {"vi": "giai đoạn I", "en": "phase I"}, "start": "2021-01-01", "end": "2025-12-31"}],
          "components": [{"code": "C", "kind": "project", "name": {"vi": "Dự án", "en": "Project"}, "indicators": [
            {"code": "A", "name": {"vi": "Hộ thoát nghèo", "en": "Households out of poverty"}, "unit": "household",
             "measure": "cumulative", "targets": [{"period": "2021-2025", "value": 800}, {"period": "2024", "value": 150}]},
            {"code": "B", "name": {"vi": "Tỷ lệ hộ dùng nước sạch", "en": "Households with clean water"}, "unit": "percent",
             "measure": "stock", "targets": [{"period": "2021-2025", "value": 90}]}]}]},
        "areas": [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}],
        "observations": [{"indicator": "A", "area": "VN", "period": "2023", "value": 650},
                         {"indicator": "B", "area": "VN", "period": "2023", "value": "72.5"}]}"#,
    )
    .unwrap();
    let vi = report(&data, &ProgressOptions::default())
        .narrative(Lang::Vi)
        .unwrap();
    assert_eq!(
        vi.results,
        [
            "Hộ thoát nghèo: 650/800 (đạt 81,3% chỉ tiêu giai đoạn I)",
            "Tỷ lệ hộ dùng nước sạch: 72,5%/90% (đạt 80,6% chỉ tiêu giai đoạn I)",
        ]
    );
    assert_eq!(
        vi.plan.as_deref(),
        Some("Chỉ tiêu năm 2024: Hộ thoát nghèo: 150")
    );
}

#[test]
fn a_phrase_with_an_unknown_placeholder_is_refused_at_its_path() {
    let mut framework: serde_json::Value =
        serde_json::from_str(chitieu::builtin::project8_json()).unwrap();
    framework["framework"]["components"][0]["indicators"][3]["report_phrase"]["result"]["en"] =
        "{achieved} of {traget} addresses".into();
    let data: DataSet = json::from_value(&framework, "$").unwrap();
    let error = data.check().unwrap_err();
    assert_eq!(error.code(), "invalid-value");
    assert_eq!(
        error.path(),
        "framework.components[0].indicators[3].report_phrase.result.en"
    );
    assert!(error.message(Lang::Vi).contains("{traget}"));
}
