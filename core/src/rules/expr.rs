//! The expression language of user-defined rules, in the style of DHIS2
//! validation rules.
//!
//! ```text
//! rule      = expr operator expr
//! operator  = "==" | "=" | "!=" | "≠" | ">" | ">=" | "≥" | "<" | "<=" | "≤"
//!           | "compulsory-pair" | "exclusive-pair"
//! expr      = term { ("+" | "-") term }
//! term      = unary { ("*" | "×" | "/" | "÷") unary }
//! unary     = "-" unary | primary
//! primary   = number | reference | "sum" "(" reference ")" | "(" expr ")"
//! reference = "#{" code [ "|" filter { "," filter } ] "}"
//! filter    = dimension "=" ( category | "$" variable | "*" )
//! ```
//!
//! `#{P8.CCG}` is the total of an indicator at the area and period being
//! checked; `#{X | sex=female}` one disaggregated value; `sum(#{X | sex=*})`
//! the sum over every category of `sex`. A `$variable` makes the rule a
//! template, evaluated once for every category of its dimension found in
//! the data (for `sex=$s, ethnicity=$e`: every sex × ethnicity
//! combination). Numbers use `.` as the decimal point. Arithmetic is exact.
//!
//! ```
//! use chitieu::rules::Expr;
//! let (left, op, right) = Expr::parse_rule("#{W | sex=$s} <= #{T | sex=$s} * 2").unwrap();
//! assert_eq!(op.symbol(), "<=");
//! assert_eq!(right.to_string(), "#{T | sex=$s} * 2");
//! let err = Expr::parse_rule("#{W} <= (#{T} + ").unwrap_err();
//! assert_eq!((err.code(), err.column()), ("rule-syntax", Some(17)));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::json_text::{FromJson, ToJson};
use crate::number::Rational;
use crate::rules::finding::Operator;

/// How deep parentheses may nest in a rule.
pub const MAX_NESTING: usize = 64;

/// What a reference's filter on one dimension asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// One category.
    Category(String),
    /// A template variable, bound to each category in turn.
    Variable(String),
    /// Every category (inside `sum`).
    Any,
}

/// A reference to an indicator's value, optionally disaggregated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The indicator or sub-measure code.
    pub indicator: String,
    /// Dimension filters, in the order written.
    pub filters: Vec<(String, Filter)>,
    /// Where the reference starts in the rule text (character, from 1).
    pub column: usize,
}

/// A binary arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// An arithmetic expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A number.
    Number(Rational),
    /// An indicator's value.
    Ref(Reference),
    /// The sum of an indicator's values over the categories a reference's
    /// `*` filters leave open.
    Sum(Reference),
    /// `-e`
    Neg(Box<Expr>),
    /// `a op b op c …`, evaluated left to right, every operator of the same
    /// precedence (`+`/`-` or `*`/`/`). A chain is flat, not a tree one
    /// level deeper per operator, so a rule of 100,000 terms is walked
    /// without recursion: only parentheses and signs nest, and they are
    /// limited to 64 levels.
    Chain(Box<Expr>, Vec<(BinOp, Expr)>),
}

