//! Signed file URLs (DESIGN §6): an HMAC-SHA256 over what the URL may do — method, file,
//! tenant, size limit, content type, expiry — under a key of this instance, so a link cannot
//! be stretched to another file, a larger upload or a later time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const BLOCK: usize = 64;

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// Signs the `parts` of a URL, joined by new lines, with a label so no other HMAC use of the
/// key can produce the same signature.
pub fn sign(key: &[u8], parts: &[&str]) -> String {
    let mut message = b"staffroom file url v1".to_vec();
    for part in parts {
        message.push(b'\n');
        message.extend_from_slice(part.as_bytes());
    }
    hex::encode(hmac_sha256(key, &message))
}

pub fn verify(key: &[u8], parts: &[&str], signature: &str) -> bool {
    sign(key, parts).as_bytes().ct_eq(signature.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn any_changed_part_breaks_the_signature() {
        let signature = sign(b"k", &["PUT", "file", "100"]);
        assert!(verify(b"k", &["PUT", "file", "100"], &signature));
        assert!(!verify(b"k", &["PUT", "file", "101"], &signature));
        assert!(!verify(b"other", &["PUT", "file", "100"], &signature));
        assert!(!verify(b"k", &["PUT", "file1", "00"], &signature), "parts are separated");
    }
}
