package it.rete.audit.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import it.rete.audit.support.History.Entry;

/**
 * The referral story on two ledgers, one event a minute from {@link #T0}: case 1 referred, accepted, placed,
 * completed and closed; case 2 referred and declined; case 3 referred and withdrawn.
 */
public final class Story {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    public final String sender;
    public final String addressee;
    public final String case1 = UUID.randomUUID().toString();
    public final String case2 = UUID.randomUUID().toString();
    public final String case3 = UUID.randomUUID().toString();
    public final UUID r1 = UUID.randomUUID();
    public final UUID r2 = UUID.randomUUID();
    public final UUID r3 = UUID.randomUUID();
    public final Entry opened1, consent1, sent1, opened2, consent2, sent2, accepted1, declined2, placement1,
            opened3, consent3, sent3, completed1, closed1, withdrawn3;

    private Story(History h, String sender, String addressee) {
        this.sender = sender;
        this.addressee = addressee;
        opened1 = h.opened(sender, case1, at(0));
        consent1 = h.consent(sender, case1, addressee, at(1));
        sent1 = h.sent(sender, case1, r1, addressee, at(2));
        opened2 = h.opened(sender, case2, at(3));
        consent2 = h.consent(sender, case2, addressee, at(4));
        sent2 = h.sent(sender, case2, r2, addressee, at(5));
        accepted1 = h.accepted(addressee, case1, r1, sender, sent1.eventId(), at(6));
        declined2 = h.declined(addressee, case2, r2, sender, sent2.eventId(), at(7));
        placement1 = h.placement(addressee, case1, r1, sender, accepted1.eventId(), at(8));
        opened3 = h.opened(sender, case3, at(9));
        consent3 = h.consent(sender, case3, addressee, at(10));
        sent3 = h.sent(sender, case3, r3, addressee, at(11));
        completed1 = h.completed(addressee, case1, r1, sender, placement1.eventId(), at(12));
        closed1 = h.closed(sender, case1, at(13));
        withdrawn3 = h.withdrawn(sender, case3, r3, addressee, sent3.eventId(), at(14));
    }

    /** The story between two new partners named after {@code prefix}, their ledgers created; not written yet. */
    public static Story build(History history, String prefix) {
        String sender = prefix + "-pref";
        String addressee = prefix + "-lule";
        history.ledgers(sender, addressee);
        return new Story(history, sender, addressee);
    }

    public static Instant at(double minutes) {
        return T0.plus(Duration.ofMillis((long) (minutes * 60_000)));
    }

    public String partners() {
        return sender + "," + addressee;
    }

    public static final int EVENTS = 15;
}