impl BinOp {
    /// `a op b`, exactly; `None` on overflow or division by zero.
    fn apply(self, a: Rational, b: Rational) -> Option<Rational> {
        match self {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::Div => a.checked_div(b),
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// 1 for `+`/`-`, 2 for `*`/`/`.
    fn precedence(self) -> u8 {
        match self {
            BinOp::Add | BinOp::Sub => 1,
            BinOp::Mul | BinOp::Div => 2,
        }
    }
}

/// `first` alone, or the chain of `first` and `rest`.
fn chain(first: Expr, rest: Vec<(BinOp, Expr)>) -> Expr {
    if rest.is_empty() {
        first
    } else {
        Expr::Chain(Box::new(first), rest)
    }
}

/// How a side with missing values is treated (DHIS2's strategies).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, FromJson, ToJson,
)]
#[serde(rename_all = "kebab-case")]
pub enum MissingValues {
    /// Skip the check when any value of the side is missing.
    #[default]
    SkipIfAnyMissing,
    /// Skip the check only when every value of the side is missing; other
    /// missing values count as zero.
    SkipIfAllMissing,
    /// Never skip: missing values count as zero.
    NeverSkip,
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

fn syntax(column: usize, detail: impl Into<crate::text::Text>) -> Error {
    Error::new(ErrorKind::RuleSyntax {
        detail: detail.into(),
    })
    .at_column(column as u64 + 1)
}

fn is_code_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '{' | '}' | '|' | ',' | '=' | '$' | '*')
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_space();
        let n = s.chars().count();
        let matches = self
            .chars
            .get(self.at..self.at + n)
            .is_some_and(|w| w.iter().copied().eq(s.chars()));
        if matches {
            self.at += n;
        }
        matches
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("found `{c}`"),
            None => "found the end of the rule".to_string(),
        }
    }

    fn found_vi(&self) -> String {
        match self.peek() {
            Some(c) => format!("gặp `{c}`"),
            None => "gặp cuối quy tắc".to_string(),
        }
    }

    fn expr(&mut self) -> Result<Expr> {
        let first = self.term()?;
        let mut rest = Vec::new();
        loop {
            let op = if self.eat("+") {
                BinOp::Add
            } else if self.peek_minus() {
                self.at += 1;
                BinOp::Sub
            } else {
                return Ok(chain(first, rest));
            };
            rest.push((op, self.term()?));
        }
    }

    fn peek_minus(&mut self) -> bool {
        self.skip_space();
        self.peek() == Some('-')
    }

    fn term(&mut self) -> Result<Expr> {
        let first = self.unary()?;
        let mut rest = Vec::new();
        loop {
            let op = if self.eat("*") || self.eat("×") {
                BinOp::Mul
            } else if self.eat("/") || self.eat("÷") {
                BinOp::Div
            } else {
                return Ok(chain(first, rest));
            };
            rest.push((op, self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr> {
        if self.eat("-") {
            self.descend()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(inner)));
        }
        self.primary()
    }

    fn descend(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(syntax(
                self.at,
                (
                    format!("lồng nhau sâu hơn {MAX_NESTING} cấp"),
                    format!("nested deeper than {MAX_NESTING} levels"),
                ),
            ));
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr> {
        self.skip_space();
        let start = self.at;
        if self.eat("(") {
            return self.parenthesised();
        }
        if self.eat("sum") {
            return self.summed_reference().map(Expr::Sum);
        }
        if self.chars.get(self.at..self.at + 2) == Some(&['#', '{'][..]) {
            return self.single_reference().map(Expr::Ref);
        }
        if self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            return self.number(start);
        }
        Err(syntax(
            start,
            (
                format!("cần một số, #{{mã}}, sum(…) hoặc `(`, {}", self.found_vi()),
                format!(
                    "expected a number, #{{code}}, sum(…) or `(`, {}",
                    self.found()
                ),
            ),
        ))
    }

    /// The expression inside `( … )`, its `(` already read; it counts
    /// towards [`MAX_NESTING`].
    fn parenthesised(&mut self) -> Result<Expr> {
        self.descend()?;
        let inner = self.expr()?;
        self.depth -= 1;
        self.closing_parenthesis()?;
        Ok(inner)
    }

    /// The `)` that ends a parenthesised expression or a `sum(…)`.
    fn closing_parenthesis(&mut self) -> Result<()> {
        if !self.eat(")") {
            return Err(syntax(
                self.at,
                (
                    format!("cần `)`, {}", self.found_vi()),
                    format!("expected `)`, {}", self.found()),
                ),
            ));
        }
        Ok(())
    }

    /// The reference of `sum( … )`, its `sum` already read: it must sum over
    /// a `*` filter, or there is nothing to add up.
    fn summed_reference(&mut self) -> Result<Reference> {
        if !self.eat("(") {
            return Err(syntax(
                self.at,
                (
                    format!("cần `(` sau sum, {}", self.found_vi()),
                    format!("expected `(` after sum, {}", self.found()),
                ),
            ));
        }
        let reference = self.reference()?;
        self.closing_parenthesis()?;
        if !reference.filters.iter().any(|(_, f)| *f == Filter::Any) {
            return Err(syntax(
                reference.column - 1,
                (
                    "sum() cần một tham chiếu có bộ lọc `*`, ví dụ sum(#{X | sex=*})",
                    "sum() needs a reference with a `*` filter, e.g. sum(#{X | sex=*})",
                ),
            ));
        }
        Ok(reference)
    }

    /// A reference outside `sum`: one value, so a `*` filter has no place.
    fn single_reference(&mut self) -> Result<Reference> {
        let reference = self.reference()?;
        if let Some((dim, _)) = reference.filters.iter().find(|(_, f)| *f == Filter::Any) {
            return Err(syntax(
                reference.column - 1,
                (
                    format!("`{dim}=*` cần đặt tham chiếu trong sum(…)"),
                    format!("`{dim}=*` needs sum(…) around the reference"),
                ),
            ));
        }
        Ok(reference)
    }

    /// A number starting at `start`, read exactly as written.
    fn number(&mut self, start: usize) -> Result<Expr> {
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.at += 1;
        }
        let text: String = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        Rational::parse(&text).map(Expr::Number).map_err(|_| {
            syntax(
                start,
                (
                    format!("`{text}` không phải là số"),
                    format!("`{text}` is not a number"),
                ),
            )
        })
    }

    /// A code-like word; `what` names it (Vietnamese, English) for errors.
    fn word(&mut self, what: (&str, &str)) -> Result<String> {
        self.skip_space();
        let start = self.at;
        while self.peek().is_some_and(is_code_char) {
            self.at += 1;
        }
        let word: String = self
            .chars
            .get(start..self.at)
            .unwrap_or(&[])
            .iter()
            .collect();
        if word.is_empty() {
            return Err(syntax(
                start,
                (
                    format!("cần {}, {}", what.0, self.found_vi()),
                    format!("expected {}, {}", what.1, self.found()),
                ),
            ));
        }
        Ok(word)
    }

    fn reference(&mut self) -> Result<Reference> {
        self.skip_space();
        let column = self.at + 1;
        if !self.eat("#{") {
            return Err(syntax(
                self.at,
                (
                    format!("cần `#{{`, {}", self.found_vi()),
                    format!("expected `#{{`, {}", self.found()),
                ),
            ));
        }
        let indicator = self.word(("một mã chỉ tiêu", "an indicator code"))?;
        let mut filters = Vec::new();
        if self.eat("|") {
            loop {
                let dim_at = self.at;
                let dimension = self.word(("một chiều phân tổ", "a dimension"))?;
                if filters.iter().any(|(d, _)| d == &dimension) {
                    return Err(syntax(
                        dim_at,
                        (
                            format!("chiều phân tổ `{dimension}` bị lọc hai lần"),
                            format!("dimension `{dimension}` filtered twice"),
                        ),
                    ));
                }
                if !self.eat("=") {
                    return Err(syntax(
                        self.at,
                        (
                            format!("cần `=`, {}", self.found_vi()),
                            format!("expected `=`, {}", self.found()),
                        ),
                    ));
                }
                let filter = if self.eat("*") {
                    Filter::Any
                } else if self.eat("$") {
                    Filter::Variable(self.word(("một tên biến", "a variable name"))?)
                } else {
                    Filter::Category(self.word(("một nhóm", "a category"))?)
                };
                filters.push((dimension, filter));
                if !self.eat(",") {
                    break;
                }
            }
        }
        if !self.eat("}") {
            return Err(syntax(
                self.at,
                (
                    format!("cần `}}`, {}", self.found_vi()),
                    format!("expected `}}`, {}", self.found()),
                ),
            ));
        }
        Ok(Reference {
            indicator,
            filters,
            column,
        })
    }

    fn operator(&mut self) -> Result<Operator> {
        const OPERATORS: [(&str, Operator); 12] = [
            ("compulsory-pair", Operator::CompulsoryPair),
            ("exclusive-pair", Operator::ExclusivePair),
            ("==", Operator::Eq),
            ("!=", Operator::Ne),
            (">=", Operator::Ge),
            ("<=", Operator::Le),
            ("≠", Operator::Ne),
            ("≥", Operator::Ge),
            ("≤", Operator::Le),
            ("=", Operator::Eq),
            (">", Operator::Gt),
            ("<", Operator::Lt),
        ];
        for (symbol, op) in OPERATORS {
            if self.eat(symbol) {
                return Ok(op);
            }
        }
        Err(syntax(
            self.at,
            (
                format!(
                    "cần một phép so sánh (==, !=, >, >=, <, <=, compulsory-pair, exclusive-pair), {}",
                    self.found_vi()
                ),
                format!(
                    "expected a comparison (==, !=, >, >=, <, <=, compulsory-pair, exclusive-pair), {}",
                    self.found()
                ),
            ),
        ))
    }
}

