//! Sets of output paths by a 64-bit hash of their names: built for every (re)build over tens
//! of thousands of files, so they must be quick. A hash says "maybe the same name"; where
//! that decides anything, the names themselves are compared.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The key of an output path.
pub fn key(path: &str) -> u64 {
    crate::render::fnv1a(path.as_bytes())
}

/// A hasher for keys that are hashes already: it only spreads their bits.
#[derive(Default)]
pub struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b) ^ self.0.rotate_left(8));
        }
    }

    fn write_u64(&mut self, h: u64) {
        let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        self.0 = h ^ (h >> 33);
    }
}

pub type KeySet = HashSet<u64, BuildHasherDefault<Spread>>;
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<Spread>>;
