package it.rete.partner;

/** The case or referral asked for is not known to this partner. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " is not known to this partner");
    }
}
