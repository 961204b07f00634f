package it.rete.partner.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The deadlines of application.yml: by service type and urgency, with the urgency's default elsewhere. */
class NetworkPropertiesTest {

    @Test
    void answerWithinIsPerServiceTypeAndUrgencyWithTheUrgencyAsDefault() throws Exception {
        var environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        NetworkProperties.Referral referral = Binder.get(environment)
                .bind("rete.referral", NetworkProperties.Referral.class).get();

        assertThat(referral.answerWithin(ServiceType.HOUSING, Urgency.EMERGENCY)).isEqualTo(Duration.ofHours(12));
        assertThat(referral.answerWithin(ServiceType.HOUSING, Urgency.ROUTINE)).isEqualTo(Duration.ofDays(7));
        assertThat(referral.answerWithin(ServiceType.LEGAL_AID, Urgency.ROUTINE)).isEqualTo(Duration.ofDays(10));
        assertThat(referral.answerWithin(ServiceType.JOB_ORIENTATION, Urgency.PRIORITY)).isEqualTo(Duration.ofDays(3));
        assertThat(referral.expireAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(referral.remindBefore()).isEqualTo(Duration.ofDays(1));

        environment.getPropertySources().addFirst(new org.springframework.core.env.SimpleCommandLinePropertySource(
                "--rete.referral.expire-after=PT3S", "--rete.referral.timer-interval=PT1S"));
        assertThat(Binder.get(environment).bind("rete.referral", NetworkProperties.Referral.class).get()
                .expireAfter()).isEqualTo(Duration.ofSeconds(3));
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("x",
                java.util.Map.of("rete.partner.id", "lule-outreach")));
        assertThat(Binder.get(environment).bind("rete", NetworkProperties.class).get().referral()).isNotNull();
    }
}
