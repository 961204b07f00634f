package it.rete.partner.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** The services the local network and docker-compose publish for each partner are valid as an operator's would be. */
class DirectoryFilesTest {

    private static final Path FILES = Path.of("../local-network/directory");

    @Test
    void everyPartnersServicesBindAndValidate() throws IOException {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        List<Path> files;
        try (Stream<Path> listed = Files.list(FILES)) {
            files = listed.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("prefettura-sui.yml", "lule-outreach.yml", "cpi-mantova.yml");
        for (Path file : files) {
            var environment = new StandardEnvironment();
            new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))
                    .forEach(source -> environment.getPropertySources().addLast(source));
            DirectoryProperties properties = Binder.get(environment)
                    .bind("rete.directory", DirectoryProperties.class).get();
            assertThat(properties.services()).as(file.toString()).isNotEmpty();
            for (DirectoryProperties.ConfiguredService service : properties.services()) {
                assertThat(validator.validate(service)).as(file + " " + service.slug()).isEmpty();
                assertThat(validator.validate(service.asRequest())).as(file + " " + service.slug()).isEmpty();
            }
        }
    }
}
