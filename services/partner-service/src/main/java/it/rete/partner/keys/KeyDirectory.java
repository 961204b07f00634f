package it.rete.partner.keys;

import java.security.PublicKey;
import java.sql.Timestamp;
import java.util.Optional;

import it.rete.contracts.PartnerKey;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.AvroBytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The other partners' current public keys, read from their key-directory topics (only a partner may write its
 * own) and kept in this partner's database, so they survive restarts.
 */
@Component
public class KeyDirectory {

    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

    /** A partner's public key and its id. */
    public record RecipientKey(String keyId, PublicKey publicKey) {
    }

    private final JdbcClient jdbc;

    KeyDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(id = "keys", idIsGroup = false,
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).keyDirectoriesExcept('${rete.partner.id}').pattern()}")
    @Transactional
    public void onKey(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof PartnerKey key)) {
            throw new UnprocessableEventException("Record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a PartnerKey");
        }
        if (!record.topic().equals(LedgerTopics.keyDirectory(key.getPartnerId()))) {
            throw new UnprocessableEventException("Key " + key.getKeyId() + " of " + key.getPartnerId()
                    + " was published on " + record.topic());
        }
        OwnKeys.decodePublic(AvroBytes.toArray(key.getPublicKey())); // refuse anything that is not a key
        jdbc.sql("""
                insert into partner_public_key (partner_id, key_id, public_key, published_at)
                values (:partner, :keyId, :key, :at)
                on conflict (partner_id) do update set key_id = excluded.key_id, public_key = excluded.public_key,
                    published_at = excluded.published_at
                where partner_public_key.published_at <= excluded.published_at""")
                .param("partner", key.getPartnerId()).param("keyId", key.getKeyId())
                .param("key", AvroBytes.toArray(key.getPublicKey()))
                .param("at", Timestamp.from(key.getPublishedAt()))
                .update();
        log.info("Key {} of {} recorded", key.getKeyId(), key.getPartnerId());
    }

    public Optional<RecipientKey> current(String partnerId) {
        return jdbc.sql("select key_id, public_key from partner_public_key where partner_id = :id")
                .param("id", partnerId)
                .query((rs, row) -> new RecipientKey(rs.getString("key_id"),
                        OwnKeys.decodePublic(rs.getBytes("public_key"))))
                .optional();
    }
}
