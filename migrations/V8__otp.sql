-- One-time sign-in codes (seed 000): 6 digits, 10 minutes, 5 attempts, single use.
CREATE TABLE otp_codes (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
    destination_key TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT
) STRICT;
CREATE INDEX otp_codes_destination ON otp_codes (destination_key, created_at);

-- the phone number as digits with a leading +, for matching an OTP destination
ALTER TABLE users ADD COLUMN phone_key TEXT;
CREATE INDEX users_phone_key ON users (phone_key);
