//! The crate's layers, checked on its source: every file uses only files of
//! its own layer or below, and no two files use each other, directly or
//! through others.
//!
//! A file *uses* the file that defines an item it names through `use` or a
//! path (`crate::…`, `super::…`, a child module); `pub use` re-exports are
//! followed to the file that defines the item and are not uses themselves.
//! Comments and `#[cfg(test)]` code are left out.

// Test code over the crate's own files: a panic is a failed test.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first; a module not listed is in the layer of its
/// top-level module.
const LAYERS: &[&[&str]] = &[
    &["error", "text", "docs", "order", "parallel", "json_text"],
    &["number", "period", "code"],
    &["model"],
    &["io", "builtin"],
    &["area", "progress", "rules", "html", "xlsx"],
    &["exchange"],
    &["contract"],
    &["crate"],
];

struct Module {
    /// Source without comments and test code.
    code: String,
    children: BTreeSet<String>,
    has_inline_modules: bool,
}

fn strip(source: &str) -> String {
    let source = match source.find("#[cfg(test)]") {
        Some(i) => &source[..i],
        None => source,
    };
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module of the crate by path (`crate`, `progress::report`).
fn modules() -> BTreeMap<String, Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let mut name = rel.to_string_lossy().replace('/', "::");
            if name == "lib" {
                name = "crate".into();
            } else if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_string();
            }
            let code = strip(&std::fs::read_to_string(&path).unwrap());
            let children = words_after(&code, "mod ")
                .into_iter()
                .filter(|w| code.contains(&format!("mod {w};")))
                .collect();
            let has_inline_modules = words_after(&code, "mod ")
                .iter()
                .any(|w| code.contains(&format!("mod {w} {{")));
            out.insert(
                name,
                Module {
                    code,
                    children,
                    has_inline_modules,
                },
            );
        }
    }
    out
}

fn words_after(code: &str, prefix: &str) -> Vec<String> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            *i == 0 || !code[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            code[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn join(module: &str, child: &str) -> String {
    if module == "crate" {
        child.to_string()
    } else {
        format!("{module}::{child}")
    }
}

fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map_or("crate".into(), |(p, _)| p.into())
}

/// The `use` trees of `code` as flat paths, each marked re-export or not.
fn use_paths(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("use ") {
        let before = code[..i].trim_end();
        let public = before.ends_with("pub") || before.ends_with("pub(crate)");
        if !(before.is_empty() || before.ends_with([';', '{', '}', ']']) || public)
            || code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let Some(end) = code[i..].find(';') else {
            continue;
        };
        let tree: String = code[i + 4..i + end].split_whitespace().collect();
        flatten("", &tree, &mut |p| out.push((public, p)));
    }
    out
}

fn flatten(prefix: &str, tree: &str, out: &mut dyn FnMut(String)) {
    let tree = tree.trim_matches(',');
    if let Some(open) = tree.find('{') {
        let head = &tree[..open];
        let inner = &tree[open + 1..tree.len() - 1];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    flatten(&format!("{prefix}{head}"), &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        flatten(&format!("{prefix}{head}"), &inner[start..], out);
    } else if !tree.is_empty() {
        let name = tree.split("as").next().unwrap_or(tree);
        out(format!("{prefix}{name}"));
    }
}

/// The module that defines what `path` (seen from `from`) names.
fn resolve(
    mods: &BTreeMap<String, Module>,
    from: &str,
    path: &str,
    depth: usize,
) -> Option<String> {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut at = match *segments.peek()? {
        "crate" => {
            segments.next();
            "crate".to_string()
        }
        "self" => {
            segments.next();
            from.to_string()
        }
        // `super` inside an inline module (`mod option { … }`) stays in
        // the file: the only such uses are of the file's own items.
        "super" if mods.get(from)?.has_inline_modules => {
            while segments.peek() == Some(&"super") {
                segments.next();
            }
            from.to_string()
        }
        "super" => {
            let mut m = from.to_string();
            while segments.peek() == Some(&"super") {
                segments.next();
                m = parent(&m);
            }
            m
        }
        first if mods.get(from)?.children.contains(first) => from.to_string(),
        _ => return None,
    };
    for segment in segments {
        let child = join(&at, segment);
        if mods.contains_key(&child) && mods.get(&at)?.children.contains(segment) {
            at = child;
            continue;
        }
        // An item: defined here, or re-exported from elsewhere.
        if depth < 8 {
            for (public, reexport) in use_paths(&mods.get(&at)?.code) {
                let last = reexport.rsplit("::").next().unwrap_or("");
                if public && (last == segment || last == "*") {
                    let target = if last == "*" {
                        format!("{}::{segment}", reexport.trim_end_matches("::*"))
                    } else {
                        reexport.clone()
                    };
                    if let Some(m) = resolve(mods, &at, &target, depth + 1) {
                        return Some(m);
                    }
                }
            }
        }
        return Some(at);
    }
    Some(at)
}

/// `code` without its `use` statements (read by [`use_paths`]).
fn without_uses(code: &str) -> String {
    code.split(';')
        .filter(|statement| {
            let is_use = |s: &str| {
                let s = s.trim_start();
                s.starts_with("use ")
                    || s.starts_with("pub use ")
                    || s.starts_with("pub(crate) use ")
            };
            // A statement may follow a block: `} use …`.
            !(is_use(statement) || statement.rsplit('}').next().is_some_and(is_use))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Inline paths such as `crate::period::iso(…)` or `super::x::y`.
fn inline_paths(code: &str, module: &Module) -> Vec<String> {
    let mut out = Vec::new();
    let roots: Vec<String> = ["crate", "super", "self"]
        .iter()
        .map(|s| s.to_string())
        .chain(module.children.iter().cloned())
        .collect();
    for root in &roots {
        for (i, _) in code.match_indices(&format!("{root}::")) {
            if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(path);
        }
    }
    out
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer: add it to LAYERS"))
}

fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, module) in &mods {
        let mut paths: Vec<String> = use_paths(&module.code)
            .into_iter()
            .filter(|(public, _)| !public)
            .map(|(_, p)| p)
            .collect();
        paths.extend(inline_paths(&without_uses(&module.code), module));
        for path in paths {
            if let Some(target) = resolve(&mods, name, &path, 0)
                && target != *name
            {
                edges.entry(name.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

#[test]
fn every_file_uses_only_its_layer_and_below() {
    let mut uphill = Vec::new();
    for (from, targets) in uses() {
        for to in targets {
            if layer_of(&to) > layer_of(&from) {
                uphill.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(uphill.is_empty(), "uphill uses:\n{}", uphill.join("\n"));
}

#[test]
fn no_two_files_use_each_other() {
    let edges = uses();
    // Tarjan's strongly connected components, iteratively small enough to
    // write recursively: the crate has well under a hundred files.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                if !s.index.contains_key(w.as_str()) {
                    visit(s, w);
                    let low = s.low[w.as_str()].min(s.low[v]);
                    s.low.insert(v, low);
                } else if s.stack.contains(&w.as_str()) {
                    let low = s.index[w.as_str()].min(s.low[v]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.cycles.push(component);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        cycles: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    assert!(
        state.cycles.is_empty(),
        "files that use each other: {:?}",
        state.cycles
    );
}

#[test]
fn the_checker_sees_uses() {
    let edges = uses();
    // Known uses: if these vanish, the checker has gone blind.
    assert!(edges["progress::report"].contains("progress::figures"));
    assert!(edges["contract"].contains("builtin"));
    assert!(edges["model::dataset"].contains("error"));
    assert!(use_paths("use crate::a::{b, c::{d as e}};").len() == 2);
}
