//! Rule expressions: parse, print canonically, parse again to the same text.
#![no_main]
use chitieu::rules::Expr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((left, op, right)) = Expr::parse_rule(text) {
        let canonical = format!("{left} {} {right}", op.symbol());
        let (l2, op2, r2) = Expr::parse_rule(&canonical).expect("canonical rules parse");
        assert_eq!(format!("{l2} {} {r2}", op2.symbol()), canonical);
    } else if let Err(e) = Expr::parse_rule(text) {
        assert!(matches!(e.code(), "rule-syntax"));
    }
});
