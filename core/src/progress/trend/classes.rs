//! The presets: each method's classes, default thresholds and reference.

use crate::error::{Error, Result};
use crate::number::Rational;
use crate::progress::pace::PaceStatus;
use crate::text::Text;

use super::terms::{Figure, Threshold, TrendMethod};

/// A class of a trend method, with its label and the common status it maps
/// to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendClass {
    /// The class id, e.g. `moderate-progress`.
    pub id: &'static str,
    vi: &'static str,
    en: &'static str,
    /// The common status.
    pub status: PaceStatus,
}

impl TrendClass {
    /// The label in both languages.
    pub fn label(&self) -> Text {
        Text::new(self.vi, self.en)
    }

    /// The class of a target already met, whatever the method.
    pub(super) fn achieved() -> TrendClass {
        TrendClass {
            id: "target-achieved",
            vi: "đã đạt chỉ tiêu",
            en: "target already achieved",
            status: PaceStatus::Achieved,
        }
    }
}

const fn class(
    id: &'static str,
    vi: &'static str,
    en: &'static str,
    status: PaceStatus,
) -> TrendClass {
    TrendClass { id, vi, en, status }
}

/// A method's preset.
pub(super) struct Preset {
    /// Where the method comes from: (vi, en).
    pub reference: (&'static str, &'static str),
    /// What the statistic measures: (vi, en).
    pub statistic: (&'static str, &'static str),
    classes: &'static [TrendClass],
    /// Default thresholds as fractions, highest first.
    defaults: &'static [(i128, i128)],
}

const LINEAR: Preset = Preset {
    reference: (
        "Tốc độ tuyến tính của chitieu (tiến độ thực tế ÷ tiến độ cần thiết mỗi kỳ); ngưỡng như trong báo cáo tiến độ",
        "chitieu linear pace (observed ÷ required progress per period); thresholds as in the progress report",
    ),
    statistic: (
        "tiến độ thực tế mỗi kỳ ÷ tiến độ cần thiết mỗi kỳ",
        "observed progress per period ÷ required progress per period",
    ),
    classes: &[
        class("on-track", "đúng tiến độ", "on track", PaceStatus::OnTrack),
        class("at-risk", "có nguy cơ chậm", "at risk", PaceStatus::AtRisk),
        class(
            "off-track",
            "chậm tiến độ",
            "off track",
            PaceStatus::OffTrack,
        ),
    ],
    defaults: &[(1, 1), (3, 4)],
};

const UNSD: Preset = Preset {
    reference: (
        "Ghi chú kỹ thuật Biểu đồ tiến độ SDG của Cục Thống kê Liên Hợp Quốc (chỉ tiêu có mục tiêu định lượng); các ngưỡng theo ghi chú năm 2022 như được nhớ lại, chưa xác nhận: đặt bằng `thresholds`",
        "UN Statistics Division, SDG Progress Chart technical note (indicators with a numerical target); cut-offs as recalled from the 2022 note, not confirmed: pass `thresholds` to set them",
    ),
    statistic: (
        "tiến độ dự báo đến kỳ mục tiêu theo tốc độ tăng trưởng kép hiện tại ÷ tiến độ cần đạt kể từ số liệu gốc",
        "progress projected by the target period at the current compound growth rate ÷ progress required since the baseline",
    ),
    classes: &[
        class(
            "substantial-progress",
            "tiến bộ đáng kể, đúng hướng",
            "substantial progress / on track",
            PaceStatus::OnTrack,
        ),
        class(
            "fair-progress",
            "có tiến bộ nhưng cần tăng tốc",
            "fair progress, but acceleration needed",
            PaceStatus::AtRisk,
        ),
        class(
            "limited-progress",
            "tiến bộ hạn chế hoặc không tiến bộ",
            "limited or no progress",
            PaceStatus::OffTrack,
        ),
        class(
            "deterioration",
            "thụt lùi",
            "deterioration",
            PaceStatus::OffTrack,
        ),
    ],
    defaults: &[(95, 100), (1, 2), (-1, 10)],
};

const OPEN_SDG: Preset = Preset {
    reference: (
        "Thước đo tiến độ Open SDG / Thống kê Canada (sdg-build ProgressMeasure, phương pháp 2: có mục tiêu): tỷ số CAGR thực tế trên CAGR cần thiết, ngưỡng 0,95, 0,6, 0",
        "Open SDG / Statistics Canada progress measure (sdg-build ProgressMeasure, methodology 2: target given): ratio of observed to required CAGR, thresholds high 0.95, med 0.6, low 0",
    ),
    statistic: (
        "tốc độ tăng trưởng kép thực tế ÷ |tốc độ tăng trưởng kép cần thiết|, theo chiều của chỉ tiêu",
        "observed compound growth rate ÷ |required compound growth rate|, signed by direction",
    ),
    classes: &[
        class(
            "substantial-progress",
            "tiến bộ đáng kể",
            "substantial progress",
            PaceStatus::OnTrack,
        ),
        class(
            "moderate-progress",
            "tiến bộ vừa phải",
            "moderate progress",
            PaceStatus::AtRisk,
        ),
        class(
            "limited-progress",
            "tiến bộ hạn chế",
            "limited progress",
            PaceStatus::OffTrack,
        ),
        class(
            "deterioration",
            "thụt lùi",
            "deterioration",
            PaceStatus::OffTrack,
        ),
    ],
    defaults: &[(95, 100), (6, 10), (0, 1)],
};

