//! The demo's sources of variety: a deterministic generator and the word
//! lists it picks from.

use std::collections::HashMap;

/// Small deterministic generator (SplitMix64): no dependency, same output
/// on every platform.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `p` (0–100).
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// A UUID-shaped identifier (version 4 layout) from the generator.
    pub(super) fn uid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

/// The word lists of `assets/demo/words.txt`, by section.
pub(super) struct Words(HashMap<&'static str, Vec<&'static str>>);

impl Words {
    pub(super) fn load() -> Words {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut section = "";
        for line in include_str!("../../assets/demo/words.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            map.entry(section).or_default().push(line);
        }
        Words(map)
    }

    pub(super) fn get(&self, section: &str) -> &[&'static str] {
        self.0.get(section).map(Vec::as_slice).unwrap_or(&["?"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_look_like_uuids() {
        let mut r = Rng(1);
        let u = r.uid();
        assert!(uuid::Uuid::parse_str(&u).is_ok(), "{u}");
    }
}
