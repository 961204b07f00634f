package it.rete.plumbing.apiaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class ApiKeysTest {

    private static final String OPERATOR_KEY = "r1Vd8m0x3kQ_Zr5cF2o9yTn4uLb7aWe6HgJiKpSsDqY";
    private static final String VIEWER_KEY = "another-key-for-the-viewer-client-0123456789";

    @Test
    void theHashIsTheHexSha256OfTheUtf8Key() {
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aKeyMatchesTheClientWhoseHashItHas() {
        var keys = new ApiKeys(List.of(
                client("operator-desk", ApiKeys.sha256Hex(OPERATOR_KEY), ApiRole.OPERATOR),
                client("viewer", ApiKeys.sha256Hex(VIEWER_KEY).toUpperCase(), ApiRole.VIEWER)));

        assertThat(keys.match(OPERATOR_KEY)).map(ApiAccessProperties.Client::name).hasValue("operator-desk");
        assertThat(keys.match(VIEWER_KEY)).map(ApiAccessProperties.Client::name).hasValue("viewer");
        assertThat(keys.match(OPERATOR_KEY + "x")).isEmpty();
        assertThat(keys.match(OPERATOR_KEY.substring(1))).isEmpty();
        assertThat(keys.match(ApiKeys.sha256Hex(OPERATOR_KEY))).as("the hash is not a key").isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(null)).isEmpty();
        assertThat(keys.match("k".repeat(ApiKeys.MAX_KEY_LENGTH + 1))).isEmpty();
    }

    @Test
    void aClientWithAnEmptyHashIsDisabledAndMatchesNothing() {
        var keys = new ApiKeys(List.of(client("operator", "", ApiRole.OPERATOR)));
        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(OPERATOR_KEY)).isEmpty();
    }

    @Test
    void clientsAreReadFromConfiguration() {
        var properties = bind(Map.of(
                "rete.api.clients[0].name", "operator-desk",
                "rete.api.clients[0].key-sha256", ApiKeys.sha256Hex(OPERATOR_KEY),
                "rete.api.clients[0].roles", "OPERATOR,MONITORING",
                "rete.api.clients[1].name", "viewer",
                "rete.api.clients[1].key-sha256", "",
                "rete.api.clients[1].roles", "viewer"));

        assertThat(properties.clients()).hasSize(2);
        assertThat(properties.clients().get(0).roles()).containsExactlyInAnyOrder(ApiRole.OPERATOR,
                ApiRole.MONITORING);
        assertThat(properties.clients().get(1).enabled()).isFalse();
        assertThat(properties.jwtRolesClaim()).isEqualTo("roles");
        assertThat(new ApiKeys(properties.clients()).match(OPERATOR_KEY)).isPresent();
    }

    @Test
    void aMalformedHashAnUnknownRoleOrNoRoleIsAConfigurationError() {
        assertThatThrownBy(() -> bind(Map.of("rete.api.clients[0].name", "desk",
                "rete.api.clients[0].key-sha256", OPERATOR_KEY, // the key itself instead of its hash
                "rete.api.clients[0].roles", "OPERATOR"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("rete.api.clients[0].name", "desk",
                "rete.api.clients[0].key-sha256", ApiKeys.sha256Hex(OPERATOR_KEY),
                "rete.api.clients[0].roles", "ADMIN"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("rete.api.clients[0].name", "desk",
                "rete.api.clients[0].key-sha256", ApiKeys.sha256Hex(OPERATOR_KEY))))
                .isInstanceOf(BindException.class);
    }

    @Test
    void onlyJwtShapedBearerTokensAreLeftToTheResourceServer() {
        assertThat(ApiKeyAuthenticationFilter.isJwtShaped("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
        assertThat(ApiKeyAuthenticationFilter.isJwtShaped(OPERATOR_KEY)).isFalse();
    }

    private static ApiAccessProperties.Client client(String name, String hash, ApiRole role) {
        return new ApiAccessProperties.Client(name, hash, Set.of(role));
    }

    private static ApiAccessProperties bind(Map<String, String> settings) {
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("rete.api", Bindable.of(ApiAccessProperties.class), new ValidationBindHandler(validator))
                .get();
    }
}
