//! Deterministic national-scale synthetic data for chitieu, for benchmarks
//! and load tests.
//!
//! A seeded generator writes a whole programme's reporting: provinces,
//! communes and villages; 24 indicators covering every measure kind
//! (stock, cumulative flows, ratio with numerator and denominator,
//! coverage), reported quarterly over 2021–2025; sex × ethnicity
//! disaggregations on two indicators; phase targets per province and
//! commune; and mistakes injected at known rates so validation has work to
//! do. The same seed always gives the same bytes.
//!
//! | scale | provinces | communes | villages | observations |
//! |---|---|---|---|---|
//! | `small` | 2 | 20 | 80 | ≈ 9,000 |
//! | `medium` | 10 | 250 | 1,000 | ≈ 105,000 |
//! | `national` | 34 | 3,300 | 13,000 | ≈ 1,330,000 |
//! | `national-x10` | 34 | 33,000 | 130,000 | ≈ 13,300,000 |
//!
//! ```
//! use chitieu_synth::{Scale, generate};
//! let data = generate(Scale::SMALL, 8);
//! assert!(data.observations > 8_000);
//! assert_eq!(generate(Scale::SMALL, 8).json, data.json); // deterministic
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many areas of each level to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Provinces (at most 34 get real-looking codes; more are numbered).
    pub provinces: u32,
    /// Communes, spread evenly over the provinces.
    pub communes: u32,
    /// Villages, spread evenly over the communes.
    pub villages: u32,
}

impl Scale {
    /// About 9,000 observations.
    pub const SMALL: Scale = Scale {
        provinces: 2,
        communes: 20,
        villages: 80,
    };
    /// About 105,000 observations.
    pub const MEDIUM: Scale = Scale {
        provinces: 10,
        communes: 250,
        villages: 1_000,
    };
    /// The country after the 2025 merger: about 1.33 million observations.
    pub const NATIONAL: Scale = Scale {
        provinces: 34,
        communes: 3_300,
        villages: 13_000,
    };

    /// Ten times the national scale, about 13.3 million observations: to
    /// see that cost grows linearly (the benchmark, not the tests).
    pub const NATIONAL_X10: Scale = Scale {
        provinces: 34,
        communes: 33_000,
        villages: 130_000,
    };

    /// A scale by name: `small`, `medium`, `national` or `national-x10`.
    pub fn by_name(name: &str) -> Option<Scale> {
        match name {
            "small" => Some(Scale::SMALL),
            "medium" => Some(Scale::MEDIUM),
            "national" => Some(Scale::NATIONAL),
            "national-x10" => Some(Scale::NATIONAL_X10),
            _ => None,
        }
    }
}

/// A generated data set, in both forms.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The framework and areas, without observations (JSON data set).
    pub base_json: String,
    /// The whole data set (JSON contract).
    pub json: String,
    /// The observations as tidy CSV (`en` number format).
    pub csv: String,
    /// How many observations.
    pub observations: usize,
    /// Area schemes and a crosswalk merging the provinces two by two (as
    /// in 2025), for re-basing (`SchemeSet` JSON).
    pub merger_json: String,
    /// How many mistakes of each kind were injected.
    pub injected: BTreeMap<&'static str, usize>,
}

impl Synthetic {
    /// The whole data set, read through chitieu's JSON contract.
    pub fn data_set(&self) -> chitieu::Result<chitieu::DataSet> {
        chitieu::io::json::from_str(&self.json)
    }
}

/// SplitMix64: small, fast and good enough to scatter test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `per_10000` / 10,000.
    fn chance(&mut self, per_10000: u64) -> bool {
        self.below(10_000) < per_10000
    }
}

/// Where an indicator is reported.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Village,
    Commune,
    Province,
}

struct Spec {
    code: &'static str,
    vi: &'static str,
    en: &'static str,
    unit: &'static str,
    measure: &'static str,
    level: Level,
    disaggregated: bool,
}

const fn spec(
    code: &'static str,
    vi: &'static str,
    en: &'static str,
    unit: &'static str,
    measure: &'static str,
    level: Level,
) -> Spec {
    Spec {
        code,
        vi,
        en,
        unit,
        measure,
        level,
        disaggregated: false,
    }
}

