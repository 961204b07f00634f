package it.rete.partner.network;

import static org.assertj.core.api.Assertions.assertThat;

import it.rete.localnetwork.security.NetworkAccess;
import it.rete.plumbing.ledger.LedgerTopics;
import org.junit.jupiter.api.Test;

/** The ACLs the administrator grants name the very topics the services use. */
class TopicNamesTest {

    @Test
    void accessPolicyAndServicesAgreeOnTopicNames() {
        for (String partner : new String[] {"prefettura-sui", "cpi-mantova"}) {
            assertThat(NetworkAccess.ledger(partner)).isEqualTo(LedgerTopics.ledger(partner));
            assertThat(NetworkAccess.deadLetter(partner)).isEqualTo(LedgerTopics.deadLetter(partner));
            assertThat(LedgerTopics.ALL_LEDGERS.matcher(NetworkAccess.ledger(partner)).matches()).isTrue();
            assertThat(NetworkAccess.keyDirectory(partner)).isEqualTo(LedgerTopics.keyDirectory(partner));
            assertThat(LedgerTopics.ALL_LEDGERS.matcher(NetworkAccess.keyDirectory(partner)).matches()).isFalse();
            assertThat(LedgerTopics.keyDirectoriesExcept(partner).matcher(NetworkAccess.keyDirectory(partner))
                    .matches()).isFalse();
            assertThat(LedgerTopics.keyDirectoriesExcept("someone-else").matcher(NetworkAccess.keyDirectory(partner))
                    .matches()).isTrue();
            assertThat(NetworkAccess.serviceDirectory(partner)).isEqualTo(LedgerTopics.serviceDirectory(partner));
            assertThat(LedgerTopics.serviceDirectoryOwnerOf(NetworkAccess.serviceDirectory(partner)))
                    .isEqualTo(partner);
            assertThat(LedgerTopics.ALL_LEDGERS.matcher(NetworkAccess.serviceDirectory(partner)).matches()).isFalse();
            assertThat(LedgerTopics.ALL_DIRECTORIES.matcher(NetworkAccess.ledger(partner)).matches()).isFalse();
        }
    }
}
