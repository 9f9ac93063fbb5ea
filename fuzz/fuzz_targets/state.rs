//! Roll-up state bytes: any bytes are refused or read; a real state's bytes
//! with any edits are refused while the checksum is the old one, and, with
//! the checksum made anew (a state made on purpose), are refused or read as
//! a state that writes back to the same bytes — never a panic, a hang or an
//! allocation beyond the input's size.
#![no_main]
use std::sync::OnceLock;

use chitieu::model::InvalidData;
use chitieu::progress::RollupState;
use libfuzzer_sys::fuzz_target;

/// A real state: Project 8's data in two partitions, its last report
/// repeated in the second, with invalid data excluded.
fn real() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let data = chitieu::builtin::project8().expect("built-in data");
        let setup = data.without_observations();
        let rows: Vec<_> = data.observations().map(|o| o.to_observation()).collect();
        let (a, b) = rows.split_at(rows.len() / 2);
        let mut b = b.to_vec();
        b.extend(a.first().cloned());
        let as_of = chitieu::period::parse_date("2023-12-31").expect("date");
        let mut state = RollupState::empty(&setup, as_of, None, InvalidData::Exclude).expect("state");
        state.update(&setup.clone().with_observations(a.to_vec()), 0).expect("part 0");
        state.update(&setup.clone().with_observations(b), 1).expect("part 1");
        state.to_bytes()
    })
}

fn reseal(bytes: &mut [u8]) {
    let body = bytes.len() - 4;
    let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI).checksum(&bytes[..body]);
    bytes[body..].copy_from_slice(&crc.to_le_bytes());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(state) = RollupState::from_bytes(data) {
        assert_eq!(state.to_bytes(), data, "what reads writes back canonically");
    }
    // Edits of a real state: (position, xor) pairs.
    let mut edited = real().to_vec();
    for edit in data.chunks_exact(3) {
        let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % (edited.len() - 4);
        edited[at] ^= edit[2];
    }
    // One changed byte is a burst of at most 8 bits: the CRC-32C finds
    // every one (several changes are missed with a chance of 1 in 2^32).
    if data.len() / 3 == 1 && edited != real() {
        assert!(RollupState::from_bytes(&edited).is_err(), "a damaged state is refused");
    }
    reseal(&mut edited);
    if let Ok(state) = RollupState::from_bytes(&edited) {
        assert_eq!(state.to_bytes(), edited, "a made state reads canonically");
    }
});