impl Expr {
    /// Parses `left operator right`. Errors carry the column (character,
    /// from 1) where the text goes wrong.
    pub fn parse_rule(text: &str) -> Result<(Expr, Operator, Expr)> {
        let mut p = Parser {
            chars: text.chars().collect(),
            at: 0,
            depth: 0,
        };
        let left = p.expr()?;
        let op = p.operator()?;
        let right = p.expr()?;
        p.skip_space();
        if p.peek().is_some() {
            return Err(syntax(
                p.at,
                (
                    format!("có văn bản thừa sau quy tắc, {}", p.found()),
                    format!("unexpected text after the rule, {}", p.found()),
                ),
            ));
        }
        Ok((left, op, right))
    }

    /// Every reference in the expression, in order.
    pub fn references(&self) -> Vec<&Reference> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Reference>) {
        match self {
            Expr::Number(_) => {}
            Expr::Ref(r) | Expr::Sum(r) => out.push(r),
            Expr::Neg(e) => e.collect(out),
            Expr::Chain(first, rest) => {
                first.collect(out);
                for (_, e) in rest {
                    e.collect(out);
                }
            }
        }
    }

    /// Evaluates the expression. `value` gives a reference's value (with
    /// the current template bindings applied), `None` when missing; missing
    /// values count as zero here, and the caller decides from the counts
    /// whether to skip. `None` when a division by zero or an overflow
    /// leaves the value undefined.
    pub fn eval(&self, value: &mut dyn FnMut(&Expr) -> Option<Rational>) -> Option<Rational> {
        match self {
            Expr::Number(n) => Some(*n),
            Expr::Ref(_) | Expr::Sum(_) => Some(value(self).unwrap_or(Rational::ZERO)),
            Expr::Neg(e) => Rational::ZERO.checked_sub(e.eval(value)?),
            Expr::Chain(first, rest) => {
                let mut acc = first.eval(value)?;
                for (op, e) in rest {
                    acc = op.apply(acc, e.eval(value)?)?;
                }
                Some(acc)
            }
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{{{}", self.indicator)?;
        for (i, (dim, filter)) in self.filters.iter().enumerate() {
            f.write_str(if i == 0 { " | " } else { ", " })?;
            match filter {
                Filter::Category(c) => write!(f, "{dim}={c}")?,
                Filter::Variable(v) => write!(f, "{dim}=${v}")?,
                Filter::Any => write!(f, "{dim}=*")?,
            }
        }
        f.write_str("}")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn prec(e: &Expr) -> u8 {
            match e {
                Expr::Chain(_, rest) => rest.first().map_or(3, |(op, _)| op.precedence()),
                _ => 3,
            }
        }
        match self {
            Expr::Number(n) => write!(f, "{n}"),
            Expr::Ref(r) => write!(f, "{r}"),
            Expr::Sum(r) => write!(f, "sum({r})"),
            Expr::Neg(e) if prec(e) < 3 => write!(f, "-({e})"),
            Expr::Neg(e) => write!(f, "-{e}"),
            Expr::Chain(first, rest) => {
                let p = prec(self);
                if prec(first) < p {
                    write!(f, "({first})")?;
                } else {
                    write!(f, "{first}")?;
                }
                for (op, e) in rest {
                    write!(f, " {} ", op.symbol())?;
                    // Right operands of equal precedence keep their
                    // parentheses: a - (b - c) is not a - b - c.
                    if prec(e) <= p {
                        write!(f, "({e})")?;
                    } else {
                        write!(f, "{e}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_canonically() {
        let (l, op, r) =
            Expr::parse_rule("#{A}+#{B|sex=female}*2 ≤ sum(#{C | sex=*}) - (1 - 0.5)").unwrap();
        assert_eq!(op, Operator::Le);
        assert_eq!(l.to_string(), "#{A} + #{B | sex=female} * 2");
        assert_eq!(r.to_string(), "sum(#{C | sex=*}) - (1 - 0.5)");
        let (again, _, _) = Expr::parse_rule(&format!("{l} == 0")).unwrap();
        assert_eq!(again.to_string(), l.to_string());
    }

    #[test]
    fn syntax_errors_have_columns() {
        let cases = [
            ("#{A} <= ", 9),
            ("#{A} <> #{B}", 7),
            ("#{A <= #{B}", 5),
            ("#{A} + * 2 == 1", 8),
            ("#{A | sex=*} == 1", 1),
            ("sum(#{A}) == 1", 5),
            ("#{A} == 1 2", 11),
            ("(((#{A}) == 1", 10),
        ];
        for (text, column) in cases {
            let err = Expr::parse_rule(text).unwrap_err();
            assert_eq!(err.code(), "rule-syntax", "{text}");
            assert_eq!(err.column(), Some(column), "{text}: {err}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}1{} == 1", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(Expr::parse_rule(&deep).unwrap_err().code(), "rule-syntax");
        let negs = format!("{}1 == 1", "-".repeat(10_000));
        assert_eq!(Expr::parse_rule(&negs).unwrap_err().code(), "rule-syntax");
    }

    #[test]
    fn long_chains_are_flat_and_walked_without_recursion() {
        // 100,000 terms: a tree one level per operator would overflow the
        // stack when printed, evaluated or dropped.
        let text = format!("{} < 0", vec!["#{A}"; 100_000].join(" + "));
        let (left, op, right) = Expr::parse_rule(&text).unwrap();
        assert_eq!(op, Operator::Lt);
        assert_eq!(left.references().len(), 100_000);
        assert_eq!(
            left.eval(&mut |_| Some(Rational::ONE)),
            Some(Rational::from(100_000))
        );
        assert_eq!(right.to_string(), "0");
        let printed = left.to_string();
        assert!(printed.starts_with("#{A} + #{A}") && printed.len() == 100_000 * 7 - 3);
        let products = format!("{} == 1", vec!["2"; 50_000].join(" * "));
        let (left, _, _) = Expr::parse_rule(&products).unwrap();
        // 2^50000 does not fit: overflow leaves the value undefined.
        assert_eq!(left.eval(&mut |_| None), None);
        let mixed = format!("{} == 1", vec!["1 - 1 * 2 / 2"; 20_000].join(" + "));
        let (left, _, _) = Expr::parse_rule(&mixed).unwrap();
        assert_eq!(left.eval(&mut |_| None), Some(Rational::ZERO));
    }

    #[test]
    fn chains_print_with_the_parentheses_they_need() {
        for (text, canonical) in [
            ("(1 + 2) + 3 == 0", "1 + 2 + 3"),
            ("1 - (2 - 3) == 0", "1 - (2 - 3)"),
            ("(1 + 2) * 3 == 0", "(1 + 2) * 3"),
            ("1 / (2 * 3) == 0", "1 / (2 * 3)"),
            ("1 + 2 * 3 - 4 == 0", "1 + 2 * 3 - 4"),
            ("-(1 + 2) == 0", "-(1 + 2)"),
        ] {
            let (left, _, _) = Expr::parse_rule(text).unwrap();
            assert_eq!(left.to_string(), canonical, "{text}");
            let (again, _, _) = Expr::parse_rule(&format!("{left} == 0")).unwrap();
            assert_eq!(
                again.eval(&mut |_| None),
                left.eval(&mut |_| None),
                "{text}"
            );
        }
    }

    #[test]
    fn evaluates_exactly() {
        let (l, _, _) = Expr::parse_rule("1/3 + 1/6 == 0").unwrap();
        assert_eq!(l.eval(&mut |_| None), Rational::new(1, 2));
        let (l, _, _) = Expr::parse_rule("1/(2-2) == 0").unwrap();
        assert_eq!(l.eval(&mut |_| None), None);
    }
}
