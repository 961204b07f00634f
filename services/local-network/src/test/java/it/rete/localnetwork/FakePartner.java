package it.rete.localnetwork;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for partner-service in LocalNetworkIT: checks that the broker and the registry it is given answer,
 * then serves {@code /actuator/health} on 127.0.0.1:{@code --server.port}. Uses only the JDK.
 */
public final class FakePartner {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            System.out.println("arg " + arg);
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String[] bootstrap = options.get("spring.kafka.bootstrap-servers").split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(bootstrap[0], Integer.parseInt(bootstrap[1])), 2000);
        }
        HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(options.get("spring.kafka.properties.schema.registry.url") + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (subjects.statusCode() != 200) {
            throw new IllegalStateException("registry answered " + subjects.statusCode());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(options.get("server.address"),
                Integer.parseInt(options.get("server.port"))), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake partner " + options.get("rete.partner.id") + " stopping");
            server.stop(0);
        }));
        server.start();
        System.out.println("fake partner " + options.get("rete.partner.id") + " started");
    }

    private FakePartner() {
    }
}
