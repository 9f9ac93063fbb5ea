//! The built-in rule catalogue: every rule's id, severity, texts and legal
//! basis. Portals list it to users; runs can switch rules off or change
//! their severity.

use chrono::NaiveDate;

use crate::model::ModelType;
use crate::rules::rule::{Category, LegalBasis, Locality, RuleInfo, Scope, Severity};
use crate::text::Text;

/// Ids of the built-in rules.
pub mod id {
    /// A negative count or ratio part.
    pub const NEGATIVE: &str = "value.negative";
    /// A fraction where the unit counts things.
    pub const NON_INTEGER: &str = "value.non-integer";
    /// A part above its whole.
    pub const NUMERATOR_ABOVE_DENOMINATOR: &str = "value.numerator-above-denominator";
    /// A percentage outside 0–100.
    pub const PERCENT_RANGE: &str = "value.percent-range";
    /// A value the measure kind needs is missing, or one it cannot have is present.
    pub const SHAPE: &str = "value.shape";
    /// An indicator code not in the framework.
    pub const UNKNOWN_INDICATOR: &str = "reporting.unknown-indicator";
    /// An area code not in the hierarchy.
    pub const UNKNOWN_AREA: &str = "reporting.unknown-area";
    /// The same key twice.
    pub const DUPLICATE: &str = "reporting.duplicate";
    /// A period that does not fit the indicator's reporting frequency.
    pub const FREQUENCY: &str = "reporting.frequency";
    /// A period outside every phase.
    pub const OUTSIDE_PHASE: &str = "reporting.outside-phase";
    /// A period that ends after the as-of date.
    pub const AFTER_AS_OF: &str = "reporting.after-as-of";
    /// A missing report.
    pub const MISSING_PERIOD: &str = "reporting.missing-period";
    /// A report the data set expects that was not made.
    pub const MISSING_REPORT: &str = "reporting.missing-report";
    /// Children's totals against their parent's.
    pub const PARENT_TOTAL: &str = "consistency.parent-total";
    /// Disaggregated parts against the total.
    pub const DISAGGREGATION_TOTAL: &str = "consistency.disaggregation-total";
    /// A sub-measure above its indicator.
    pub const SUB_MEASURE: &str = "consistency.sub-measure";
    /// A running total that goes down.
    pub const CUMULATIVE_DECREASE: &str = "consistency.cumulative-decrease";
    /// A stock that drops sharply.
    pub const STOCK_DROP: &str = "consistency.stock-drop";
    /// A village savings-and-loan group conducting banking activity.
    pub const SAVINGS_AND_LOAN: &str = "legal.savings-and-loan";
    /// The same group inside a recognised microfinance programme.
    pub const MICROFINANCE_EXEMPTION: &str = "legal.microfinance-exemption";
    /// An activity in an area not eligible for its model.
    pub const AREA_NOT_ELIGIBLE: &str = "eligibility.area";
    /// A model with no beneficiaries identified.
    pub const NO_BENEFICIARIES: &str = "eligibility.no-beneficiaries";
    /// An annual target above the remaining gap.
    pub const ANNUAL_ABOVE_GAP: &str = "plan.annual-above-gap";
    /// Annual targets summing past the phase target.
    pub const ANNUAL_SUM: &str = "plan.annual-sum";
    /// Area targets not summing to their parent's.
    pub const ALLOCATION_SUM: &str = "plan.allocation-sum";
    /// A plan approved after its deadline, or overdue.
    pub const APPROVED_LATE: &str = "plan.approved-late";
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn law_name() -> Text {
    Text::new("Luật Các tổ chức tín dụng", "Law on Credit Institutions")
}

fn national_assembly() -> Text {
    Text::new("Quốc hội", "National Assembly")
}

fn law_article(
    document: &str,
    article: (&str, &str),
    amended_by: Option<&str>,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> LegalBasis {
    let amended_vi = amended_by
        .map(|a| format!(" (sửa đổi, bổ sung bởi Luật số {a})"))
        .unwrap_or_default();
    let amended_en = amended_by
        .map(|a| format!(" (as amended by Law No. {a})"))
        .unwrap_or_default();
    LegalBasis {
        document: document.into(),
        name: law_name(),
        issuer: national_assembly(),
        article: Some(Text::new(article.0, article.1)),
        amended_by: amended_by.map(str::to_string),
        citation: Text::new(
            format!(
                "{} Luật Các tổ chức tín dụng số {document}{amended_vi}",
                article.0
            ),
            format!(
                "{} of the Law on Credit Institutions No. {document}{amended_en}",
                article.1
            ),
        ),
        effective_from: from,
        effective_to: to,
    }
}

/// The provisions that reserve banking activity (taking deposits, granting
/// credit) to licensed credit institutions, over time.
pub fn banking_prohibition() -> Vec<LegalBasis> {
    vec![
        law_article(
            "47/2010/QH12",
            ("Điều 8 khoản 2", "Art. 8.2"),
            None,
            date(2011, 1, 1),
            Some(date(2018, 1, 14)),
        ),
        law_article(
            "47/2010/QH12",
            ("Điều 8 khoản 2", "Art. 8.2"),
            Some("17/2017/QH14"),
            date(2018, 1, 15),
            Some(date(2024, 6, 30)),
        ),
        law_article(
            "32/2024/QH15",
            ("Điều 15 khoản 2", "Art. 15.2"),
            None,
            date(2024, 7, 1),
            None,
        ),
    ]
}

/// The microfinance exemption: Decision 20/2017/QĐ-TTg and the
/// transitional article of the law in force.
///
/// The decision's effective date is not confirmed by the sources at hand;
/// its signing date (2017-06-12) is used.
pub fn microfinance_exemption() -> Vec<LegalBasis> {
    vec![
        LegalBasis {
            document: "20/2017/QĐ-TTg".into(),
            name: Text::new(
                "Quyết định quy định về hoạt động của chương trình, dự án tài chính vi mô của tổ chức chính trị, tổ chức chính trị - xã hội, tổ chức phi chính phủ",
                "Decision on microfinance programmes and projects of political, political-social and non-governmental organisations",
            ),
            issuer: Text::new("Thủ tướng Chính phủ", "Prime Minister"),
            article: None,
            amended_by: None,
            citation: Text::new(
                "Quyết định số 20/2017/QĐ-TTg của Thủ tướng Chính phủ",
                "Prime Minister's Decision No. 20/2017/QĐ-TTg",
            ),
            effective_from: date(2017, 6, 12),
            effective_to: None,
        },
        law_article(
            "47/2010/QH12",
            ("Điều 161 khoản 6, 7", "Art. 161.6–7"),
            None,
            date(2011, 1, 1),
            Some(date(2024, 6, 30)),
        ),
        law_article(
            "32/2024/QH15",
            ("Điều 210 khoản 13", "Art. 210.13"),
            None,
            date(2024, 7, 1),
            None,
        ),
    ]
}

struct Entry {
    id: &'static str,
    severity: Severity,
    category: Category,
    locality: Locality,
    title: (&'static str, &'static str),
    message: (&'static str, &'static str),
}

const ENTRIES: &[Entry] = &[
    Entry {
        id: id::NEGATIVE,
        severity: Severity::Error,
        category: Category::Value,
        locality: Locality::Row,
        title: ("Giá trị âm", "Negative value"),
        message: (
            "«{indicator}» tại {area}, kỳ {period}: {field} là số âm ({value}).",
            "“{indicator}” at {area}, {period}: the {field} is negative ({value}).",
        ),
    },
    Entry {
        id: id::NON_INTEGER,
        severity: Severity::Error,
        category: Category::Value,
        locality: Locality::Row,
        title: ("Số đếm không nguyên", "Count that is not whole"),
        message: (
            "«{indicator}» đếm số {unit} nên {field} phải là số nguyên, nhưng là {value} ({area}, kỳ {period}).",
            "“{indicator}” counts whole things ({unit}), so its {field} must be a whole number, not {value} ({area}, {period}).",
        ),
    },
    Entry {
        id: id::NUMERATOR_ABOVE_DENOMINATOR,
        severity: Severity::Error,
        category: Category::Value,
        locality: Locality::Row,
        title: ("Tử số lớn hơn mẫu số", "Numerator above denominator"),
        message: (
            "{part} ({left}) lớn hơn {whole} ({right}) của «{indicator}» tại {area}, kỳ {period}.",
            "The {part} ({left}) exceeds the {whole} ({right}) of “{indicator}” at {area}, {period}.",
        ),
    },
    Entry {
        id: id::PERCENT_RANGE,
        severity: Severity::Error,
        category: Category::Value,
        locality: Locality::Row,
        title: ("Tỷ lệ ngoài khoảng 0–100%", "Percentage outside 0–100%"),
        message: (
            "Tỷ lệ {value}% của «{indicator}» tại {area}, kỳ {period} nằm ngoài khoảng 0–100%.",
            "The percentage {value}% of “{indicator}” at {area}, {period}, is outside 0–100%.",
        ),
    },
    Entry {
        id: id::SHAPE,
        severity: Severity::Error,
        category: Category::Value,
        locality: Locality::Series,
        title: (
            "Thiếu hoặc thừa số liệu theo loại chỉ tiêu",
            "Value missing or misplaced for the measure kind",
        ),
        message: (
            "«{indicator}» ({measure}) tại {area}, kỳ {period}: {problem}.",
            "“{indicator}” ({measure}) at {area}, {period}: {problem}.",
        ),
    },
    Entry {
        id: id::UNKNOWN_INDICATOR,
        severity: Severity::Error,
        category: Category::Reporting,
        locality: Locality::Series,
        title: ("Mã chỉ tiêu không tồn tại", "Unknown indicator code"),
        message: (
            "Mã chỉ tiêu «{code}» không có trong khung chỉ tiêu.",
            "Indicator code “{code}” is not in the framework.",
        ),
    },
    Entry {
        id: id::UNKNOWN_AREA,
        severity: Severity::Error,
        category: Category::Reporting,
        locality: Locality::Series,
        title: ("Mã địa bàn không tồn tại", "Unknown area code"),
        message: (
            "Mã địa bàn «{code}» không có trong danh mục địa bàn.",
            "Area code “{code}” is not in the area list.",
        ),
    },
    Entry {
        id: id::DUPLICATE,
        severity: Severity::Error,
        category: Category::Reporting,
        locality: Locality::Series,
        title: ("Số liệu trùng", "Duplicate record"),
        message: (
            "{key} đã được báo cáo tại {first}.",
            "{key} was already reported at {first}.",
        ),
    },
    Entry {
        id: id::FREQUENCY,
        severity: Severity::Warning,
        category: Category::Reporting,
        locality: Locality::Row,
        title: (
            "Kỳ báo cáo không khớp tần suất",
            "Period does not fit the reporting frequency",
        ),
        message: (
            "Kỳ {period} không gồm trọn các kỳ {frequency} — tần suất báo cáo của «{indicator}».",
            "Period {period} is not made of whole {frequency} periods, the reporting frequency of “{indicator}”.",
        ),
    },
    Entry {
        id: id::OUTSIDE_PHASE,
        severity: Severity::Error,
        category: Category::Reporting,
        locality: Locality::Row,
        title: ("Kỳ ngoài giai đoạn", "Period outside the phases"),
        message: (
            "Kỳ {period} của «{indicator}» không nằm trọn trong giai đoạn nào của chương trình.",
            "Period {period} of “{indicator}” is not within any phase of the programme.",
        ),
    },
    Entry {
        id: id::AFTER_AS_OF,
        severity: Severity::Info,
        category: Category::Reporting,
        locality: Locality::Indicator,
        title: ("Số liệu sau ngày chốt", "Data after the as-of date"),
        message: (
            "Báo cáo của «{indicator}» có kỳ kết thúc sau ngày chốt số liệu {as_of}: {count} (tại {areas} địa bàn; muộn nhất là kỳ {period}, kết thúc ngày {end}). Các báo cáo này không được tính vào kết quả đến ngày {as_of}.",
            "Reports of “{indicator}” whose period ends after the as-of date {as_of}: {count} (in {areas} areas; the latest is {period}, ending on {end}). They are not counted in results up to {as_of}.",
        ),
    },
    Entry {
        id: id::MISSING_PERIOD,
        severity: Severity::Warning,
        category: Category::Reporting,
        locality: Locality::Series,
        title: ("Thiếu báo cáo", "Missing report"),
        message: (
            "Chưa có báo cáo kỳ {period} của «{indicator}» tại {area}.",
            "No report for {period} of “{indicator}” at {area}.",
        ),
    },
    Entry {
        id: id::MISSING_REPORT,
        severity: Severity::Warning,
        category: Category::Reporting,
        locality: Locality::Indicator,
        title: ("Địa bàn chưa báo cáo", "Expected report not made"),
        message: (
            "{area} chưa gửi báo cáo «{indicator}» kỳ {period} như yêu cầu.",
            "{area} has not sent the expected report of “{indicator}” for {period}.",
        ),
    },
    Entry {
        id: id::PARENT_TOTAL,
        severity: Severity::Error,
        category: Category::Consistency,
        locality: Locality::Indicator,
        title: (
            "Tổng cấp dưới không khớp cấp trên",
            "Children's total does not match the parent",
        ),
        message: (
            "Tổng «{indicator}» của các địa bàn trực thuộc {area} ({left}) {relation} số {area} báo cáo ({right}), kỳ {period}.",
            "The areas under {area} add up to {left} for “{indicator}”, which {relation} the {right} {area} reports, {period}.",
        ),
    },
    Entry {
        id: id::DISAGGREGATION_TOTAL,
        severity: Severity::Error,
        category: Category::Consistency,
        locality: Locality::Series,
        title: (
            "Tổng phân tổ vượt tổng số",
            "Disaggregated parts exceed the total",
        ),
        message: (
            "Tổng «{indicator}» theo {dimension} ({left}) vượt tổng số ({right}) tại {area}, kỳ {period}.",
            "“{indicator}” by {dimension} adds up to {left}, more than the total ({right}) at {area}, {period}.",
        ),
    },
    Entry {
        id: id::SUB_MEASURE,
        severity: Severity::Error,
        category: Category::Consistency,
        locality: Locality::AreaPeriod,
        title: (
            "Chỉ tiêu thành phần vượt chỉ tiêu tổng",
            "Sub-measure exceeds its total",
        ),
        message: (
            "«{indicator}» ({left}) vượt «{parent}» ({right}) tại {area}, kỳ {period}.",
            "“{indicator}” ({left}) exceeds “{parent}” ({right}) at {area}, {period}.",
        ),
    },
    Entry {
        id: id::CUMULATIVE_DECREASE,
        severity: Severity::Error,
        category: Category::Consistency,
        locality: Locality::Series,
        title: ("Số lũy kế giảm", "Cumulative total decreases"),
        message: (
            "Số lũy kế «{indicator}» tại {area} giảm từ {right} (kỳ {previous}) xuống {left} (kỳ {period}).",
            "The running total of “{indicator}” at {area} falls from {right} ({previous}) to {left} ({period}).",
        ),
    },
    Entry {
        id: id::STOCK_DROP,
        severity: Severity::Warning,
        category: Category::Consistency,
        locality: Locality::Series,
        title: ("Số hiện có giảm mạnh", "Stock drops sharply"),
        message: (
            "«{indicator}» tại {area} giảm {drop} từ {right} (kỳ {previous}) xuống {left} (kỳ {period}), quá ngưỡng {threshold}.",
            "“{indicator}” at {area} drops by {drop} from {right} ({previous}) to {left} ({period}), beyond the {threshold} threshold.",
        ),
    },
    Entry {
        id: id::SAVINGS_AND_LOAN,
        severity: Severity::Error,
        category: Category::Legal,
        locality: Locality::SetUp,
        title: (
            "Tổ tiết kiệm vốn vay thôn bản thực hiện hoạt động ngân hàng",
            "Village savings-and-loan group conducting banking activity",
        ),
        message: (
            "Hoạt động «{activity}» (Tổ tiết kiệm vốn vay thôn bản) tại {area} từ ngày {date} {operations}: đây là hoạt động ngân hàng, chỉ tổ chức tín dụng được cấp phép mới được thực hiện theo {citation}.",
            "Activity “{activity}” (village savings-and-loan group) at {area} from {date} {operations}: this is banking activity, which {citation} reserves to licensed credit institutions.",
        ),
    },
    Entry {
        id: id::MICROFINANCE_EXEMPTION,
        severity: Severity::Info,
        category: Category::Legal,
        locality: Locality::SetUp,
        title: (
            "Tổ tiết kiệm vốn vay trong chương trình tài chính vi mô",
            "Savings-and-loan group inside a microfinance programme",
        ),
        message: (
            "Hoạt động «{activity}» tại {area} từ ngày {date} thuộc chương trình tài chính vi mô «{programme}»: được thực hiện theo {citation}.",
            "Activity “{activity}” at {area} from {date} runs inside the microfinance programme “{programme}”: allowed under {citation}.",
        ),
    },
    Entry {
        id: id::AREA_NOT_ELIGIBLE,
        severity: Severity::Error,
        category: Category::Eligibility,
        locality: Locality::SetUp,
        title: (
            "Địa bàn không thuộc diện thụ hưởng",
            "Area not eligible for the model",
        ),
        message: (
            "«{model}» (hoạt động «{activity}») chỉ dành cho địa bàn thuộc diện: {required}; {area} không thuộc diện này.",
            "“{model}” (activity “{activity}”) is meant for areas classified as: {required}; {area} is not.",
        ),
    },
    Entry {
        id: id::NO_BENEFICIARIES,
        severity: Severity::Warning,
        category: Category::Eligibility,
        locality: Locality::SetUp,
        title: ("Không có đối tượng thụ hưởng", "No eligible beneficiaries"),
        message: (
            "«{model}» (hoạt động «{activity}») tại {area} không có đối tượng để hỗ trợ.",
            "“{model}” (activity “{activity}”) at {area} has no eligible beneficiaries.",
        ),
    },
    Entry {
        id: id::ANNUAL_ABOVE_GAP,
        severity: Severity::Warning,
        category: Category::Plan,
        locality: Locality::Indicator,
        title: (
            "Chỉ tiêu năm vượt phần còn lại",
            "Annual target above the remaining gap",
        ),
        message: (
            "Chỉ tiêu năm {year} của «{indicator}» tại {area} ({left}) vượt phần còn lại của chỉ tiêu giai đoạn ({right}).",
            "The {year} target of “{indicator}” at {area} ({left}) exceeds what remains of the phase target ({right}).",
        ),
    },
    Entry {
        id: id::ANNUAL_SUM,
        severity: Severity::Warning,
        category: Category::Plan,
        locality: Locality::SetUp,
        title: (
            "Tổng chỉ tiêu các năm vượt chỉ tiêu giai đoạn",
            "Annual targets add up past the phase target",
        ),
        message: (
            "Các chỉ tiêu năm của «{indicator}» tại {area} cộng lại {left}, vượt chỉ tiêu giai đoạn {phase} ({right}).",
            "The annual targets of “{indicator}” at {area} add up to {left}, more than the {phase} phase target ({right}).",
        ),
    },
    Entry {
        id: id::ALLOCATION_SUM,
        severity: Severity::Error,
        category: Category::Plan,
        locality: Locality::SetUp,
        title: (
            "Chỉ tiêu giao cho cấp dưới không khớp",
            "Area targets do not add up",
        ),
        message: (
            "Chỉ tiêu «{indicator}» kỳ {period} giao cho các địa bàn trực thuộc {area} cộng lại {left}, {relation} chỉ tiêu của {area} ({right}).",
            "The {period} targets of “{indicator}” for the areas under {area} add up to {left}, which {relation} the target of {area} ({right}).",
        ),
    },
    Entry {
        id: id::APPROVED_LATE,
        severity: Severity::Warning,
        category: Category::Plan,
        locality: Locality::SetUp,
        title: ("Kế hoạch phê duyệt chậm", "Plan approved late"),
        message: (
            "Kế hoạch «{plan}» của {area} kỳ {period}: {status}, hạn phê duyệt {deadline}.",
            "Plan “{plan}” of {area} for {period}: {status}; the deadline was {deadline}.",
        ),
    },
];

/// Every built-in rule, in catalogue order.
///
/// ```
/// let rules = chitieu::rules::catalogue();
/// let legal = rules.iter().find(|r| r.id == "legal.savings-and-loan").unwrap();
/// assert_eq!(legal.legal_basis[0].document, "47/2010/QH12");
/// ```
pub fn catalogue() -> Vec<RuleInfo> {
    ENTRIES
        .iter()
        .map(|e| RuleInfo {
            id: e.id.to_string(),
            severity: e.severity,
            category: e.category,
            locality: e.locality,
            title: Text::new(e.title.0, e.title.1),
            message: Text::new(e.message.0, e.message.1),
            legal_basis: match e.id {
                id::SAVINGS_AND_LOAN => banking_prohibition(),
                id::MICROFINANCE_EXEMPTION => microfinance_exemption(),
                _ => Vec::new(),
            },
            scope: match e.id {
                id::SAVINGS_AND_LOAN | id::MICROFINANCE_EXEMPTION => Scope {
                    models: vec![ModelType::VillageSavingsAndLoanGroup],
                    ..Scope::default()
                },
                _ => Scope::default(),
            },
        })
        .collect()
}

/// Which rows built-in rule `id` must see together; `None` for an id
/// that is not built in.
pub(crate) fn locality(id: &str) -> Option<Locality> {
    ENTRIES.iter().find(|e| e.id == id).map(|e| e.locality)
}

/// The catalogue entry of `id`.
pub(crate) fn template(id: &str) -> Option<(Severity, Category, Text)> {
    ENTRIES
        .iter()
        .find(|e| e.id == id)
        .map(|e| (e.severity, e.category, Text::new(e.message.0, e.message.1)))
}
