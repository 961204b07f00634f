package it.rete.partner.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.referral.IllegalTransitionException;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import it.rete.partner.dossier.ErasedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refused request gets an RFC 9457 problem body; the transaction it ran in, if any, is rolled back. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    static final String TYPE_PREFIX = "urn:rete:problem:";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ErasedException.class)
    ProblemDetail erased(ErasedException e) {
        return problem(HttpStatus.GONE, "erased", "Personal data erased", e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, e.code(), "Illegal referral transition", e.getMessage());
        problem.setProperty("referralId", e.referralId());
        problem.setProperty("state", e.state());
        problem.setProperty("transition", e.transition());
        return problem;
    }

    @ExceptionHandler(RuleViolationException.class)
    ProblemDetail ruleViolation(RuleViolationException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.code(), "Request breaks a rule of the network",
                e.getMessage());
    }

    /** The event could not be serialized or registered: the registry or broker is unreachable. Nothing is written. */
    @ExceptionHandler(KafkaException.class)
    ProblemDetail networkUnavailable(KafkaException e) {
        logger.warn("Write refused, event could not be prepared", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "network-unavailable", "Network temporarily unavailable",
                "The event could not be prepared for the network (schema registry unreachable?); nothing was "
                        + "written, retry later");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has invalid fields; nothing was written");
        List<Map<String, Object>> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> Map.<String, Object>of(
                        "field", error instanceof org.springframework.validation.FieldError f ? f.getField()
                                : error.getObjectName(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        return problem;
    }
}