const SPECS: [Spec; 24] = {
    use Level::{Commune, Province, Village};
    let mut s = [
        spec(
            "S.CCG",
            "Tổ truyền thông cộng đồng",
            "Community communication groups",
            "group",
            "stock",
            Village,
        ),
        spec(
            "S.LEADERS",
            "CLB Thủ lĩnh của sự thay đổi",
            "Leaders-of-change clubs",
            "club",
            "stock",
            Village,
        ),
        spec(
            "S.EVENTS",
            "Cuộc truyền thông tổ chức",
            "Communication events held",
            "event",
            "cumulative",
            Village,
        ),
        spec(
            "S.HH_REACHED",
            "Tỷ lệ hộ được tiếp cận",
            "Households reached",
            "percent",
            "ratio",
            Village,
        ),
        spec(
            "S.LIVELIHOOD",
            "Tổ nhóm sinh kế thành lập",
            "Livelihood groups set up",
            "group",
            "cumulative",
            Commune,
        ),
        spec(
            "S.TRUSTED",
            "Địa chỉ tin cậy",
            "Trusted addresses",
            "address",
            "stock",
            Commune,
        ),
        spec(
            "S.TRAINED",
            "Người được tập huấn",
            "People trained",
            "person",
            "cumulative",
            Commune,
        ),
        spec(
            "S.GIRLS_SCHOOL",
            "Tỷ lệ trẻ em gái đi học",
            "Girls in school",
            "percent",
            "ratio",
            Commune,
        ),
        spec(
            "S.MODELS",
            "Mô hình được duy trì",
            "Models maintained",
            "model",
            "stock",
            Province,
        ),
        spec(
            "S.COURSES",
            "Lớp tập huấn giám sát",
            "M&E training courses",
            "course",
            "cumulative",
            Province,
        ),
        spec(
            "S.PACKAGES",
            "Gói hỗ trợ sinh đẻ an toàn",
            "Safe-motherhood packages",
            "package",
            "cumulative",
            Province,
        ),
        spec(
            "S.SPENT",
            "Tỉnh đã chi hỗ trợ",
            "Provinces that spent on support",
            "province",
            "coverage",
            Province,
        ),
        spec(
            "S.PLANNED",
            "Tỉnh có kế hoạch lồng ghép giới",
            "Provinces with a gender plan",
            "province",
            "coverage",
            Province,
        ),
        spec(
            "S.WOMEN_LEAD",
            "Tỷ lệ nữ lãnh đạo",
            "Women in leadership",
            "percent",
            "ratio",
            Province,
        ),
        spec(
            "S.BUDGET",
            "Kinh phí giải ngân",
            "Budget disbursed",
            "vnd",
            "cumulative",
            Province,
        ),
        spec(
            "S.MEDIA",
            "Tin bài truyền thông",
            "Media items",
            "event",
            "cumulative",
            Province,
        ),
        spec(
            "S.HOTLINE",
            "Cuộc gọi tư vấn",
            "Counselling calls",
            "event",
            "cumulative",
            Province,
        ),
        spec(
            "S.SHELTERS",
            "Nhà tạm lánh",
            "Shelters",
            "address",
            "stock",
            Province,
        ),
        spec(
            "S.VICTIMS",
            "Nạn nhân được hỗ trợ",
            "Victims supported",
            "person",
            "cumulative",
            Province,
        ),
        spec(
            "S.CHILD_MARRIAGE",
            "Tỷ lệ tảo hôn",
            "Child marriage rate",
            "percent",
            "ratio",
            Province,
        ),
        spec(
            "S.CLUBS_SCHOOL",
            "CLB trong trường học",
            "School clubs",
            "club",
            "stock",
            Province,
        ),
        spec(
            "S.VILLAGES_COVERED",
            "Tỉnh phủ kín thôn",
            "Provinces covering every village",
            "province",
            "coverage",
            Province,
        ),
        spec(
            "S.MOTHERS",
            "Phụ nữ mang thai được khám",
            "Pregnant women examined",
            "person",
            "cumulative",
            Province,
        ),
        spec(
            "S.CHILDREN",
            "Trẻ em được chăm sóc",
            "Children cared for",
            "person",
            "cumulative",
            Province,
        ),
    ];
    s[22].disaggregated = true;
    s[23].disaggregated = true;
    s
};

