//! Web Push's two pieces of cryptography, in pure Rust: the message encryption of RFC 8291
//! (`aes128gcm`, RFC 8188, one record) to a browser's subscription keys, and the VAPID
//! authorization of RFC 8292 (an ES256 JWT with the instance's key).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::{PublicKey, SecretKey};

use crate::secrets::hmac_sha256;

/// One record: the payload must leave room for the padding delimiter and the tag.
pub const MAX_PAYLOAD: usize = 3993;
const RECORD_SIZE: u32 = 4096;

/// HKDF-SHA256 (RFC 5869) for outputs of at most 32 bytes: extract, then one expand block.
fn hkdf(salt: &[u8], ikm: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let prk = hmac_sha256(salt, ikm);
    let mut block = info.to_vec();
    block.push(1);
    hmac_sha256(&prk, &block)[..len].to_vec()
}

/// A browser's subscription keys: `p256dh` (an uncompressed P-256 point) and `auth` (16 bytes),
/// both base64url as the Push API gives them.
pub struct Keys {
    pub p256dh: PublicKey,
    pub auth: [u8; 16],
}

impl Keys {
    pub fn parse(p256dh: &str, auth: &str) -> Result<Keys, &'static str> {
        let point = B64.decode(p256dh.trim_end_matches('=')).map_err(|_| "p256dh")?;
        if point.len() != 65 {
            return Err("p256dh");
        }
        let p256dh = PublicKey::from_sec1_bytes(&point).map_err(|_| "p256dh")?;
        let auth: [u8; 16] =
            B64.decode(auth.trim_end_matches('=')).map_err(|_| "auth")?.try_into().map_err(|_| "auth")?;
        Ok(Keys { p256dh, auth })
    }
}

fn uncompressed(key: &PublicKey) -> Vec<u8> {
    key.to_encoded_point(false).as_bytes().to_vec()
}

/// A fresh P-256 secret from the system's randomness.
pub fn random_secret() -> SecretKey {
    loop {
        let mut bytes = [0u8; 32];
        if getrandom::fill(&mut bytes).is_ok()
            && let Ok(key) = SecretKey::from_slice(&bytes)
        {
            return key;
        }
    }
}

/// The body of a push message for `keys`: salt, record size, the sender's public key, then the
/// encrypted payload. `sender` and `salt` are fresh for every message.
pub fn encrypt(keys: &Keys, payload: &[u8], sender: &SecretKey, salt: [u8; 16]) -> Result<Vec<u8>, String> {
    if payload.len() > MAX_PAYLOAD {
        return Err(format!("the payload is {} bytes, more than {MAX_PAYLOAD}", payload.len()));
    }
    let shared = p256::ecdh::diffie_hellman(sender.to_nonzero_scalar(), keys.p256dh.as_affine());
    let (ua_public, as_public) = (uncompressed(&keys.p256dh), uncompressed(&sender.public_key()));
    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(&ua_public);
    key_info.extend_from_slice(&as_public);
    let ikm = hkdf(&keys.auth, shared.raw_secret_bytes(), &key_info, 32);
    let cek = hkdf(&salt, &ikm, b"Content-Encoding: aes128gcm\0", 16);
    let nonce = hkdf(&salt, &ikm, b"Content-Encoding: nonce\0", 12);
    let mut plain = payload.to_vec();
    plain.push(2); // the last (and only) record
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|e| e.to_string())?;
    let sealed = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_slice()).map_err(|e| e.to_string())?;
    let mut body = Vec::with_capacity(86 + sealed.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(as_public.len() as u8);
    body.extend_from_slice(&as_public);
    body.extend_from_slice(&sealed);
    Ok(body)
}

/// The instance's VAPID key, derived from its stored secret (so it stays across restarts and
/// comes back with a backup).
pub fn vapid_key(instance_secret: &[u8]) -> SecretKey {
    let mut seed = hmac_sha256(instance_secret, b"staffroom web push vapid key");
    loop {
        if let Ok(key) = SecretKey::from_slice(&seed) {
            return key;
        }
        seed = hmac_sha256(instance_secret, &seed);
    }
}

/// The VAPID public key as browsers take it (`applicationServerKey`): base64url, uncompressed.
pub fn vapid_public(key: &SecretKey) -> String {
    B64.encode(uncompressed(&key.public_key()))
}

/// `Authorization: vapid t=…, k=…` for a push service at `audience` (its origin), valid
/// until `expires` (Unix seconds, at most 24 h ahead), naming the operator as `subject`.
pub fn vapid_authorization(key: &SecretKey, audience: &str, subject: &str, expires: i64) -> String {
    let header = B64.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
    let claims = B64.encode(serde_json::json!({ "aud": audience, "exp": expires, "sub": subject }).to_string());
    let signing_input = format!("{header}.{claims}");
    let signature: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(key).sign(signing_input.as_bytes());
    let token = format!("{signing_input}.{}", B64.encode(signature.to_bytes()));
    format!("vapid t={token}, k={}", vapid_public(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hkdf_matches_rfc_5869_case_1() {
        let ikm = [0x0b; 22];
        let salt: Vec<u8> = (0u8..=0x0c).collect();
        let info: Vec<u8> = (0xf0u8..=0xf9).collect();
        assert_eq!(
            hex::encode(hkdf(&salt, &ikm, &info, 32)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        );
    }

    /// RFC 8291 §5's example: the same keys, salt and sender key give the same message.
    #[test]
    fn encrypts_the_rfc_8291_example() {
        let keys = Keys::parse(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "BTBZMqHH6r4Tts7J_aSIgg",
        )
        .unwrap();
        let sender_bytes = B64.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw").unwrap();
        let sender = SecretKey::from_slice(&sender_bytes).unwrap();
        let salt: [u8; 16] = B64.decode("DGv6ra1nlYgDCS1FRnbzlw").unwrap().try_into().unwrap();
        let body = encrypt(&keys, b"When I grow up, I want to be a watermelon", &sender, salt).unwrap();
        assert_eq!(
            B64.encode(body),
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        );
    }

    #[test]
    fn the_vapid_key_is_the_instances_and_signs_es256() {
        use p256::ecdsa::signature::Verifier as _;
        let key = vapid_key(b"instance secret");
        assert_eq!(vapid_public(&key), vapid_public(&vapid_key(b"instance secret")), "the same across restarts");
        assert_ne!(vapid_public(&key), vapid_public(&vapid_key(b"another")));
        let header = vapid_authorization(&key, "https://push.example.net", "https://salon.example", 1_770_000_000);
        let token = header.strip_prefix("vapid t=").unwrap().split(", k=").next().unwrap();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let signature = p256::ecdsa::Signature::from_slice(&B64.decode(signature).unwrap()).unwrap();
        let verifying = p256::ecdsa::VerifyingKey::from(key.public_key());
        assert!(verifying.verify(input.as_bytes(), &signature).is_ok());
        let claims: serde_json::Value =
            serde_json::from_slice(&B64.decode(input.split('.').nth(1).unwrap()).unwrap()).unwrap();
        assert_eq!(claims["aud"], "https://push.example.net");
    }
}
