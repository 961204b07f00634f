package it.rete.partner.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import it.rete.contracts.PartnerKey;
import it.rete.partner.network.NetworkProperties;
import it.rete.plumbing.ledger.LedgerTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This partner's key pairs for sealed dossiers: one active pair, whose public half is published on this partner's
 * key-directory topic, and retired pairs, whose private half has been destroyed. The private keys never leave this
 * partner's database.
 */
@Component
public class OwnKeys {

    private static final Logger log = LoggerFactory.getLogger(OwnKeys.class);
    private static final int RSA_BITS = 3072;

    private final JdbcClient jdbc;
    private final KafkaTemplate<Object, Object> kafka;
    private final String partnerId;
    private final Clock clock;

    OwnKeys(JdbcClient jdbc, KafkaTemplate<Object, Object> kafka, NetworkProperties network, Clock clock) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.partnerId = network.partnerId();
        this.clock = clock;
    }

    /** At start: make the first key pair if there is none, and publish the active key if not yet done. */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void ensureActiveKey() {
        if (active().isEmpty()) {
            create();
        }
        publishPending();
    }

    /**
     * Destroys the private half of {@code keyId} if it is still held and, if it was the active key, makes and
     * publishes a new pair; dossiers sealed for the old key can then never be opened again.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void retire(String keyId) {
        int retired = jdbc.sql("""
                update own_key set private_key = null, retired_at = :at
                where key_id = :id and retired_at is null""")
                .param("id", keyId).param("at", Timestamp.from(clock.instant())).update();
        if (retired > 0) {
            log.info("Key {} retired: its private half is destroyed", keyId);
            create();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publishPending();
                }
            });
        }
    }

    /** The private key of {@code keyId}, unless it was retired (destroyed) or never existed. */
    public Optional<PrivateKey> privateKey(String keyId) {
        return jdbc.sql("select private_key from own_key where key_id = :id and private_key is not null")
                .param("id", keyId).query(byte[].class).optional().map(OwnKeys::decodePrivate);
    }

    public Optional<String> activeKeyId() {
        return active().map(ActiveKey::keyId);
    }

    /** Publishes every key not yet confirmed by the broker (retried until it is). */
    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
    public void publishPending() {
        active().filter(key -> !key.published()).ifPresent(key -> {
            PartnerKey record = PartnerKey.newBuilder()
                    .setPartnerId(partnerId)
                    .setKeyId(key.keyId())
                    .setAlgorithm("RSA-OAEP-256")
                    .setPublicKey(ByteBuffer.wrap(key.publicKey()))
                    .setPublishedAt(key.createdAt())
                    .build();
            try {
                kafka.send(LedgerTopics.keyDirectory(partnerId), partnerId, record).get(30, TimeUnit.SECONDS);
                jdbc.sql("update own_key set published = true where key_id = :id").param("id", key.keyId()).update();
                log.info("Published key {} on {}", key.keyId(), LedgerTopics.keyDirectory(partnerId));
            } catch (Exception e) {
                log.warn("Could not publish key {} yet (retrying): {}", key.keyId(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    private void create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            String keyId = partnerId + "-" + UUID.randomUUID();
            jdbc.sql("""
                    insert into own_key (key_id, public_key, private_key, created_at)
                    values (:id, :public, :private, :at)""")
                    .param("id", keyId).param("public", pair.getPublic().getEncoded())
                    .param("private", pair.getPrivate().getEncoded())
                    .param("at", Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                    .update();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make an RSA key pair", e);
        }
    }

    private Optional<ActiveKey> active() {
        return jdbc.sql("select key_id, public_key, created_at, published from own_key where retired_at is null")
                .query((rs, row) -> new ActiveKey(rs.getString("key_id"), rs.getBytes("public_key"),
                        rs.getTimestamp("created_at").toInstant(), rs.getBoolean("published")))
                .optional();
    }

    private static PrivateKey decodePrivate(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored private key is unreadable", e);
        }
    }

    static PublicKey decodePublic(byte[] x509) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an RSA public key", e);
        }
    }

    private record ActiveKey(String keyId, byte[] publicKey, Instant createdAt, boolean published) {
    }
}
