package it.rete.cabina;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Prefettura's control room: the whole network's indicators, computed from every partner's ledger. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CabinaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CabinaApplication.class, args);
    }
}
