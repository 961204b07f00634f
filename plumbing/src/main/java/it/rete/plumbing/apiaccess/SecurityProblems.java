package it.rete.plumbing.apiaccess;

import java.io.IOException;

import it.rete.plumbing.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** 401, 403 and requests the firewall rejects, as RFC 9457 problems that say nothing about the credentials. */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String REALM = "rete";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean presented = request.getHeader(ApiKeyAuthenticationFilter.API_KEY_HEADER) != null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\""
                + (presented ? ", error=\"invalid_token\"" : ""));
        Problems.write(response, presented
                ? Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
                        "The API key or token is not valid for this service")
                : Problems.of(HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required",
                        "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The client's roles do not allow this operation"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "rejected-request", "Rejected request",
                "The request URL or headers contain characters or sequences that are not allowed"));
    }
}
