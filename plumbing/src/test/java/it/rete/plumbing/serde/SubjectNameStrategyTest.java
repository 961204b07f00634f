package it.rete.plumbing.serde;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    @Test
    void topicNameStrategyAppendsKeyOrValue() {
        assertThat(new TopicNameStrategy().subjectName("referrals", true, TestPerson.SCHEMA$)).isEqualTo("referrals-key");
        assertThat(new TopicNameStrategy().subjectName("referrals", false, TestPerson.SCHEMA$))
                .isEqualTo("referrals-value");
    }

    @Test
    void recordNameStrategyUsesFullName() {
        assertThat(new RecordNameStrategy().subjectName("referrals", false, TestPerson.SCHEMA$))
                .isEqualTo("it.rete.plumbing.serde.TestPerson");
    }

    @Test
    void topicRecordNameStrategyCombinesBoth() {
        assertThat(new TopicRecordNameStrategy().subjectName("referrals", true, TestPerson.SCHEMA$))
                .isEqualTo("referrals-it.rete.plumbing.serde.TestPerson");
    }
}
