package it.rete.cabina.api;

import it.rete.cabina.indicators.InvalidFilterException;
import it.rete.plumbing.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refused request gets an RFC 9457 problem body. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidFilterException.class)
    ProblemDetail invalidFilter(InvalidFilterException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
                "Some filter values cannot be used: " + String.join(", ", e.errors().keySet()));
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(UnknownTableException.class)
    ProblemDetail unknownTable(UnknownTableException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-table", "Unknown table", e.getMessage());
    }
}
