package it.rete.plumbing.apiaccess;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key, sent as {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}.
 * A bearer token shaped like a JWT is left to the OAuth2 resource server when one is configured. A key that
 * matches no client is answered with 401 at once; a request without credentials goes on anonymous and is refused
 * by the authorization rules where they require a client.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final boolean jwtEnabled;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys keys, boolean jwtEnabled, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.jwtEnabled = jwtEnabled;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = presentedKey(request, jwtEnabled);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        var client = keys.match(key);
        if (client.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("Unknown API key"));
            return;
        }
        List<SimpleGrantedAuthority> authorities = client.get().roles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(client.get().name(), null,
                authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    /** The API key of the request, or null when it carries none (or carries a JWT for the resource server). */
    static String presentedKey(HttpServletRequest request, boolean jwtEnabled) {
        String apiKey = request.getHeader(API_KEY_HEADER);
        if (apiKey != null) {
            return apiKey.strip();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (jwtEnabled && isJwtShaped(token)) {
            return null;
        }
        return token;
    }

    /** Three base64url parts: a JWS. An API key (base64url, no dots) never looks like this. */
    static boolean isJwtShaped(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
