package it.rete.partner.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import it.rete.partner.caseflow.CaseRequests;
import it.rete.partner.referral.ReferralRequests;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

/** Every text and list an operator can send is bounded, and every text is an identifier or plain text. */
class RequestConstraintsTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void everyStringAndListOfEveryRequestIsBoundedAndHasACharacterSet() {
        List<RecordComponent> components = Stream.of(CaseRequests.class, ReferralRequests.class)
                .flatMap(holder -> Arrays.stream(holder.getDeclaredClasses()))
                .filter(Class::isRecord)
                .flatMap(request -> Arrays.stream(request.getRecordComponents()))
                .toList();
        assertThat(components).hasSizeGreaterThan(10);
        for (RecordComponent component : components) {
            String name = component.getDeclaringRecord().getSimpleName() + "." + component.getName();
            Field field = field(component);
            if (component.getType() == String.class) {
                assertThat(isBoundedText(field)).as(name).isTrue();
            }
            if (component.getType() == List.class) {
                assertThat(field.getAnnotation(Size.class)).as(name + " has a size").isNotNull();
                AnnotatedType element = ((AnnotatedParameterizedType) field.getAnnotatedType())
                        .getAnnotatedActualTypeArguments()[0];
                if (element.getType() == String.class) {
                    assertThat(isBoundedText(element)).as(name + " elements").isTrue();
                }
            }
        }
    }

    @Test
    void freeTextRefusesControlCharactersMarkupAndOversizedText() {
        record Note(@FreeText String text) {
        }
        assertThat(VALIDATOR.validate(new Note("La persona si è trasferita a Brescia (lavoro stagionale), 3/4."
                + "\nSeconda riga: “ok” – 50% #2"))).isEmpty();
        for (String refused : List.of("a\u0000b", "esc\u001b[31m", "tab\there", "bidi\u202Eoverride",
                "<script>alert(1)</script>", "${jndi:ldap://x}", "a|b", "back\\slash", "x".repeat(501))) {
            assertThat(VALIDATOR.validate(new Note(refused))).as(refused).hasSize(1);
        }
    }

    private static boolean isBoundedText(AnnotatedElement element) {
        return element.getAnnotation(FreeText.class) != null
                || (element.getAnnotation(Size.class) != null && element.getAnnotation(Pattern.class) != null);
    }

    /** The component's field carries the constraints written on the component. */
    private static Field field(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
