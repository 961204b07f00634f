package it.rete.cabina.api;

import java.net.URI;

import it.rete.cabina.indicators.InvalidFilterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refused request gets an RFC 9457 problem body. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    static final String TYPE_PREFIX = "urn:rete:problem:";

    @ExceptionHandler(InvalidFilterException.class)
    ProblemDetail invalidFilter(InvalidFilterException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
                "Some filter values cannot be used: " + String.join(", ", e.errors().keySet()));
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(UnknownTableException.class)
    ProblemDetail unknownTable(UnknownTableException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-table", "Unknown table", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        return problem;
    }
}
