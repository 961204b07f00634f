package it.rete.plumbing.testsupport;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A service with nothing but the plumbing: what the auto-configurations give it. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlumbingTestApplication {
}