const SEXES: [&str; 2] = ["female", "male"];
const ETHNICITIES: [&str; 3] = ["hmong", "tay", "thai"];

/// Mistakes and their rates per 10,000 values.
const INJECTED: [(&str, u64); 4] = [
    ("negative-value", 20),
    ("non-integer-count", 10),
    ("numerator-above-denominator", 30),
    ("outside-phase", 5),
];

fn quarters() -> Vec<String> {
    (2021..=2025)
        .flat_map(|y| (1..=4).map(move |q| format!("{y}Q{q}")))
        .collect()
}

/// One observation, written to JSON and CSV at once.
struct Writer {
    json: String,
    csv: String,
    count: usize,
}

impl Writer {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        indicator: &str,
        area: &str,
        period: &str,
        value: Option<&str>,
        parts: Option<(u64, u64)>,
        dims: Option<(&str, &str)>,
    ) {
        if self.count > 0 {
            self.json.push(',');
        }
        self.count += 1;
        let _ = write!(
            self.json,
            r#"{{"indicator":"{indicator}","area":"{area}","period":"{period}""#
        );
        if let Some(v) = value {
            let _ = write!(self.json, r#","value":{}"#, json_number(v));
        }
        if let Some((n, d)) = parts {
            let _ = write!(self.json, r#","numerator":{n},"denominator":{d}"#);
        }
        if let Some((sex, eth)) = dims {
            let _ = write!(
                self.json,
                r#","disaggregation":{{"ethnicity":"{eth}","sex":"{sex}"}}"#
            );
        }
        self.json.push('}');
        let (n, d) = parts.map_or((String::new(), String::new()), |(n, d)| {
            (n.to_string(), d.to_string())
        });
        let (sex, eth) = dims.unwrap_or(("", ""));
        let _ = writeln!(
            self.csv,
            "{indicator},{area},{period},{},{n},{d},{sex},{eth}",
            value.unwrap_or("")
        );
    }
}

/// Integers stay JSON numbers; decimals become exact strings.
fn json_number(v: &str) -> String {
    if v.contains('.') {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// One generated area: code, names and parent.
struct Place {
    code: String,
    vi: String,
    en: String,
    parent: String,
}

/// The areas data is generated for, by level; districts only hold communes.
struct Places {
    provinces: Vec<Place>,
    districts: Vec<Place>,
    communes: Vec<Place>,
    villages: Vec<Place>,
}

impl Places {
    /// Numbered areas at `scale`, spread evenly.
    fn numbered(scale: Scale) -> Places {
        let provinces: Vec<Place> = (0..scale.provinces)
            .map(|p| {
                let code = format!("P{p:02}");
                Place {
                    vi: format!("Tỉnh {code}"),
                    en: format!("Province {code}"),
                    code,
                    parent: "VN".into(),
                }
            })
            .collect();
        let parent = |list: &[Place], i: u32| {
            let n = list.len().max(1);
            list.get(i as usize % n)
                .map_or("VN".to_string(), |p| p.code.clone())
        };
        let communes: Vec<Place> = (0..scale.communes)
            .map(|c| {
                let code = format!("C{c:04}");
                Place {
                    vi: format!("Xã {code}"),
                    en: format!("Commune {code}"),
                    parent: parent(&provinces, c),
                    code,
                }
            })
            .collect();
        let villages = (0..scale.villages)
            .map(|v| {
                let code = format!("V{v:05}");
                Place {
                    vi: format!("Thôn {code}"),
                    en: format!("Village {code}"),
                    parent: parent(&communes, v),
                    code,
                }
            })
            .collect();
        Places {
            provinces,
            districts: Vec::new(),
            communes,
            villages,
        }
    }

    /// The real provinces, districts and communes of `vn-2004` (every
    /// `every`-th commune), each commune with `villages` numbered villages.
    fn vn2004(every: usize, villages: u32) -> chitieu::Result<Places> {
        let schemes = chitieu::area::SchemeSet::builtin()?;
        let Some(old) = schemes.scheme("vn-2004") else {
            return Err(chitieu::Error::invalid(
                "scheme",
                ("không có danh mục vn-2004", "no vn-2004 scheme"),
            ));
        };
        let place = |a: &chitieu::area::SchemeArea| Place {
            code: a.code.to_string(),
            vi: a.name.vi.clone(),
            en: a.name.en.clone(),
            parent: a
                .parent
                .as_ref()
                .map_or("VN".to_string(), |p| p.to_string()),
        };
        let at = |level| old.areas.iter().filter(move |a| a.kind.level() == level);
        let communes: Vec<Place> = at(chitieu::AreaLevel::Commune)
            .step_by(every.max(1))
            .map(place)
            .collect();
        let villages = communes
            .iter()
            .flat_map(|c| {
                (1..=villages).map(move |v| Place {
                    code: format!("{}-T{v}", c.code),
                    vi: format!("Thôn {v}"),
                    en: format!("Village {v}"),
                    parent: c.code.clone(),
                })
            })
            .collect();
        Ok(Places {
            provinces: at(chitieu::AreaLevel::Province).map(place).collect(),
            districts: at(chitieu::AreaLevel::District).map(place).collect(),
            communes,
            villages,
        })
    }
}

/// Generates a data set at `scale` from `seed`.
pub fn generate(scale: Scale, seed: u64) -> Synthetic {
    generate_for(&Places::numbered(scale), seed)
}

/// Generates a data set on the real areas before 2025-07-01: the 63
/// provinces, their 696 districts and every `every`-th of their 10,035
/// communes with its real code, each with `villages` villages
/// (`{commune}-T1`…), for re-basing to `vn-2025`. Needs the commune table
/// (the `communes` feature of chitieu).
///
/// ```
/// let data = chitieu_synth::generate_vn2004(100, 1, 8)?;
/// let set = data.data_set()?;
/// assert_eq!(set.areas().len(), 1 + 63 + 696 + 101 + 101);
/// assert!(set.areas().iter().any(|a| a.code.as_str() == "00001")); // Phường Phúc Xá
/// # Ok::<(), chitieu::Error>(())
/// ```
pub fn generate_vn2004(every: usize, villages: u32, seed: u64) -> chitieu::Result<Synthetic> {
    Ok(generate_for(&Places::vn2004(every, villages)?, seed))
}

fn generate_for(places: &Places, seed: u64) -> Synthetic {
    let mut draws = Draws::new(seed);
    let quarters = quarters();
    let count = |list: &[Place]| u32::try_from(list.len()).unwrap_or(u32::MAX);
    let scale = Scale {
        provinces: count(&places.provinces),
        communes: count(&places.communes),
        villages: count(&places.villages),
    };
    let provinces: Vec<String> = places.provinces.iter().map(|p| p.code.clone()).collect();

    let mut base = framework_and_areas_json(places, scale, &provinces);
    let json_head = base.clone();
    base.push('}');

    let mut out = Writer {
        json: json_head,
        csv: String::from(
            "indicator,area,period,value,numerator,denominator,dim:sex,dim:ethnicity\n",
        ),
        count: 0,
    };
    out.json.push_str(r#","observations":["#);
    for s in &SPECS {
        let areas: Vec<&str> = match s.level {
            Level::Village => places.villages.iter().map(|v| v.code.as_str()).collect(),
            Level::Commune => places.communes.iter().map(|c| c.code.as_str()).collect(),
            Level::Province => provinces.iter().map(String::as_str).collect(),
        };
        for area in areas {
            push_series(&mut out, &mut draws, s, area, &quarters);
        }
    }
    out.json.push_str("]}");
    Synthetic {
        merger_json: merger_json(&provinces),
        base_json: base,
        json: out.json,
        csv: out.csv,
        observations: out.count,
        injected: draws.injected,
    }
}

/// The data set's head, up to the end of its areas and without the closing
/// brace: the base file closes it there, the whole data set goes on with
/// its observations.
fn framework_and_areas_json(places: &Places, scale: Scale, provinces: &[String]) -> String {
    // Framework and areas.
    let mut base = String::from(
        r#"{"version":1,"framework":{"version":1,"code":"SYNTH","name":{"vi":"Chương trình tổng hợp","en":"Synthetic programme"},"phases":[{"id":"phase-1","name":{"vi":"giai đoạn I","en":"phase 1"},"start":"2021-01-01","end":"2025-12-31"}],"components":["#,
    );
    for (c, chunk) in SPECS.chunks(6).enumerate() {
        if c > 0 {
            base.push(',');
        }
        let _ = write!(
            base,
            r#"{{"code":"DA{n}","kind":"project","name":{{"vi":"Dự án {n}","en":"Project {n}"}},"indicators":["#,
            n = c + 1
        );
        for (i, s) in chunk.iter().enumerate() {
            if i > 0 {
                base.push(',');
            }
            write_indicator(&mut base, s, scale, provinces);
        }
        base.push_str("]}");
    }
    base.push_str(
        r#"]},"areas":[{"code":"VN","name":{"vi":"Việt Nam","en":"Viet Nam"},"level":"country"}"#,
    );
    let levels = [
        (&places.provinces, "province"),
        (&places.districts, "district"),
        (&places.communes, "commune"),
        (&places.villages, "village"),
    ];
    for (list, level) in levels {
        for a in list {
            let _ = write!(
                base,
                r#",{{"code":"{}","name":{{"vi":"{}","en":"{}"}},"level":"{level}","parent":"{}"}}"#,
                a.code, a.vi, a.en, a.parent
            );
        }
    }
    base.push(']');
    base
}

/// One indicator of the framework with its phase targets: national, and
/// per province for what adds up over areas (coverage and ratios do not).
fn write_indicator(base: &mut String, s: &Spec, scale: Scale, provinces: &[String]) {
    let _ = write!(
        base,
        r#"{{"code":"{}","name":{{"vi":"{}","en":"{}"}},"unit":"{}","measure":"{}","frequency":"quarter""#,
        s.code, s.vi, s.en, s.unit, s.measure
    );
    if s.measure == "coverage" {
        base.push_str(r#","coverage_level":"province""#);
    }
    let per_area = match s.level {
        Level::Village => 4,
        Level::Commune => 20,
        Level::Province => 200,
    };
    let areas_at_level = match s.level {
        Level::Village => scale.villages,
        Level::Commune => scale.communes,
        Level::Province => scale.provinces,
    };
    let national = match s.measure {
        "coverage" => u64::from(scale.provinces),
        "ratio" => 80,
        _ => u64::from(areas_at_level) * per_area,
    };
    let _ = write!(
        base,
        r#","targets":[{{"period":"2021-2025","value":{national}}}"#
    );
    if s.measure != "coverage" && s.measure != "ratio" {
        let per_province = u64::from(areas_at_level) * per_area / u64::from(scale.provinces.max(1));
        for p in provinces {
            let _ = write!(
                base,
                r#",{{"period":"2021-2025","area":"{p}","value":{per_province}}}"#
            );
        }
    }
    base.push_str("]}");
}

/// The random draws and the mistakes they injected, kept together: the
/// data depends on every draw happening in the same order.
struct Draws {
    rng: Rng,
    injected: BTreeMap<&'static str, usize>,
}

impl Draws {
    fn new(seed: u64) -> Draws {
        Draws {
            rng: Rng(seed),
            injected: INJECTED.iter().map(|(k, _)| (*k, 0)).collect(),
        }
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }

    /// Whether to inject a mistake of `kind` (at its rate), counting it.
    fn inject(&mut self, kind: &'static str) -> bool {
        let rate = INJECTED
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, r)| *r);
        let hit = self.rng.chance(rate);
        if hit && let Some(n) = self.injected.get_mut(kind) {
            *n += 1;
        }
        hit
    }
}

/// One area's quarterly reports of one indicator, the last quarter
/// sometimes moved out of the phase.
fn push_series(out: &mut Writer, draws: &mut Draws, s: &Spec, area: &str, quarters: &[String]) {
    let mut stock = 0u64;
    for (q, quarter) in quarters.iter().enumerate() {
        let period = if q + 1 == quarters.len() && draws.inject("outside-phase") {
            "2026Q1"
        } else {
            quarter.as_str()
        };
        match s.measure {
            "ratio" => {
                let denominator = 50 + draws.below(50);
                let mut numerator = denominator * (20 + 3 * q as u64) / 100;
                if draws.inject("numerator-above-denominator") {
                    numerator = denominator + 1 + draws.below(5);
                }
                out.push(
                    s.code,
                    area,
                    period,
                    None,
                    Some((numerator, denominator)),
                    None,
                );
            }
            "coverage" => {
                let met = if q >= 12 { "1" } else { "0" };
                out.push(s.code, area, period, Some(met), None, None);
            }
            measure => {
                let value = if measure == "stock" {
                    stock += draws.below(2);
                    stock
                } else {
                    draws.below(10)
                };
                push_count(out, draws, s, area, period, value);
            }
        }
    }
}

/// A count or amount, sometimes made negative or fractional, then its
/// sex × ethnicity cells when the indicator is disaggregated.
fn push_count(out: &mut Writer, draws: &mut Draws, s: &Spec, area: &str, period: &str, value: u64) {
    let text = if draws.inject("negative-value") {
        format!("-{}", value + 1)
    } else if s.unit != "vnd" && draws.inject("non-integer-count") {
        format!("{value}.5")
    } else if s.unit == "vnd" {
        (value * 1_000_000).to_string()
    } else {
        value.to_string()
    };
    out.push(s.code, area, period, Some(&text), None, None);
    if s.disaggregated {
        // The six cells add up to the total, as they must.
        let cells = (SEXES.len() * ETHNICITIES.len()) as u64;
        let mut k = 0;
        for sex in SEXES {
            for eth in ETHNICITIES {
                let part = value / cells + u64::from(k < value % cells);
                k += 1;
                out.push(
                    s.code,
                    area,
                    period,
                    Some(&part.to_string()),
                    None,
                    Some((sex, eth)),
                );
            }
        }
    }
}

/// The provinces as one scheme and merged two by two into another, with
/// the crosswalk between them.
fn merger_json(provinces: &[String]) -> String {
    let merged: Vec<String> = (0..provinces.len().div_ceil(2))
        .map(|i| format!("M{i:02}"))
        .collect();
    let links: Vec<String> = provinces
        .iter()
        .enumerate()
        .map(|(i, p)| format!(r#"{{"from":"{p}","to":"M{:02}"}}"#, i / 2))
        .collect();
    format!(
        r#"{{"version":1,"schemes":[{},{}],"crosswalks":[{{"from":"synth-old","to":"synth-new","links":[{}]}}]}}"#,
        scheme_json("synth-old", provinces, r#""valid_to":"2025-06-30""#),
        scheme_json("synth-new", &merged, r#""valid_from":"2025-07-01""#),
        links.join(",")
    )
}

/// One province-level area scheme; `valid` is its validity field.
fn scheme_json(id: &str, codes: &[String], valid: &str) -> String {
    let areas: Vec<String> = codes
        .iter()
        .map(|c| format!(r#"{{"code":"{c}","name":{{"vi":"Tỉnh {c}","en":"Province {c}"}},"kind":"province"}}"#))
        .collect();
    format!(
        r#"{{"id":"{id}","name":{{"vi":"{id}","en":"{id}"}},{valid},"level":"province","areas":[{}]}}"#,
        areas.join(",")
    )
}

/// Allocation units for the benchmarks: every commune of `data`, weighted
/// 1–97 by a fixed scatter (the same weights every run).
pub fn commune_units(data: &chitieu::DataSet) -> Vec<chitieu::progress::AllocationUnit> {
    data.areas()
        .iter()
        .filter(|a| a.code.as_str().starts_with('C'))
        .enumerate()
        .map(|(i, a)| {
            let weight = 1 + (i as i64 * 7919) % 97;
            chitieu::progress::AllocationUnit::new(a.code.as_str(), chitieu::Rational::from(weight))
        })
        .collect()
}

/// The repository README's Rust examples, run as doctests so they cannot go
/// stale. They live here, not in `chitieu`, because the published crate does
/// not contain the repository's README.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
