package it.rete.partner.dossier;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;

import it.rete.contracts.CaseErased;
import it.rete.contracts.ErasureBasis;
import it.rete.contracts.SealedDossier;
import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.caseflow.CaseService;
import it.rete.partner.keys.KeyDirectory;
import it.rete.partner.keys.OwnKeys;
import it.rete.partner.outbox.LedgerEvents;
import it.rete.plumbing.serde.AvroBytes;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sealed dossiers and the case data keys that open them: sealing for the addressee when a referral is sent,
 * keeping the data key when this partner is the addressee, reading for the two parties of the referral, and
 * crypto-shredding when the case is erased.
 */
@Service
public class DossierService {

    private static final Logger log = LoggerFactory.getLogger(DossierService.class);

    private final JdbcClient jdbc;
    private final OwnKeys ownKeys;
    private final KeyDirectory directory;
    private final CaseService cases;
    private final LedgerEvents ledger;
    private final Clock clock;

    DossierService(JdbcClient jdbc, OwnKeys ownKeys, KeyDirectory directory, CaseService cases, LedgerEvents ledger,
                   Clock clock) {
        this.jdbc = jdbc;
        this.ownKeys = ownKeys;
        this.directory = directory;
        this.cases = cases;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Seals {@code dossier} for {@code addressee} with the case's data key (made at the first dossier). */
    @Transactional(propagation = Propagation.MANDATORY)
    public SealedDossier seal(String caseId, UUID referralId, String addressee, Dossier dossier) {
        requireNotErased(caseId);
        KeyDirectory.RecipientKey key = directory.current(addressee).orElseThrow(() -> new RuleViolationException(
                "no-recipient-key", "Partner " + addressee + " has not published a key for dossiers yet: send the "
                        + "referral without a dossier, or try again later"));
        SecretKey dataKey = dataKey(caseId).orElseGet(() -> {
            SecretKey fresh = DossierSeal.newDataKey();
            storeDataKey(caseId, fresh, null);
            return fresh;
        });
        SealedDossier sealed = DossierSeal.seal(dossier, dataKey, key.keyId(), key.publicKey(), referralId);
        store(referralId, caseId, sealed);
        return sealed;
    }

    /** This partner is the addressee of a referral with a dossier: keep the data key, if its key can open it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void receive(String caseId, UUID referralId, SealedDossier sealed) {
        if (erased(caseId)) {
            return;
        }
        Optional<PrivateKey> privateKey = ownKeys.privateKey(sealed.getRecipientKeyId());
        if (privateKey.isEmpty()) {
            log.warn("The dossier of referral {} was sealed for key {}, which this partner no longer holds: ask the "
                    + "sender to send it again", referralId, sealed.getRecipientKeyId());
            return;
        }
        try {
            SecretKey dataKey = DossierSeal.unwrap(sealed, privateKey.get());
            storeDataKey(caseId, dataKey, sealed.getRecipientKeyId());
            store(referralId, caseId, sealed);
        } catch (GeneralSecurityException e) {
            log.warn("The dossier of referral {} cannot be opened with key {}: {}", referralId,
                    sealed.getRecipientKeyId(), e.getClass().getSimpleName());
        }
    }

    /** The dossier of a referral this partner sent or received. */
    @Transactional(readOnly = true)
    public Dossier read(UUID referralId) {
        var stored = jdbc.sql("select case_id, nonce, ciphertext from referral_dossier where referral_id = :id")
                .param("id", referralId)
                .query((rs, row) -> new StoredDossier(rs.getString("case_id"), rs.getBytes("nonce"),
                        rs.getBytes("ciphertext")))
                .optional();
        if (stored.isEmpty()) {
            Optional<String> caseId = jdbc.sql("select case_id from referral where referral_id = :id")
                    .param("id", referralId).query(String.class).optional();
            if (caseId.isPresent() && erased(caseId.get())) {
                throw new ErasedException(caseId.get());
            }
            throw new NotFoundException("Dossier of referral", referralId);
        }
        SecretKey dataKey = dataKey(stored.get().caseId()).orElseThrow(() -> new ErasedException(stored.get().caseId()));
        try {
            return DossierSeal.open(stored.get().nonce(), stored.get().ciphertext(), dataKey, referralId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored dossier of referral " + referralId + " does not open", e);
        }
    }

    /** The case's owner erases the person's data: keys destroyed here, and every partner told to do the same. */
    @Transactional
    public void erase(String caseId, ErasureBasis basis) {
        cases.requireOwnCase(caseId, "erase the personal data of");
        if (erased(caseId)) {
            throw new RuleViolationException("already-erased", "The personal data of case " + caseId
                    + " was already erased");
        }
        var written = ledger.record(caseId, null, envelope -> CaseErased.newBuilder()
                .setEnvelope(envelope).setBasis(basis).build());
        shred(caseId, written.sourcePartnerId(), basis);
    }

    /** Applies a CaseErased read from the case owner's ledger; false for any other event. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean applyRemote(SpecificRecord event) {
        if (!(event instanceof CaseErased erased)) {
            return false;
        }
        String caseId = erased.getEnvelope().getCaseId();
        String owner = erased.getEnvelope().getSourcePartnerId();
        cases.ownerOf(caseId).filter(o -> !o.equals(owner)).ifPresent(o -> {
            throw new RuleViolationException("not-case-owner", "Partner " + owner + " erased case " + caseId
                    + " owned by " + o);
        });
        if (erased(caseId)) {
            return true;
        }
        shred(caseId, owner, erased.getBasis());
        return true;
    }

    private void shred(String caseId, String erasedBy, ErasureBasis basis) {
        List<String> openedWith = jdbc.sql("""
                select unwrapped_with from case_data_key where case_id = :id and unwrapped_with is not null""")
                .param("id", caseId).query(String.class).list();
        jdbc.sql("delete from case_data_key where case_id = :id").param("id", caseId).update();
        jdbc.sql("delete from referral_dossier where case_id = :id").param("id", caseId).update();
        jdbc.sql("""
                insert into case_erasure (case_id, erased_at, erased_by, basis) values (:id, :at, :by, :basis)
                on conflict do nothing""")
                .param("id", caseId).param("at", Timestamp.from(clock.instant())).param("by", erasedBy)
                .param("basis", basis.name()).update();
        // the wrapped data key stays in the ledgers forever: the private key that opened it must go too
        openedWith.forEach(ownKeys::retire);
        log.info("Personal data of case {} erased ({} key(s) retired)", caseId, openedWith.size());
    }

    private boolean erased(String caseId) {
        return jdbc.sql("select count(*) from case_erasure where case_id = :id").param("id", caseId)
                .query(Integer.class).single() > 0;
    }

    private void requireNotErased(String caseId) {
        if (erased(caseId)) {
            throw new RuleViolationException("erased", "The personal data of case " + caseId + " was erased");
        }
    }

    private Optional<SecretKey> dataKey(String caseId) {
        return jdbc.sql("select data_key from case_data_key where case_id = :id").param("id", caseId)
                .query(byte[].class).optional().map(DossierSeal::dataKey);
    }

    private void storeDataKey(String caseId, SecretKey key, String unwrappedWith) {
        jdbc.sql("""
                insert into case_data_key (case_id, data_key, unwrapped_with, created_at)
                values (:id, :key, :with, :at) on conflict (case_id) do nothing""")
                .param("id", caseId).param("key", key.getEncoded()).param("with", unwrappedWith)
                .param("at", Timestamp.from(clock.instant())).update();
    }

    private void store(UUID referralId, String caseId, SealedDossier sealed) {
        jdbc.sql("""
                insert into referral_dossier (referral_id, case_id, nonce, ciphertext, stored_at)
                values (:id, :caseId, :nonce, :ciphertext, :at) on conflict (referral_id) do nothing""")
                .param("id", referralId).param("caseId", caseId)
                .param("nonce", AvroBytes.toArray(sealed.getNonce()))
                .param("ciphertext", AvroBytes.toArray(sealed.getCiphertext()))
                .param("at", Timestamp.from(clock.instant())).update();
    }

    private record StoredDossier(String caseId, byte[] nonce, byte[] ciphertext) {
    }
}
