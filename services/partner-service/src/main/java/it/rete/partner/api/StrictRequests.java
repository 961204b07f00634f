package it.rete.partner.api;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * How strictly requests are read (with the Jackson features in application.yml): bodies up to a limit, JSON
 * scalars of the declared type only, identifiers in their canonical form.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequests implements WebMvcConfigurer {

    /** Before Spring Security: an oversized body is refused before anyone reads it. */
    static final int BODY_LIMIT_FILTER_ORDER = -200;

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${rete.api.max-request-body:64KB}") DataSize maxRequestBody) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxRequestBody.toBytes()));
        registration.setOrder(BODY_LIMIT_FILTER_ORDER);
        return registration;
    }

    /** Tomcat's own refusals (before the application sees the request) as problems, not HTML pages. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatErrorsAsProblems() {
        return factory -> factory.addContextCustomizers(context ->
                context.getParent().getPipeline().addValve(new ProblemReportValve()));
    }

    /**
     * A number or boolean where text is expected is refused, not turned into text; an enumeration value must be
     * its exact name.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // "" is not a missing date
                .withCoercionConfig(LogicalType.DateTime, config -> config
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .addModule(ExactEnumNames.module());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new KnownParametersOnly()).addPathPatterns("/api/**");
    }

    /** {@link UUID#fromString} accepts forms such as {@code 1-1-1-1-1}; identifiers here are canonical only. */
    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, UUID.class, StrictRequests::canonicalUuid);
        registry.addConverterFactory(new ExactEnumParameters());
    }

    /** Spring trims enumeration parameters and reads an empty one as absent; here only the exact name is read. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ExactEnumParameters implements ConverterFactory<String, Enum> {
        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            return source -> (T) Enum.valueOf(type, source);
        }
    }

    static UUID canonicalUuid(String text) {
        if (!CANONICAL_UUID.matcher(text).matches()) {
            throw new IllegalArgumentException("not a canonical UUID");
        }
        return UUID.fromString(text);
    }
}
