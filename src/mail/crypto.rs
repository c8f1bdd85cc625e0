//! Sealing stored SMTP passwords with the instance's storage key (ChaCha20-Poly1305, random
//! nonce): a copied database alone does not reveal them.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::http::ApiError;

pub fn seal(key: &[u8], plain: &str) -> Result<String, ApiError> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key[..32]));
    let mut nonce = [0u8; 12];
    getrandom::fill(&mut nonce).map_err(|e| ApiError::internal(format!("randomness: {e}")))?;
    let sealed = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).map_err(|_| ApiError::internal("seal"))?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Ok(base64::engine::general_purpose::STANDARD.encode(out))
}

pub fn open(key: &[u8], sealed: &str) -> Result<String, ApiError> {
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(sealed).map_err(|_| ApiError::internal("sealed value"))?;
    if bytes.len() < 12 {
        return Err(ApiError::internal("sealed value too short"));
    }
    let (nonce, body) = bytes.split_at(12);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key[..32]));
    let plain =
        cipher.decrypt(Nonce::from_slice(nonce), body).map_err(|_| ApiError::internal("cannot open a sealed value"))?;
    String::from_utf8(plain).map_err(|_| ApiError::internal("sealed value is not text"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_tamper() {
        let key = [7u8; 32];
        let sealed = super::seal(&key, "hunter2").unwrap();
        assert!(!sealed.contains("hunter2"));
        assert_eq!(super::open(&key, &sealed).unwrap(), "hunter2");
        assert!(super::open(&[8u8; 32], &sealed).is_err());
    }
}
