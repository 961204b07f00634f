package it.rete.partner.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A short explanation typed by an operator: at most 500 characters, printable text with line breaks, no control
 * or bidirectional-override characters and no markup ({@code < > { } [ ] ` \ $ |}).
 */
@Documented
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Size(max = FreeText.MAX_LENGTH)
@Pattern(regexp = FreeText.PATTERN)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeText {

    int MAX_LENGTH = 500;
    /** Letters, marks, digits, spaces, line breaks and ordinary punctuation. */
    String PATTERN = "[\\p{L}\\p{M}\\p{N}\\p{Zs}\\n\\r.,;:!?'\"()/%&+*#@°€\\-–—’‘“”«»]*";

    String message() default "must be at most " + MAX_LENGTH + " characters of plain text (no control characters "
            + "or markup)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
