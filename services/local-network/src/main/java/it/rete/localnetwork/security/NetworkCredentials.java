package it.rete.localnetwork.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The identities of a Rete network on its Kafka broker: a certificate authority of the network, and for each
 * principal (the broker, the administrator, each partner, the cabina di regia, auditors) a PKCS#12 key store with a
 * certificate whose common name is the principal's name. The broker requires client certificates and maps
 * {@code CN=<name>} to the principal {@code User:<name>}, which the ACLs grant to.
 *
 * <p>Everything lives in one directory, created at the first start and never committed: {@code ca.p12} (the
 * authority's key, needed only to admit new principals), {@code truststore.p12} (the authority's certificate) and
 * {@code <principal>.p12}, each with its password in a {@code .password} file readable by the owner only.
 */
public final class NetworkCredentials {

    /** The broker's own identity; a super user (inter-broker and controller traffic). */
    public static final String BROKER = "broker";
    /** The network administrator: creates topics and grants ACLs; a super user. */
    public static final String ADMIN = "admin";

    private static final Pattern PRINCIPAL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(825);
    /** The names the broker's certificate answers to: loopback here, the compose service name in containers. */
    private static final List<String> BROKER_HOST_NAMES = List.of("localhost", "kafka");
    private static final List<String> BROKER_ADDRESSES = List.of("127.0.0.1");

    private final Path dir;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;

    /** A principal's key store and its password. */
    public record Identity(String principal, Path keyStore, String password) {
    }

    private NetworkCredentials(Path dir, PrivateKey caKey, X509Certificate caCertificate) {
        this.dir = dir;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
    }

    /** Opens the credentials in {@code dir}, creating the authority and trust store at the first call. */
    public static synchronized NetworkCredentials openOrCreate(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            Path caStore = directory.resolve("ca.p12");
            if (!Files.exists(caStore)) {
                KeyPair ca = newKeyPair();
                X509Certificate certificate = issueCa(ca);
                String password = writePassword(directory.resolve("ca.password"));
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("ca", ca.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
                save(store, caStore, password);

                String trustPassword = writePassword(directory.resolve("truststore.password"));
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("rete-ca", certificate);
                save(trust, directory.resolve("truststore.p12"), trustPassword);
            }
            String password = Files.readString(directory.resolve("ca.password")).trim();
            KeyStore store = load(caStore, password);
            return new NetworkCredentials(directory,
                    (PrivateKey) store.getKey("ca", password.toCharArray()),
                    (X509Certificate) store.getCertificate("ca"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the network credentials in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot prepare the network credentials in " + directory, e);
        }
    }

    public Path directory() {
        return dir;
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public String trustStorePassword() {
        return readPassword(dir.resolve("truststore.password"));
    }

    /** The identity of {@code principal}, issued by the network's authority at the first call. */
    public synchronized Identity identity(String principal) {
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw new IllegalArgumentException("Invalid principal name '" + principal
                    + "': lowercase letters, digits and '-'");
        }
        Path store = dir.resolve(principal + ".p12");
        Path passwordFile = dir.resolve(principal + ".password");
        try {
            if (!Files.exists(store)) {
                KeyPair pair = newKeyPair();
                X509Certificate certificate = issue(principal, pair);
                String password = writePassword(passwordFile);
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                keyStore.setKeyEntry(principal, pair.getPrivate(), password.toCharArray(),
                        new Certificate[] {certificate, caCertificate});
                save(keyStore, store, password);
            }
            return new Identity(principal, store, readPassword(passwordFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot issue the identity of " + principal, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue the identity of " + principal, e);
        }
    }

    /** Kafka client settings (mutual TLS) for {@code principal}, without {@code bootstrap.servers}. */
    public Map<String, String> clientProperties(String principal) {
        Identity identity = identity(principal);
        return clientProperties(identity.keyStore().toString(), identity.password(), trustStore().toString(),
                trustStorePassword());
    }

    /**
     * Kafka client settings (mutual TLS) from a key store and trust store given by path, as a client will see them
     * (paths inside a container may differ from the paths here).
     */
    public static Map<String, String> clientProperties(String keyStore, String keyPassword, String trustStore,
                                                       String trustPassword) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.putAll(storeProperties(keyStore, keyPassword, trustStore, trustPassword));
        return p;
    }

    private static Map<String, String> storeProperties(String keyStore, String keyPassword, String trustStore,
                                                       String trustPassword) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore);
        p.put("ssl.keystore.password", keyPassword);
        p.put("ssl.key.password", keyPassword);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore);
        p.put("ssl.truststore.password", trustPassword);
        return p;
    }

    /**
     * The environment variables through which a Rete service (partner service, cabina di regia) takes its broker
     * identity; secrets go through the environment, never the command line that every user can list.
     */
    public Map<String, String> serviceEnvironment(String principal) {
        Identity identity = identity(principal);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", identity.keyStore().toString());
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", identity.password());
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", trustStore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", trustStorePassword());
        return env;
    }

    /** Kafka client settings that trust the broker but present no certificate: the broker must refuse them. */
    public Map<String, String> anonymousClientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore().toString());
        p.put("ssl.truststore.password", trustStorePassword());
        return p;
    }

    /**
     * Broker settings: TLS with required client certificates on every listener, principals from the certificate's
     * common name, Kafka's own KRaft authorizer with deny-by-default, the broker and administrator as super users.
     */
    public Map<String, String> brokerProperties() {
        Identity broker = identity(BROKER);
        identity(ADMIN);
        Map<String, String> p = storeProperties(broker.keyStore().toString(), broker.password(),
                trustStore().toString(), trustStorePassword());
        p.put("ssl.client.auth", "required");
        p.put("ssl.principal.mapping.rules", "RULE:^(.*,)?CN=([a-z0-9-]+)(,.*)?$/$2/,DEFAULT");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /**
     * Writes a Kafka client properties file for {@code principal} (bootstrap servers and TLS settings), the form
     * command-line tools take ({@code --command-config}, {@code --client-config}). Readable by the owner only.
     */
    public Path writeClientConfig(String principal, String bootstrapServers, Path file) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.putAll(clientProperties(principal));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "Kafka client settings of " + principal + " on the local Rete network");
            }
            ownerOnly(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private X509Certificate issue(String principal, KeyPair pair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                new X500Name("CN=" + principal + ",O=Rete"), pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(caCertificate));
        if (BROKER.equals(principal)) {
            GeneralName[] names = new GeneralName[BROKER_HOST_NAMES.size() + BROKER_ADDRESSES.size()];
            int i = 0;
            for (String host : BROKER_HOST_NAMES) {
                names[i++] = new GeneralName(GeneralName.dNSName, host);
            }
            for (String address : BROKER_ADDRESSES) {
                names[i++] = new GeneralName(GeneralName.iPAddress, address);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKey)));
    }

    private static X509Certificate issueCa(KeyPair ca)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Rete network CA,O=Rete");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY.multipliedBy(2))), name,
                ca.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(ca.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(ca.getPrivate())));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    private static String writePassword(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            Files.writeString(file, "");
        }
        ownerOnly(file);
        Files.writeString(file, password, StandardCharsets.UTF_8);
        return password;
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies
        }
    }

    private static void save(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        ownerOnly(file);
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
