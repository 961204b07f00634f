package it.rete.partner.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import it.rete.plumbing.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter the operation does not declare is refused (400) instead of silently ignored, and so is a query
 * with control characters (the servlet container drops such parameters, which would make them look absent).
 */
class KnownParametersOnly implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith("/api/")
                || request.getQueryString() == null) {
            return true;
        }
        if (hasControlCharacters(request.getQueryString())) {
            Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                    "The query has control characters or invalid encoding; nothing was written"));
            return false;
        }
        Set<String> declared = Arrays.stream(method.getMethodParameters())
                .map(parameter -> parameter.getParameterAnnotation(RequestParam.class))
                .filter(annotation -> annotation != null)
                .map(annotation -> annotation.name().isEmpty() ? annotation.value() : annotation.name())
                .collect(Collectors.toSet());
        Set<String> declaredByName = Arrays.stream(method.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(RequestParam.class))
                .map(parameter -> parameter.getParameterName())
                .collect(Collectors.toSet());
        for (String name : request.getParameterMap().keySet()) {
            if (!declared.contains(name) && !declaredByName.contains(name)) {
                Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "unknown-parameter",
                        "Unknown parameter", "The request has a query parameter this operation does not define; "
                                + "nothing was written"));
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacters(String query) {
        String decoded;
        try {
            decoded = URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return true;
        }
        return decoded.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || c == '\uFFFD');
    }
}
