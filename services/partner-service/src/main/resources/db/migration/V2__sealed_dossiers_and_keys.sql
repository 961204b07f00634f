-- This partner's key pairs for sealed dossiers. A retired key's private half is destroyed (set to NULL).
CREATE TABLE own_key (
    key_id      text PRIMARY KEY,
    public_key  bytea       NOT NULL,
    private_key bytea,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz,
    published   boolean     NOT NULL DEFAULT false,
    CHECK ((retired_at IS NULL) = (private_key IS NOT NULL))
);
CREATE UNIQUE INDEX own_key_one_active ON own_key ((true)) WHERE retired_at IS NULL;

-- The other partners' current public keys, from their key-directory topics.
CREATE TABLE partner_public_key (
    partner_id   text PRIMARY KEY,
    key_id       text        NOT NULL,
    public_key   bytea       NOT NULL,
    published_at timestamptz NOT NULL
);

-- The data key of each case this partner sealed or opened a dossier of; destroyed on erasure.
-- unwrapped_with: the own key that opened it (addressee side), null for the case's owner.
CREATE TABLE case_data_key (
    case_id        text PRIMARY KEY,
    data_key       bytea       NOT NULL,
    unwrapped_with text,
    created_at     timestamptz NOT NULL
);

-- Sealed dossiers of referrals this partner sent or received (still encrypted at rest).
CREATE TABLE referral_dossier (
    referral_id uuid PRIMARY KEY,
    case_id     text        NOT NULL,
    nonce       bytea       NOT NULL,
    ciphertext  bytea       NOT NULL,
    stored_at   timestamptz NOT NULL
);
CREATE INDEX referral_dossier_case ON referral_dossier (case_id);

-- Cases whose personal data was erased: nothing personal is stored for them again.
CREATE TABLE case_erasure (
    case_id   text PRIMARY KEY,
    erased_at timestamptz NOT NULL,
    erased_by text        NOT NULL,
    basis     text        NOT NULL
);
