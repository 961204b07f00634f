package it.rete.partner.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.referral.IllegalTransitionException;
import it.rete.plumbing.problem.Problems;
import org.apache.kafka.common.KafkaException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import it.rete.partner.dossier.ErasedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every refused request gets an RFC 9457 problem body; the transaction it ran in, if any, is rolled back. Problems
 * name the fields at fault but never repeat submitted values (they could be personal data), neither in the body nor
 * in the log.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ErasedException.class)
    ProblemDetail erased(ErasedException e) {
        return Problems.of(HttpStatus.GONE, "erased", "Personal data erased", e.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, e.code(), "Illegal referral transition",
                e.getMessage());
        problem.setProperty("referralId", e.referralId());
        problem.setProperty("state", e.state());
        problem.setProperty("transition", e.transition());
        return problem;
    }

    @ExceptionHandler(RuleViolationException.class)
    ProblemDetail ruleViolation(RuleViolationException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, e.code(),
                "Request breaks a rule of the network", e.getMessage());
        if (e.field() != null) {
            problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        }
        return problem;
    }

    /** The event could not be serialized or registered: the registry or broker is unreachable. Nothing is written. */
    @ExceptionHandler(KafkaException.class)
    ProblemDetail networkUnavailable(KafkaException e) {
        logger.warn("Write refused, event could not be prepared", e);
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "network-unavailable", "Network temporarily unavailable",
                "The event could not be prepared for the network (schema registry unreachable?); nothing was "
                        + "written, retry later");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = invalidRequest("The request has invalid fields; nothing was written");
        List<Map<String, Object>> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> Map.<String, Object>of(
                        "field", error instanceof FieldError f ? f.getField() : error.getObjectName(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = invalidRequest("The request has invalid parameters; nothing was written");
        List<Map<String, Object>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.<String, Object>of(
                        "field", Objects.requireNonNullElse(result.getMethodParameter().getParameterName(), "?"),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path variable or query parameter of the wrong type: the parameter is named, its value is not repeated. */
    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = Objects.requireNonNullElse(e.getPropertyName(), "parameter");
        ProblemDetail problem = invalidRequest("Parameter '" + name + "' has an invalid value; nothing was written");
        problem.setProperty("errors", List.of(Map.of("field", name, "message", "invalid value")));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causeOf(e, RequestBodyLimitFilter.BodyTooLargeException.class) instanceof
                RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
            ProblemDetail problem = RequestBodyLimitFilter.tooLargeProblem(tooLarge.maxBytes);
            headers.set(HttpHeaders.CONNECTION, "close");
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem;
        Throwable cause = causeOf(e, JacksonException.class);
        if (cause == null) {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
                    "The request body is missing or is not a JSON document; nothing was written");
        } else if (cause instanceof UnrecognizedPropertyException) {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "unknown-property", "Unknown property",
                    "The request body has a property this operation does not define; nothing was written");
        } else if (cause instanceof StreamReadException) {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The request body is not well-formed JSON; nothing was written");
        } else {
            String field = ((JacksonException) cause).getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problem = invalidRequest(field.isEmpty()
                    ? "The request body does not have the expected shape; nothing was written"
                    : "Field '" + field + "' has a value of the wrong type or outside its enumeration; nothing "
                            + "was written");
            if (!field.isEmpty()) {
                problem.setProperty("errors", List.of(Map.of("field", field, "message", "invalid value")));
            }
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * The problems Spring builds itself (405, 415, 404 of unknown paths, missing parameters, ...) get a type of
     * ours and a detail that does not repeat the request.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse errorResponse) {
            body = errorResponse.getBody();
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || !problem.getType().toString().startsWith(Problems.TYPE_PREFIX))) {
            ProblemDetail generic = generic(HttpStatus.valueOf(status.value()));
            problem.setType(generic.getType());
            problem.setTitle(generic.getTitle());
            problem.setDetail(generic.getDetail());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** A fixed problem for a status, for errors that carry nothing more specific. */
    static ProblemDetail generic(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> Problems.of(status, "bad-request", "Bad request",
                    "The request is not valid for this operation; nothing was written");
            case NOT_FOUND -> Problems.of(status, "no-such-resource", "Not found", "No such resource");
            case METHOD_NOT_ALLOWED -> Problems.of(status, "method-not-allowed", "Method not allowed",
                    "This resource does not support the request method; see the Allow header");
            case NOT_ACCEPTABLE -> Problems.of(status, "not-acceptable", "Not acceptable",
                    "The API answers with application/json or application/problem+json only");
            case UNSUPPORTED_MEDIA_TYPE -> Problems.of(status, "unsupported-media-type", "Unsupported media type",
                    "The request body must be application/json; nothing was written");
            case CONTENT_TOO_LARGE -> Problems.of(status, "body-too-large", "Request body too large",
                    "The request body is too large; nothing was written");
            default -> status.is4xxClientError()
                    ? Problems.of(status, "client-error", status.getReasonPhrase(),
                            "The request was refused; nothing was written")
                    : Problems.of(status, "server-error", status.getReasonPhrase(),
                            "The request could not be processed");
        };
    }

    private static ProblemDetail invalidRequest(String detail) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    private static @Nullable Throwable causeOf(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
