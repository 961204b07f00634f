package it.rete.partner.keys;

import java.security.PublicKey;
import java.sql.Timestamp;
import java.util.Optional;

import it.rete.contracts.PartnerKey;
import it.rete.plumbing.deadletter.UnprocessableEventException;
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

    public static String othersPattern(String partnerId) {
        return "rete\\.(?!" + java.util.regex.Pattern.quote(partnerId) + "\\.keys$)[a-z0-9][a-z0-9-]*\\.keys";
    }

    @KafkaListener(id = "keys", idIsGroup = false,
            topicPattern = "#{T(it.rete.partner.keys.KeyDirectory).othersPattern('${rete.partner.id}')}")
    @Transactional
    public void onKey(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof PartnerKey key)) {
            throw new UnprocessableEventException("Record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a PartnerKey");
        }
        if (!record.topic().equals(OwnKeys.topic(key.getPartnerId()))) {
            throw new UnprocessableEventException("Key " + key.getKeyId() + " of " + key.getPartnerId()
                    + " was published on " + record.topic());
        }
        OwnKeys.decodePublic(bytes(key.getPublicKey())); // refuse anything that is not a key
        jdbc.sql("""
                insert into partner_public_key (partner_id, key_id, public_key, published_at)
                values (:partner, :keyId, :key, :at)
                on conflict (partner_id) do update set key_id = excluded.key_id, public_key = excluded.public_key,
                    published_at = excluded.published_at
                where partner_public_key.published_at <= excluded.published_at""")
                .param("partner", key.getPartnerId()).param("keyId", key.getKeyId())
                .param("key", bytes(key.getPublicKey()))
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

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
