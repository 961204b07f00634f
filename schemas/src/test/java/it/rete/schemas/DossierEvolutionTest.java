package it.rete.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import it.rete.contracts.ReferralSent;
import it.rete.contracts.SealedDossier;
import it.rete.contracts.ServiceType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The dossier added to ReferralSent in version 2, on the bytes: old consumers keep working, new ones read old data. */
class DossierEvolutionTest {

    private static final Schema V1_REFERRAL_SENT = ContractSet.load("v1", Path.of("released/v1")).events()
            .get("it.rete.contracts.ReferralSent");

    @Test
    void aConsumerBuiltOnVersion1ReadsAReferralWithADossierAndSeesEverythingElse() throws IOException {
        ReferralSent sent = referral(SealedDossier.newBuilder()
                .setRecipientKeyId("key-1")
                .setWrappedDataKey(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setNonce(ByteBuffer.wrap(new byte[12]))
                .setCiphertext(ByteBuffer.wrap(new byte[] {9, 9, 9}))
                .build());

        GenericRecord read = new GenericDatumReader<GenericRecord>(ReferralSent.getClassSchema(), V1_REFERRAL_SENT)
                .read(null, DecoderFactory.get().binaryDecoder(write(sent), null));

        assertThat(read.getSchema().getField("dossier")).isNull();
        assertThat(read.get("referralId").toString()).isEqualTo(sent.getReferralId().toString());
        assertThat(read.get("toPartnerId").toString()).isEqualTo("lule-outreach");
        assertThat(read.get("serviceType").toString()).isEqualTo("LEGAL_AID");
    }

    @Test
    void aCurrentConsumerReadsAVersion1ReferralAsOneWithoutDossier() throws IOException {
        ReferralSent v1Shaped = referral(null);
        // written with the version-1 schema: no dossier field at all on the wire
        GenericRecord asV1 = new GenericDatumReader<GenericRecord>(ReferralSent.getClassSchema(), V1_REFERRAL_SENT)
                .read(null, DecoderFactory.get().binaryDecoder(write(v1Shaped), null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(V1_REFERRAL_SENT).write(asV1, encoder);
        encoder.flush();

        ReferralSent read = new SpecificDatumReader<ReferralSent>(V1_REFERRAL_SENT, ReferralSent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getDossier()).isNull();
        assertThat(read.getReferralId()).isEqualTo(v1Shaped.getReferralId());
    }

    private static ReferralSent referral(SealedDossier dossier) {
        return SampleReferrals.sent(ServiceType.LEGAL_AID).setDossier(dossier).build();
    }

    private static byte[] write(ReferralSent sent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<ReferralSent>(ReferralSent.getClassSchema()).write(sent, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
