package it.rete.audit.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import it.rete.plumbing.ledger.LedgerTopics;

/**
 * Which records are part of the history: decoded, and written by the owner of the ledger they are on. Forged and
 * unreadable records are verify's business; the other replays leave them out. Owners are resolved once per topic,
 * and records come in runs of one partition's batch: one reading thread only.
 */
public final class LedgerOwners {

    private final Map<String, String> byTopic = new HashMap<>();
    private String lastTopic;
    private String lastOwner;

    public LedgerOwners(List<String> topics) {
        // interned like the decoders' shared strings, so that the test is mostly an identity check
        topics.forEach(topic -> byTopic.put(topic, LedgerTopics.ownerOf(topic).intern()));
    }

    public boolean genuine(LedgerRecord record) {
        if (!record.decoded()) {
            return false;
        }
        String topic = record.position().topic();
        if (topic != lastTopic) {
            lastTopic = topic;
            lastOwner = byTopic.computeIfAbsent(topic, LedgerTopics::ownerOf);
        }
        return record.ledgerEvent().source().equals(lastOwner);
    }
}
