//! Activities: the intervention models run in areas.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::json_text::{FromJson, ToJson};
use crate::text::Lang;

/// The intervention models of Project 8.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    FromJson,
    ToJson,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ModelType {
    /// Tổ truyền thông cộng đồng: one per especially difficult village.
    CommunityCommunicationGroup,
    /// Địa chỉ tin cậy: a safe place for victims of violence.
    TrustedAddress,
    /// CLB "Thủ lĩnh của sự thay đổi", mostly in ethnic boarding schools.
    LeadersOfChangeClub,
    /// Tổ nhóm sinh kế / tổ hợp tác / hợp tác xã owned or co-owned by women.
    LivelihoodGroup,
    /// Mô hình sinh kế cho nạn nhân mua bán người.
    TraffickingVictimLivelihood,
    /// Tổ tiết kiệm vốn vay thôn bản.
    VillageSavingsAndLoanGroup,
    /// 4 gói hỗ trợ làm mẹ an toàn, chăm sóc sức khỏe trẻ em.
    SafeMotherhoodPackage,
}

impl ModelType {
    /// The model's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        use ModelType::*;
        match (self, lang) {
            (CommunityCommunicationGroup, Lang::Vi) => "Tổ truyền thông cộng đồng",
            (CommunityCommunicationGroup, Lang::En) => "Community communication group",
            (TrustedAddress, Lang::Vi) => "Địa chỉ tin cậy",
            (TrustedAddress, Lang::En) => "Trusted address",
            (LeadersOfChangeClub, Lang::Vi) => "CLB Thủ lĩnh của sự thay đổi",
            (LeadersOfChangeClub, Lang::En) => "Leaders-of-change club",
            (LivelihoodGroup, Lang::Vi) => {
                "Tổ nhóm sinh kế, tổ hợp tác, hợp tác xã do phụ nữ làm chủ hoặc đồng làm chủ"
            }
            (LivelihoodGroup, Lang::En) => {
                "Livelihood group, cooperative group or cooperative owned or co-owned by women"
            }
            (TraffickingVictimLivelihood, Lang::Vi) => "Mô hình sinh kế cho nạn nhân mua bán người",
            (TraffickingVictimLivelihood, Lang::En) => {
                "Livelihood model for victims of human trafficking"
            }
            (VillageSavingsAndLoanGroup, Lang::Vi) => "Tổ tiết kiệm vốn vay thôn bản",
            (VillageSavingsAndLoanGroup, Lang::En) => "Village savings-and-loan group",
            (SafeMotherhoodPackage, Lang::Vi) => {
                "Gói hỗ trợ làm mẹ an toàn, chăm sóc sức khỏe trẻ em"
            }
            (SafeMotherhoodPackage, Lang::En) => "Safe-motherhood and child-health support package",
        }
    }
}

/// An activity: one intervention model run in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// An identifier, unique in the data set.
    pub id: String,
    /// The intervention model.
    pub model: ModelType,
    /// Where it runs.
    pub area: AreaCode,
    /// When it started.
    #[serde(with = "crate::period::iso_date")]
    pub start: NaiveDate,
    /// When it ended, if it has.
    #[serde(
        default,
        with = "crate::period::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<NaiveDate>,
    /// Beneficiaries identified (`0`: "không có đối tượng").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiaries: Option<u64>,
    /// The funding programme or source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<String>,
    /// Whether the activity takes deposits from members.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub takes_deposits: bool,
    /// Whether the activity lends to members.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lends: bool,
    /// The recognised microfinance programme it runs inside, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microfinance_programme: Option<String>,
}