const ESCAP: Preset = Preset {
    reference: (
        "Chỉ số tiến độ dự kiến kiểu ESCAP: hồi quy tuyến tính có trọng số thời gian, dự báo đến kỳ mục tiêu; khoảng cách dự kiến = (mục tiêu − dự báo) ÷ (mục tiêu − số liệu gốc); cách đặt trọng số không được công bố trong tài liệu đã tham khảo: đặt bằng `weights`",
        "UN ESCAP Anticipated Progress Index style: time-weighted linear regression projected to the target period; anticipated gap = (target − projected) ÷ (target − baseline); the weighting scheme is not published in the notes consulted: `weights` sets it",
    ),
    statistic: (
        "1 − khoảng cách dự kiến: phần tiến độ cần thiết mà đường hồi quy đạt được đến kỳ mục tiêu",
        "1 − anticipated gap: the share of the required progress the fitted line delivers by the target period",
    ),
    classes: &[
        class(
            "maintain-progress",
            "duy trì tiến độ để đạt chỉ tiêu",
            "maintain progress to achieve the target",
            PaceStatus::OnTrack,
        ),
        class(
            "accelerate",
            "cần đẩy nhanh tiến độ",
            "progress, but acceleration needed",
            PaceStatus::AtRisk,
        ),
        class(
            "reverse-trend",
            "cần đảo ngược xu hướng",
            "regression: the trend must be reversed",
            PaceStatus::OffTrack,
        ),
    ],
    defaults: &[(1, 1), (0, 1)],
};

const DESTATIS: Preset = Preset {
    reference: (
        "Báo cáo chỉ số của Destatis, biểu tượng thời tiết của Chiến lược phát triển bền vững Đức: thay đổi bình quân năm của năm năm gần nhất, dự báo đến năm mục tiêu; các mức lệch 5%, 20%, 80% của phần thay đổi còn lại như được nhớ lại: đặt bằng `thresholds`",
        "Destatis indicator report, German Sustainable Development Strategy weather symbols: average annual change of the last five years projected to the target year; deviation bands 5%, 20%, 80% of the remaining change, as recalled: pass `thresholds` to set them",
    ),
    statistic: (
        "1 − độ lệch: phần thay đổi còn cần mà dự báo đạt được",
        "1 − deviation: the share of the change still needed that the projection delivers",
    ),
    classes: &[
        class(
            "sun",
            "nắng: đạt hoặc gần đạt chỉ tiêu (lệch dưới 5%)",
            "sun: target met or nearly (deviation under 5%)",
            PaceStatus::OnTrack,
        ),
        class(
            "sun-cloud",
            "nắng xen mây: lệch 5–20%",
            "sun behind cloud: deviation 5–20%",
            PaceStatus::AtRisk,
        ),
        class(
            "cloud",
            "mây: lệch 20–80%",
            "cloud: deviation 20–80%",
            PaceStatus::OffTrack,
        ),
        class(
            "thunderstorm",
            "giông: lệch trên 80% hoặc đi ngược hướng",
            "thunderstorm: deviation over 80% or the wrong direction",
            PaceStatus::OffTrack,
        ),
    ],
    defaults: &[(95, 100), (8, 10), (2, 10)],
};

pub(super) fn preset(method: TrendMethod) -> &'static Preset {
    match method {
        TrendMethod::Linear => &LINEAR,
        TrendMethod::UnsdCagr => &UNSD,
        TrendMethod::OpenSdg => &OPEN_SDG,
        TrendMethod::EscapWls => &ESCAP,
        TrendMethod::Destatis => &DESTATIS,
    }
}

impl Preset {
    fn pair(&self, values: impl Iterator<Item = Rational>) -> Vec<Threshold> {
        values
            .zip(self.classes.iter())
            .map(|(at, class)| Threshold {
                at,
                class: class.id,
            })
            .collect()
    }

    /// The default thresholds.
    pub fn thresholds(&self) -> Result<Vec<Threshold>> {
        let mut values = Vec::with_capacity(self.defaults.len());
        for &(num, den) in self.defaults {
            values.push(Rational::new(num, den).ok_or_else(Error::overflow)?);
        }
        Ok(self.pair(values.into_iter()))
    }

    /// User thresholds: one fewer than the classes, strictly descending.
    pub fn custom(&self, values: &[Rational]) -> Result<Vec<Threshold>> {
        let wanted = self.classes.len().saturating_sub(1);
        if values.len() != wanted {
            return Err(Error::invalid(
                "options.thresholds",
                (
                    format!(
                        "phương pháp này có {} mức, nên cần {wanted} ngưỡng, không phải {}",
                        self.classes.len(),
                        values.len()
                    ),
                    format!(
                        "this method has {} classes, so it takes {wanted} thresholds, not {}",
                        self.classes.len(),
                        values.len()
                    ),
                ),
            ));
        }
        if let Some(i) = (1..values.len()).find(|&i| values.get(i) >= values.get(i - 1)) {
            return Err(Error::invalid(
                format!("options.thresholds[{i}]"),
                (
                    "các ngưỡng phải xếp từ cao xuống, mỗi ngưỡng thấp hơn ngưỡng trước",
                    "thresholds must be given highest first, each below the one before",
                ),
            ));
        }
        Ok(self.pair(values.iter().copied()))
    }

    /// The worst class.
    pub fn lowest(&self) -> TrendClass {
        self.classes
            .last()
            .copied()
            .unwrap_or(TrendClass::achieved())
    }

    /// The class of a statistic.
    pub fn classify(&self, statistic: Figure, thresholds: &[Threshold]) -> TrendClass {
        thresholds
            .iter()
            .zip(self.classes.iter())
            .find(|(t, _)| statistic.reaches(t.at))
            .map(|(_, c)| *c)
            .unwrap_or_else(|| self.lowest())
    }
}
