package it.rete.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BACKWARD_TRANSITIVE at build time: each current contract must read data written with every released version.
 * The registry enforces the same mode at run time; failing here keeps an incompatible change from reaching it.
 */
class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");

    @TestFactory
    Stream<DynamicTest> currentContractsReadEveryReleasedVersion() throws IOException {
        ContractSet current = ContractSet.load("current", CURRENT);
        List<DynamicTest> tests = new ArrayList<>();
        for (ContractSet released : releasedVersions()) {
            released.events().forEach((name, writer) -> tests.add(DynamicTest.dynamicTest(
                    name + " reads " + released.version(), () -> {
                        assertThat(current.events())
                                .as("released event %s was removed from the current contracts", name)
                                .containsKey(name);
                        assertThat(incompatibilities(current.events().get(name), writer)).isEmpty();
                    })));
        }
        assertThat(tests).as("at least one released version is kept in %s", RELEASED).isNotEmpty();
        return tests.stream();
    }

    /**
     * FORWARD as well, for the records both versions have: a consumer built against any released version reads
     * what the current contracts write (it skips fields it does not know, such as ReferralSent.dossier).
     */
    @TestFactory
    Stream<DynamicTest> everyReleasedVersionReadsWhatTheCurrentContractsWrite() throws IOException {
        ContractSet current = ContractSet.load("current", CURRENT);
        List<DynamicTest> tests = new ArrayList<>();
        for (ContractSet released : releasedVersions()) {
            released.events().forEach((name, reader) -> tests.add(DynamicTest.dynamicTest(
                    released.version() + " reads current " + name,
                    () -> assertThat(incompatibilities(reader, current.events().get(name))).isEmpty())));
        }
        return tests.stream();
    }

    /**
     * The released versions among themselves, both ways, for every record both have: each later release reads
     * what every earlier one wrote (BACKWARD_TRANSITIVE) and each earlier release reads what a later one writes
     * (FORWARD_TRANSITIVE). Records a later release adds (v3: the directory entry and the deadline events) have no
     * earlier writer or reader: what an earlier consumer does with them is shown by {@link DeadlineEvolutionTest}.
     */
    @TestFactory
    Stream<DynamicTest> releasedVersionsReadEachOtherBothWays() throws IOException {
        List<ContractSet> released = releasedVersions();
        List<DynamicTest> tests = new ArrayList<>();
        for (int newer = 0; newer < released.size(); newer++) {
            for (int older = 0; older < newer; older++) {
                ContractSet later = released.get(newer);
                ContractSet earlier = released.get(older);
                earlier.events().forEach((name, earlierSchema) -> {
                    tests.add(DynamicTest.dynamicTest(later.version() + " reads " + earlier.version() + " " + name,
                            () -> {
                                assertThat(later.events()).as("%s dropped %s", later.version(), name)
                                        .containsKey(name);
                                assertThat(incompatibilities(later.events().get(name), earlierSchema)).isEmpty();
                            }));
                    tests.add(DynamicTest.dynamicTest(earlier.version() + " reads " + later.version() + " " + name,
                            () -> assertThat(incompatibilities(earlierSchema, later.events().get(name))).isEmpty()));
                });
            }
        }
        assertThat(released).extracting(ContractSet::version).contains("v1", "v2", "v3");
        return tests.stream();
    }

    @Test
    void version3IsTheCurrentContractSet() {
        ContractSet current = ContractSet.load("current", CURRENT);
        ContractSet v3 = ContractSet.load("v3", RELEASED.resolve("v3"));
        assertThat(v3.events().keySet()).isEqualTo(current.events().keySet());
        v3.events().forEach((name, schema) -> assertThat(schema).as(name).isEqualTo(current.events().get(name)));
    }

    @Test
    void everyRecordAndFieldIsDocumented() {
        ContractSet current = ContractSet.load("current", CURRENT);
        assertThat(current.events()).hasSizeGreaterThanOrEqualTo(9);
        current.events().values().forEach(SchemaCompatibilityTest::assertDocumented);
    }

    @Test
    void theCheckRejectsARequiredFieldAddedWithoutDefault() {
        ContractSet released = ContractSet.load("v1", RELEASED.resolve("v1"));
        Schema broken = new Schema.Parser().parse(referralAcceptedWithNewMandatoryField(released));
        Schema writer = released.events().get("it.rete.contracts.ReferralAccepted");
        assertThat(incompatibilities(broken, writer)).isNotEmpty();
    }

    /** Old data lacks a field added without default, so it cannot be read: the check must say so. */
    private static String referralAcceptedWithNewMandatoryField(ContractSet released) {
        String envelope = released.events().get("it.rete.contracts.ReferralAccepted")
                .getField("envelope").schema().toString();
        return """
                {"type": "record", "name": "ReferralAccepted", "namespace": "it.rete.contracts", "doc": "x",
                 "fields": [
                   {"name": "envelope", "type": %s, "doc": "x"},
                   {"name": "referralId", "type": {"type": "string", "logicalType": "uuid"}, "doc": "x"},
                   {"name": "senderPartnerId", "type": "string", "doc": "x"},
                   {"name": "acceptedByOperator", "type": "string", "doc": "new and mandatory"}
                 ]}""".formatted(envelope);
    }

    private static List<String> incompatibilities(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    private static List<ContractSet> releasedVersions() throws IOException {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            return dirs.filter(Files::isDirectory).sorted()
                    .map(dir -> ContractSet.load(dir.getFileName().toString(), dir))
                    .toList();
        }
    }

    private static void assertDocumented(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                assertThat(schema.getDoc()).as("doc of record %s", schema.getFullName()).isNotBlank();
                schema.getFields().forEach(field -> {
                    assertThat(field.doc()).as("doc of %s.%s", schema.getFullName(), field.name()).isNotBlank();
                    assertDocumented(field.schema());
                });
            }
            case ENUM -> assertThat(schema.getDoc()).as("doc of enum %s", schema.getFullName()).isNotBlank();
            case UNION -> schema.getTypes().forEach(SchemaCompatibilityTest::assertDocumented);
            case ARRAY -> assertDocumented(schema.getElementType());
            default -> { }
        }
    }
}
