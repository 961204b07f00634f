package it.rete.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralExpired;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ServiceDirectoryEntry;
import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Version 3 on the bytes: ReferralSent.serviceId, the deadline events and the directory entry.
 *
 * <p>A version-2 consumer reads a version-3 ReferralSent and skips the service id. The new record types have no
 * version-2 schema at all: a version-2 consumer finds no generated class for them, so its deserializer refuses the
 * record and the record goes to that consumer's dead-letter topic while consumption goes on (the plumbing's error
 * handler). Nothing it knows is changed by them: a version-2 sender keeps its referral REQUESTED, past due-by.
 */
class DeadlineEvolutionTest {

    private static final ContractSet V2 = ContractSet.load("v2", Path.of("released/v2"));

    @Test
    void aVersion2ConsumerReadsAReferralToADirectoryServiceAndSkipsTheServiceId() throws IOException {
        ReferralSent sent = referral("lule-outreach/orientamento");

        GenericRecord read = new GenericDatumReader<GenericRecord>(ReferralSent.getClassSchema(),
                V2.events().get("it.rete.contracts.ReferralSent"))
                .read(null, DecoderFactory.get().binaryDecoder(write(sent), null));

        assertThat(read.getSchema().getField("serviceId")).isNull();
        assertThat(read.get("toPartnerId").toString()).isEqualTo("lule-outreach");
        assertThat(read.get("referralId").toString()).isEqualTo(sent.getReferralId().toString());
    }

    @Test
    void aCurrentConsumerReadsAVersion2ReferralAsOneWithoutService() throws IOException {
        Schema v2 = V2.events().get("it.rete.contracts.ReferralSent");
        GenericRecord asV2 = new GenericDatumReader<GenericRecord>(ReferralSent.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(write(referral("x")), null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(v2).write(asV2, encoder);
        encoder.flush();

        ReferralSent read = new SpecificDatumReader<ReferralSent>(v2, ReferralSent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getServiceId()).isNull();
        assertThat(read.getToPartnerId()).isEqualTo("lule-outreach");
    }

    @Test
    void theNewRecordTypesAreUnknownToVersion2() {
        assertThat(V2.events()).doesNotContainKeys("it.rete.contracts.ReferralDueSoon",
                "it.rete.contracts.ReferralOverdue", "it.rete.contracts.ReferralExpired",
                "it.rete.contracts.ServiceDirectoryEntry");
        // they carry the envelope every consumer checks first, so a consumer can still place and skip them
        assertThat(ReferralExpired.getClassSchema().getField("envelope").schema())
                .isEqualTo(Envelope.getClassSchema());
    }

    @Test
    void aDirectoryEntryRoundTripsWithItsDefaults() throws IOException {
        ServiceDirectoryEntry entry = ServiceDirectoryEntry.newBuilder()
                .setServiceId("lule-outreach/orientamento")
                .setOrganisationId("lule-outreach")
                .setName("Orientamento al lavoro")
                .setServiceType(ServiceType.JOB_ORIENTATION)
                .setStatus(ServiceStatus.ACTIVE)
                .setUpdatedAt(Instant.parse("2026-11-23T10:00:00Z"))
                .build();
        ServiceDirectoryEntry read = roundTrip(entry, ServiceDirectoryEntry.getClassSchema());

        assertThat(read).isEqualTo(entry);
        assertThat(read.getTerritories()).isEqualTo(List.of());
        assertThat(read.getCapacityAvailable()).isNull();
    }

    private static ReferralSent referral(String serviceId) {
        return SampleReferrals.sent(ServiceType.JOB_ORIENTATION).setServiceId(serviceId).build();
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T record, Schema schema) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<T>(schema).write(record, encoder);
        encoder.flush();
        return (T) new SpecificDatumReader<T>(schema).read(null,
                DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static byte[] write(ReferralSent sent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<ReferralSent>(ReferralSent.getClassSchema()).write(sent, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
