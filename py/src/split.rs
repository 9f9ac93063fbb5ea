//! Validation split across a cluster's partitions: the core's passes,
//! keys, part runs and assembly, for `chitieu.dask` (or Spark, Ray) to
//! call on its workers. Passes and parts travel as JSON text, keys and
//! ordinals as little-endian `u64` bytes (a NumPy `uint64` buffer).

use chitieu::io::json;
use chitieu::period::parse_date;
use chitieu::rules::ValidateOptions;
use chitieu::rules::split::{self, PartFindings, Pass};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::dataset::Dataset;
use crate::errors::IntoPy;
use crate::validation::Validation;

fn options(text: Option<&str>) -> chitieu::Result<ValidateOptions> {
    text.map_or_else(
        || Ok(ValidateOptions::default()),
        |t| json::from_str_at(t, "$.options"),
    )
}

fn ordinals(bytes: &[u8]) -> chitieu::Result<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return Err(chitieu::Error::invalid(
            "ordinals",
            (
                format!("{} byte không chia hết cho 8", bytes.len()),
                format!("{} bytes are not a whole number of u64", bytes.len()),
            ),
        ));
    }
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
    Ok(bytes.chunks_exact(8).map(word).collect())
}

/// The passes of a split validation with these options, as JSON: a list
/// of `{"key", "rules"}`.
#[pyfunction]
#[pyo3(signature = (options_json = None))]
pub fn validation_passes(py: Python<'_>, options_json: Option<&str>) -> PyResult<String> {
    let options = options(options_json).py_err(py)?;
    json::to_string(&split::passes(&options)).py_err(py)
}

/// The shuffle key of every observation of `data` for a pass (its JSON),
/// as `u64` bytes.
#[pyfunction]
pub fn validation_keys<'py>(
    py: Python<'py>,
    data: &Dataset,
    pass_json: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let keys = py
        .detach(|| {
            let pass: Pass = json::from_str_at(pass_json, "$.pass")?;
            split::keys(&data.inner, pass.key).map_err(|e| e.renamed("data", "$"))
        })
        .py_err(py)?;
    let bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
    Ok(PyBytes::new(py, &bytes))
}

/// The findings of a pass's rules on one partition whose rows are the
/// whole data's rows `ordinals` (`u64` bytes, increasing), as JSON.
#[pyfunction]
#[pyo3(signature = (data, as_of, pass_json, ordinals, options_json = None))]
pub fn validate_part(
    py: Python<'_>,
    data: &Dataset,
    as_of: &str,
    pass_json: &str,
    ordinals: &[u8],
    options_json: Option<&str>,
) -> PyResult<String> {
    py.detach(|| {
        let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
        let options = options(options_json)?;
        let pass: Pass = json::from_str_at(pass_json, "$.pass")?;
        let ordinals = self::ordinals(ordinals)?;
        let part = split::validate_part(&data.inner, as_of, &options, &pass.rules, &ordinals)
            .map_err(|e| e.renamed("data", "$"))?;
        json::to_string(&part)
    })
    .py_err(py)
}

/// The report of a split validation: the set-up rules on `setup` and the
/// parts' findings (their JSON), sorted and counted as one run's.
#[pyfunction]
#[pyo3(signature = (setup, as_of, parts, options_json = None))]
pub fn assemble_validation(
    py: Python<'_>,
    setup: &Dataset,
    as_of: &str,
    parts: Vec<String>,
    options_json: Option<&str>,
) -> PyResult<Validation> {
    py.detach(|| {
        let as_of = parse_date(as_of).map_err(|e| e.at("as_of"))?;
        let options = options(options_json)?;
        let parts = (parts.iter().enumerate())
            .map(|(i, text)| json::from_str_at::<PartFindings>(text, &format!("$.parts[{i}]")))
            .collect::<chitieu::Result<Vec<_>>>()?;
        let report = split::assemble(&setup.inner, as_of, &options, parts)?.under("$");
        Ok(Validation::new(report))
    })
    .py_err(py)
}
