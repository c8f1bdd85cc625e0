//! Download links for archives: the web client keeps its access token in memory, so a plain
//! link cannot carry it. The instance owner asks for a link instead; it names one archive, ends
//! after a minute, and is signed with HMAC-SHA256 under the server's upload key.

use subtle::ConstantTimeEq;

use crate::ids::BackupRunId;

/// How long a link works.
pub const LIFETIME_SECONDS: i64 = 60;

pub fn signature(key: &[u8], run: &BackupRunId, expires: i64) -> String {
    crate::secrets::sign(key, &format!("backup-archive:{run}:{expires}"))
}

/// Whether `given` signs this run and `expires` is still ahead of `now` (unix seconds).
pub fn verify(key: &[u8], run: &BackupRunId, expires: i64, given: &str, now: i64) -> bool {
    let expected = signature(key, run, expires);
    now < expires && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::hmac_sha256;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // Test case 6: a key longer than the block.
        let mac = hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(hex::encode(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    #[test]
    fn links_are_bound_to_run_and_time() {
        let (key, run, other) = (b"k".as_slice(), BackupRunId::generate(), BackupRunId::generate());
        let sig = signature(key, &run, 1_000);
        assert!(verify(key, &run, 1_000, &sig, 999));
        assert!(!verify(key, &run, 1_000, &sig, 1_000), "expired");
        assert!(!verify(key, &other, 1_000, &sig, 999), "another run");
        assert!(!verify(key, &run, 2_000, &sig, 999), "another expiry");
        assert!(!verify(b"other key", &run, 1_000, &sig, 999), "another key");
    }
}
