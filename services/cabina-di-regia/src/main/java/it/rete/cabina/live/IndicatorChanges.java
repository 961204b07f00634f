package it.rete.cabina.live;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import it.rete.cabina.CabinaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells open pages that the indicators changed, over server-sent events. Changes are coalesced: a burst of events
 * (a rebuild, a busy minute) gives one notification per debounce interval, and the page re-reads the JSON.
 */
@Component
public class IndicatorChanges {

    private static final Logger log = LoggerFactory.getLogger(IndicatorChanges.class);
    public static final String EVENT_NAME = "indicators-changed";

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "indicator-changes");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong version = new AtomicLong();
    private final long debounceMillis;

    IndicatorChanges(CabinaProperties properties) {
        this.debounceMillis = properties.liveDebounce().toMillis();
    }

    /** The projection changed (called after a commit). */
    public void signal() {
        if (scheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::notifyPages, debounceMillis, TimeUnit.MILLISECONDS);
        }
    }

    public long version() {
        return version.get();
    }

    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the page keeps listening
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        send(emitter, SseEmitter.event().name("hello").data(Long.toString(version.get()), MediaType.TEXT_PLAIN));
        return emitter;
    }

    private void notifyPages() {
        scheduled.set(false);
        long current = version.incrementAndGet();
        for (SseEmitter emitter : emitters) {
            send(emitter, SseEmitter.event().name(EVENT_NAME).id(Long.toString(current))
                    .data(Long.toString(current), MediaType.TEXT_PLAIN));
        }
    }

    /** Keeps idle connections (and proxies between) open. */
    @Scheduled(fixedDelay = 20_000)
    void heartbeat() {
        for (SseEmitter emitter : emitters) {
            send(emitter, SseEmitter.event().comment("keep-alive"));
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            log.debug("Live client gone: {}", e.toString());
            emitters.remove(emitter);
            emitter.completeWithError(e);
        }
    }

    /** Open streams would hold up the web server's graceful shutdown. */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        scheduler.shutdownNow();
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }
}
