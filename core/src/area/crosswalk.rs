//! Crosswalks between area schemes: which old area goes into which new
//! one, and with what share when an old area was split.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::code::AreaCode;
use crate::error::{Error, Result};
use crate::number::Rational;
/// One old area's share in a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The area in the old scheme.
    pub from: AreaCode,
    /// The area in the new scheme.
    pub to: AreaCode,
    /// The share of `from` that goes to `to` (for splits); 1 when absent.
    /// The shares of one old area must add up to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Rational>,
}

/// How the areas of one scheme map onto another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// The old scheme's id.
    pub from: String,
    /// The new scheme's id.
    pub to: String,
    /// The links, old → new.
    pub links: Vec<Link>,
}

impl Crosswalk {
    /// The links by old code, with their shares checked.
    pub(crate) fn shares(&self) -> Result<HashMap<&str, Vec<(AreaCode, Rational)>>> {
        let mut out: HashMap<&str, Vec<(AreaCode, Rational)>> = HashMap::default();
        for (i, link) in self.links.iter().enumerate() {
            let weight = link.weight.unwrap_or(Rational::ONE);
            if weight <= Rational::ZERO || weight > Rational::ONE {
                return Err(Error::invalid(
                    format!("links[{i}].weight"),
                    format!(
                        "share {weight} of `{}` must be above 0 and at most 1",
                        link.from
                    ),
                ));
            }
            out.entry(link.from.as_str())
                .or_default()
                .push((link.to.clone(), weight));
        }
        for (from, targets) in &out {
            let total = Rational::sum(targets.iter().map(|t| t.1))?;
            if total != Rational::ONE {
                return Err(Error::invalid(
                    "links",
                    format!("the shares of `{from}` add up to {total}, not 1"),
                ));
            }
        }
        Ok(out)
    }
}
