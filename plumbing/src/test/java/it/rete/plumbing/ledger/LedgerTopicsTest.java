package it.rete.plumbing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerTopicsTest {

    @Test
    void aPartnerFollowsEveryLedgerButItsOwn() {
        var pattern = LedgerTopics.ledgersExcept("lule-outreach");
        assertThat(pattern.matcher("rete.prefettura-sui.events").matches()).isTrue();
        assertThat(pattern.matcher("rete.lule-outreach-2.events").matches()).isTrue();
        assertThat(pattern.matcher("rete.lule-outreach.events").matches()).isFalse();
        assertThat(pattern.matcher("rete.lule-outreach.dead-letter").matches()).isFalse();
        assertThat(pattern.matcher("rete.cpi-mantova.dead-letter").matches()).isFalse();
        assertThat(pattern.matcher("__consumer_offsets").matches()).isFalse();
    }

    @Test
    void theOwnerOfALedgerIsInItsName() {
        assertThat(LedgerTopics.ownerOf(LedgerTopics.ledger("cpi-mantova"))).isEqualTo("cpi-mantova");
        assertThat(LedgerTopics.ownerOf(LedgerTopics.deadLetter("cpi-mantova"))).isNull();
    }

    @Test
    void ledgersKeepEverythingForever() {
        var topic = LedgerTopics.ledgerTopic("cpi-mantova", 3, (short) 1);
        assertThat(topic.name()).isEqualTo("rete.cpi-mantova.events");
        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.configs()).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
    }

    @Test
    void aServiceDirectoryIsCompactedAndNamedAfterItsOwner() {
        var topic = LedgerTopics.serviceDirectoryTopic("cpi-mantova", (short) 1);
        assertThat(topic.name()).isEqualTo("rete.cpi-mantova.directory");
        assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(LedgerTopics.serviceDirectoryOwnerOf(topic.name())).isEqualTo("cpi-mantova");
        assertThat(LedgerTopics.serviceDirectoryOwnerOf(LedgerTopics.ledger("cpi-mantova"))).isNull();
        assertThat(LedgerTopics.ownerOf(topic.name())).isNull();
    }
}
