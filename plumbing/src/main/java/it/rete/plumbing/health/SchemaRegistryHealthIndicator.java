package it.rete.plumbing.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when the schema registry lists its subjects. */
public class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final URI subjects;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SchemaRegistryHealthIndicator(String registryUrl) {
        String base = registryUrl.split(",")[0].trim();
        this.subjects = URI.create((base.endsWith("/") ? base : base + "/") + "subjects");
    }

    @Override
    public Health health() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(subjects).timeout(Duration.ofSeconds(3))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            var health = response.statusCode() == 200 ? Health.up() : Health.down();
            return health.withDetail("url", subjects.toString()).withDetail("status", response.statusCode()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).withDetail("url", subjects.toString()).build();
        } catch (Exception e) {
            return Health.down(e).withDetail("url", subjects.toString()).build();
        }
    }
}
