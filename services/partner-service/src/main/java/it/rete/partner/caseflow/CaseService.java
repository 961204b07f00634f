package it.rete.partner.caseflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentRecorded;
import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.network.NetworkProperties;
import it.rete.partner.outbox.LedgerEvents;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Opening, documenting and closing cases. Each change and its event are written in one transaction. */
@Service
public class CaseService {

    private final CaseRepository cases;
    private final ConsentRepository consents;
    private final ActiveReferrals activeReferrals;
    private final CaseTimeline timeline;
    private final LedgerEvents ledger;
    private final String partnerId;

    CaseService(CaseRepository cases, ConsentRepository consents, ActiveReferrals activeReferrals,
                CaseTimeline timeline, LedgerEvents ledger, NetworkProperties network) {
        this.timeline = timeline;
        this.cases = cases;
        this.consents = consents;
        this.activeReferrals = activeReferrals;
        this.ledger = ledger;
        this.partnerId = network.partnerId();
    }

    @Transactional
    public CaseFile open(CaseRequests.OpenCase request) {
        String caseId = UUID.randomUUID().toString();
        List<String> flags = request.flags().stream().map(Enum::name).toList();
        var opened = new CaseFile(caseId, partnerId, CaseStatus.OPEN, request.territory(), request.sector().name(),
                request.intakeChannel().name(), request.preferredLanguage(), flags, null, null, Instant.now(), null);
        // the case row exists before its first timeline entry refers to it
        cases.insert(opened);
        ledger.record(caseId, null, envelope -> CaseOpened.newBuilder()
                .setEnvelope(envelope)
                .setTerritory(request.territory())
                .setSector(request.sector())
                .setIntakeChannel(request.intakeChannel())
                .setPreferredLanguage(request.preferredLanguage())
                .setVulnerabilityFlags(request.flags())
                .build());
        return opened;
    }

    @Transactional
    public Consent recordConsent(String caseId, CaseRequests.RecordConsent request) {
        requireOpenOwnCase(caseId, "record consent for");
        var recipients = request.allowedRecipients().stream().distinct().toList();
        var purposes = request.purposes().stream().distinct().toList();
        var written = ledger.record(caseId, null, envelope -> ConsentRecorded.newBuilder()
                .setEnvelope(envelope)
                .setPurposes(purposes)
                .setAllowedRecipients(recipients)
                .setLegalBasisOverride(request.legalBasisOverride())
                .setOverrideReason(request.overrideReason())
                .build());
        var consent = new Consent(written.eventId(), caseId, purposes.stream().map(Enum::name).toList(),
                recipients, request.legalBasisOverride() == null ? null : request.legalBasisOverride().name(),
                request.overrideReason(), written.occurredAt());
        consents.insert(consent);
        return consent;
    }

    @Transactional
    public CaseFile close(String caseId, CaseRequests.CloseCase request) {
        requireOpenOwnCase(caseId, "close");
        int active = activeReferrals.countActive(caseId);
        if (active > 0) {
            throw new RuleViolationException("open-referrals", "Case " + caseId + " still has " + active
                    + " referral(s) under way: complete, decline or withdraw them before closing");
        }
        var written = ledger.record(caseId, null, envelope -> CaseClosed.newBuilder()
                .setEnvelope(envelope)
                .setReason(request.reason())
                .setReasonText(request.reasonText())
                .build());
        cases.close(caseId, request.reason().name(), request.reasonText(), written.occurredAt());
        return cases.find(caseId).orElseThrow();
    }

    /** A case this partner opened, open or closed (erasing its personal data, for example). */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseFile requireOwnCase(String caseId, String action) {
        CaseFile file = cases.lock(caseId).orElseThrow(() -> new NotFoundException("Case", caseId));
        if (!file.isOwnedBy(partnerId)) {
            throw new RuleViolationException("not-case-owner", "Only " + file.ownerPartnerId()
                    + ", which opened case " + caseId + ", may " + action + " it");
        }
        return file;
    }

    /** The partner that opened {@code caseId}, if this partner knows the case. */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.Optional<String> ownerOf(String caseId) {
        return cases.find(caseId).map(CaseFile::ownerPartnerId);
    }

    /** The case a referral is sent for: it must be open, and only the partner that opened it refers. */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseFile requireOpenOwnCase(String caseId, String action) {
        CaseFile file = cases.lock(caseId).orElseThrow(() -> new NotFoundException("Case", caseId));
        if (!file.isOwnedBy(partnerId)) {
            throw new RuleViolationException("not-case-owner", "Only " + file.ownerPartnerId()
                    + ", which opened case " + caseId + ", may " + action + " it");
        }
        if (file.status() == CaseStatus.CLOSED) {
            throw new RuleViolationException("case-closed", "Case " + caseId + " is closed");
        }
        return file;
    }

    /** Another partner referred one of its cases to this partner: from now on this partner takes part in it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void join(String caseId, String ownerPartnerId, Instant at) {
        cases.insert(new CaseFile(caseId, ownerPartnerId, CaseStatus.OPEN, null, null, null, null, List.of(),
                null, null, at, null));
    }

    /**
     * Applies a case event read from another partner's ledger. Only the closing of a case this partner takes part
     * in changes anything here; cases between other partners are none of its business.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean applyRemote(SpecificRecord event) {
        if (!(event instanceof CaseClosed closed)) {
            return false;
        }
        var envelope = closed.getEnvelope();
        var file = cases.lock(envelope.getCaseId());
        if (file.isEmpty()) {
            return false;
        }
        if (!file.get().isOwnedBy(envelope.getSourcePartnerId())) {
            throw new RuleViolationException("not-case-owner", "Partner " + envelope.getSourcePartnerId()
                    + " closed case " + envelope.getCaseId() + " owned by " + file.get().ownerPartnerId());
        }
        cases.close(envelope.getCaseId(), closed.getReason().name(), closed.getReasonText(), envelope.getOccurredAt());
        timeline.add(envelope, closed);
        return true;
    }

    @Transactional(readOnly = true)
    public CaseFile get(String caseId) {
        return cases.find(caseId).orElseThrow(() -> new NotFoundException("Case", caseId));
    }

    @Transactional(readOnly = true)
    public List<Consent> consents(String caseId) {
        return consents.all(caseId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean consentAllowsReferral(String caseId, String toPartnerId) {
        return consents.latest(caseId).map(c -> c.allowsReferralTo(toPartnerId)).orElse(false);
    }
}
