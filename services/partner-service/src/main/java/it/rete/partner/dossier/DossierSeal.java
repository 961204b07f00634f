package it.rete.partner.dossier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import it.rete.contracts.DossierContent;
import it.rete.contracts.SealedDossier;
import it.rete.plumbing.serde.AvroBytes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * The cryptography of sealed dossiers, as the SealedDossier contract describes it: the content in Avro
 * single-object encoding, encrypted with the case's data key (AES-256-GCM, the referral id as associated data),
 * the data key wrapped with the addressee's RSA public key (OAEP, SHA-256, MGF1-SHA-256).
 */
public final class DossierSeal {

    private static final String WRAP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    private static final String ENCRYPT = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    // generic records: no class is loaded by name, whatever the bytes say
    private static final BinaryMessageEncoder<GenericRecord> ENCODER =
            new BinaryMessageEncoder<>(GenericData.get(), DossierContent.getClassSchema());
    private static final BinaryMessageDecoder<GenericRecord> DECODER =
            new BinaryMessageDecoder<>(GenericData.get(), DossierContent.getClassSchema());

    private DossierSeal() {
    }

    /** A fresh 256-bit data key. */
    public static SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is not available", e);
        }
    }

    public static SecretKey dataKey(byte[] encoded) {
        return new SecretKeySpec(encoded, "AES");
    }

    public static SealedDossier seal(Dossier dossier, SecretKey dataKey, String recipientKeyId, PublicKey recipient,
                                     UUID referralId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher aes = Cipher.getInstance(ENCRYPT);
            aes.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            aes.updateAAD(associatedData(referralId));
            byte[] ciphertext = aes.doFinal(encode(dossier));
            Cipher rsa = Cipher.getInstance(WRAP);
            rsa.init(Cipher.WRAP_MODE, recipient, OAEP);
            return SealedDossier.newBuilder()
                    .setRecipientKeyId(recipientKeyId)
                    .setWrappedDataKey(ByteBuffer.wrap(rsa.wrap(dataKey)))
                    .setNonce(ByteBuffer.wrap(nonce))
                    .setCiphertext(ByteBuffer.wrap(ciphertext))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a dossier", e);
        }
    }

    /** The data key inside a sealed dossier; fails unless {@code privateKey} is the addressee's. */
    public static SecretKey unwrap(SealedDossier sealed, PrivateKey privateKey) throws GeneralSecurityException {
        Cipher rsa = Cipher.getInstance(WRAP);
        rsa.init(Cipher.UNWRAP_MODE, privateKey, OAEP);
        return (SecretKey) rsa.unwrap(AvroBytes.toArray(sealed.getWrappedDataKey()), "AES", Cipher.SECRET_KEY);
    }

    /** Decrypts and checks the content; fails with a wrong key or if anything was altered or moved. */
    public static Dossier open(byte[] nonce, byte[] ciphertext, SecretKey dataKey, UUID referralId)
            throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance(ENCRYPT);
        aes.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
        aes.updateAAD(associatedData(referralId));
        return decode(aes.doFinal(ciphertext));
    }

    private static byte[] associatedData(UUID referralId) {
        return referralId.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(Dossier dossier) {
        GenericRecord record = new GenericData.Record(DossierContent.getClassSchema());
        record.put("fullName", dossier.fullName());
        record.put("phone", dossier.phone());
        record.put("languages", dossier.languages() == null ? List.of() : dossier.languages());
        record.put("needs", dossier.needs());
        record.put("meetingPoint", dossier.meetingPoint());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ENCODER.encode(record, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dossier decode(byte[] plaintext) {
        try {
            GenericRecord record = DECODER.decode(plaintext);
            List<String> languages = new ArrayList<>();
            for (Object language : (List<?>) record.get("languages")) {
                languages.add(language.toString());
            }
            return new Dossier(text(record.get("fullName")), text(record.get("phone")), languages,
                    text(record.get("needs")), text(record.get("meetingPoint")));
        } catch (IOException e) {
            throw new UncheckedIOException("A dossier that decrypted correctly is not a DossierContent", e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
