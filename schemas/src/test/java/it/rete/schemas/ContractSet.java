package it.rete.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;

/**
 * The contracts of one version: the shared types in {@code common/} and one top-level record per file in
 * {@code events/}, {@code keys/} and {@code directory/}.
 */
record ContractSet(String version, Map<String, Schema> events) {

    static ContractSet load(String version, Path root) {
        Schema.Parser parser = new Schema.Parser();
        parseAll(parser, root.resolve("common"));
        Map<String, Schema> events = new TreeMap<>();
        // events on the ledgers, the records of the key-directory topics (since version 2) and of the service
        // directory topics (since version 3)
        for (String folder : new String[] {"events", "keys", "directory"}) {
            for (Path file : avscFiles(root.resolve(folder))) {
                Schema schema = parse(parser, file);
                events.put(schema.getFullName(), schema);
            }
        }
        return new ContractSet(version, events);
    }

    private static void parseAll(Schema.Parser parser, Path dir) {
        avscFiles(dir).forEach(file -> parse(parser, file));
    }

    private static Schema parse(Schema.Parser parser, Path file) {
        try {
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<Path> avscFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
