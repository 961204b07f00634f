package it.rete.partner.keys;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Retries publishing this partner's key until the broker has it. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KeySchedulingConfiguration {
}
