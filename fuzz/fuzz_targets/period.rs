//! Period identifiers and dates: a parsed period prints back to itself.
#![no_main]
use chitieu::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(period) = text.parse::<Period>() {
        assert_eq!(
            period
                .to_string()
                .parse::<Period>()
                .expect("printed periods parse"),
            period
        );
        assert!(period.start() <= period.end());
    }
    let _ = chitieu::period::parse_date(text);
});
