package it.rete.audit.ledger;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of the contracts, by Avro record name. */
public enum EventType {
    CASE_OPENED("CaseOpened"),
    CONSENT_RECORDED("ConsentRecorded"),
    REFERRAL_SENT("ReferralSent"),
    REFERRAL_ACCEPTED("ReferralAccepted"),
    REFERRAL_DECLINED("ReferralDeclined"),
    REFERRAL_WITHDRAWN("ReferralWithdrawn"),
    PLACEMENT_MADE("PlacementMade"),
    REFERRAL_COMPLETED("ReferralCompleted"),
    CASE_CLOSED("CaseClosed"),
    /** Since contract version 2: the owner erased the person's data (keys destroyed; events stay). */
    CASE_ERASED("CaseErased"),
    /** Since contract version 3: the addressee's deadline events (reminder, overdue, expiry). */
    REFERRAL_DUE_SOON("ReferralDueSoon"),
    REFERRAL_OVERDUE("ReferralOverdue"),
    REFERRAL_EXPIRED("ReferralExpired");

    public static final String NAMESPACE = "it.rete.contracts";

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(EventType::recordName, Function.identity()));

    private final String recordName;
    private final byte[] fullNameBytes;

    EventType(String recordName) {
        this.recordName = recordName;
        this.fullNameBytes = ("it.rete.contracts." + recordName).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether {@code utf8} (e.g. a {@code ce_type} header) is {@link #fullName()}. */
    public boolean isFullName(byte[] utf8) {
        return java.util.Arrays.equals(fullNameBytes, utf8);
    }

    /** The Avro record name, e.g. {@code ReferralSent}. */
    public String recordName() {
        return recordName;
    }

    /** The full name, which is also the {@code ce_type} header. */
    public String fullName() {
        return NAMESPACE + "." + recordName;
    }

    public boolean isReferralEvent() {
        return this != CASE_OPENED && this != CONSENT_RECORDED && this != CASE_CLOSED && this != CASE_ERASED;
    }

    /** The type of a record name, or null. */
    public static EventType ofRecordName(String name) {
        return BY_NAME.get(name);
    }
}
