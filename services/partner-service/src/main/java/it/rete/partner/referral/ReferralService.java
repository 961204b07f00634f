package it.rete.partner.referral;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import it.rete.contracts.Envelope;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.ReferralDueSoon;
import it.rete.contracts.ReferralExpired;
import it.rete.contracts.ReferralOverdue;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.SealedDossier;
import it.rete.contracts.ServiceType;
import it.rete.partner.directory.DirectoryEntry;
import it.rete.partner.directory.ServiceDirectory;
import it.rete.partner.dossier.DossierService;
import it.rete.contracts.ReferralWithdrawn;
import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.caseflow.CaseService;
import it.rete.partner.caseflow.CaseTimeline;
import it.rete.partner.network.NetworkProperties;
import it.rete.partner.outbox.LedgerEvents;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sending, answering and following referrals. Every state change goes through {@link ReferralLifecycle}, whether
 * an operator of this partner asks for it or another partner's ledger reports it.
 */
@Service
public class ReferralService {

    private final ReferralRepository referrals;
    private final CaseService cases;
    private final CaseTimeline timeline;
    private final LedgerEvents ledger;
    private final NetworkProperties network;
    private final Clock clock;
    private final DossierService dossiers;
    private final ServiceDirectory directory;
    private final DeadlineTimers timers;

    ReferralService(ReferralRepository referrals, CaseService cases, CaseTimeline timeline, LedgerEvents ledger,
                    NetworkProperties network, Clock clock, DossierService dossiers, ServiceDirectory directory,
                    DeadlineTimers timers) {
        this.timers = timers;
        this.directory = directory;
        this.dossiers = dossiers;
        this.referrals = referrals;
        this.cases = cases;
        this.timeline = timeline;
        this.ledger = ledger;
        this.network = network;
        this.clock = clock;
    }

    @Transactional
    public Referral send(String caseId, ReferralRequests.SendReferral request) {
        cases.requireOpenOwnCase(caseId, "refer");
        String to = request.toPartnerId();
        ServiceType serviceType = request.serviceType();
        if (request.serviceId() != null) {
            DirectoryEntry service = directory.requireReferable(request.serviceId());
            if (to != null && !to.equals(service.organisationId())) {
                throw new RuleViolationException("service-of-another-partner", "The service is offered by "
                        + service.organisationId() + ", not by the partner named in toPartnerId", "toPartnerId");
            }
            if (serviceType != null && !serviceType.name().equals(service.serviceType())) {
                throw new RuleViolationException("service-type-mismatch", "The service gives "
                        + service.serviceType() + ", not the serviceType named", "serviceType");
            }
            to = service.organisationId();
            serviceType = ServiceType.valueOf(service.serviceType());
        }
        if (to.equals(network.partnerId())) {
            throw new RuleViolationException("self-referral", "A partner cannot refer a case to itself",
                    request.serviceId() != null ? "serviceId" : "toPartnerId");
        }
        if (!network.isMember(to)) {
            throw new RuleViolationException("unknown-partner", "Partner " + to + " is not part of this network",
                    request.serviceId() != null ? "serviceId" : "toPartnerId");
        }
        if (!cases.consentAllowsReferral(caseId, to)) {
            throw new RuleViolationException("no-consent", "The consent recorded for case " + caseId
                    + " does not allow referring it to " + to + ": record consent (or a legal basis) first");
        }
        Instant now = clock.instant();
        // milliseconds, as the contract carries them: both partners hold the very same deadline
        Instant dueBy = (request.dueBy() != null ? request.dueBy()
                : now.plus(network.referral().answerWithin(serviceType, request.urgency())))
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!dueBy.isAfter(now)) {
            throw new RuleViolationException("due-by-in-past", "dueBy " + dueBy + " is not in the future", "dueBy");
        }
        UUID referralId = UUID.randomUUID();
        SealedDossier sealed = request.dossier() == null ? null
                : dossiers.seal(caseId, referralId, to, request.dossier());
        String addressee = to;
        ServiceType type = serviceType;
        var written = ledger.record(caseId, null, envelope -> ReferralSent.newBuilder()
                .setEnvelope(envelope)
                .setReferralId(referralId)
                .setToPartnerId(addressee)
                .setServiceType(type)
                .setServiceId(request.serviceId())
                .setUrgency(request.urgency())
                .setDueBy(dueBy)
                .setDossier(sealed)
                .build());
        var referral = new Referral(referralId, caseId, network.partnerId(), to, serviceType.name(),
                request.urgency().name(), dueBy, ReferralState.REQUESTED, null, null, null, null, null,
                written.eventId(), written.eventId(), written.occurredAt(), written.occurredAt(),
                request.serviceId(), null, List.of(written.eventId()));
        referrals.insert(referral);
        return referral;
    }

    @Transactional
    public Referral accept(UUID referralId) {
        return change(referralId, ReferralTransition.ACCEPT, UnaryOperator.identity(),
                (r, envelope) -> ReferralAccepted.newBuilder().setEnvelope(envelope)
                        .setReferralId(referralId).setSenderPartnerId(r.senderPartnerId()).build());
    }

    @Transactional
    public Referral decline(UUID referralId, ReferralRequests.Decline request) {
        return change(referralId, ReferralTransition.DECLINE,
                r -> r.declined(request.reasonCode().name(), request.reasonText()),
                (r, envelope) -> ReferralDeclined.newBuilder().setEnvelope(envelope)
                        .setReferralId(referralId).setSenderPartnerId(r.senderPartnerId())
                        .setReasonCode(request.reasonCode()).setReasonText(request.reasonText()).build());
    }

    @Transactional
    public Referral withdraw(UUID referralId, ReferralRequests.Withdraw request) {
        return change(referralId, ReferralTransition.WITHDRAW, r -> r.withdrawn(request.reason()),
                (r, envelope) -> ReferralWithdrawn.newBuilder().setEnvelope(envelope)
                        .setReferralId(referralId).setToPartnerId(r.toPartnerId())
                        .setReason(request.reason()).build());
    }

    @Transactional
    public Placement recordPlacement(UUID referralId, ReferralRequests.RecordPlacement request) {
        UUID placementId = UUID.randomUUID();
        Referral updated = change(referralId, ReferralTransition.RECORD_PLACEMENT, UnaryOperator.identity(),
                (r, envelope) -> PlacementMade.newBuilder().setEnvelope(envelope)
                        .setPlacementId(placementId).setReferralId(referralId)
                        .setSenderPartnerId(r.senderPartnerId()).setKind(request.kind())
                        .setContractType(request.contractType()).setStartDate(request.startDate()).build());
        var placement = new Placement(placementId, referralId, updated.caseId(), request.kind().name(),
                request.contractType() == null ? null : request.contractType().name(), request.startDate(),
                updated.updatedAt());
        referrals.insertPlacement(placement);
        return placement;
    }

    @Transactional
    public Referral complete(UUID referralId, ReferralRequests.Complete request) {
        return change(referralId, ReferralTransition.COMPLETE,
                r -> r.completed(request.outcome().name(), request.reason()),
                (r, envelope) -> ReferralCompleted.newBuilder().setEnvelope(envelope)
                        .setReferralId(referralId).setSenderPartnerId(r.senderPartnerId())
                        .setOutcome(request.outcome()).setReason(request.reason()).build());
    }

    /** A change asked for by this partner's operator: checked, written and published in one transaction. */
    private Referral change(UUID referralId, ReferralTransition transition, UnaryOperator<Referral> details,
                            BiFunction<Referral, Envelope, SpecificRecord> event) {
        Referral current = referrals.lock(referralId).orElseThrow(() -> new NotFoundException("Referral", referralId));
        ReferralState next = ReferralLifecycle.next(current, transition, network.partnerId());
        var written = ledger.record(current.caseId(), current.lastEventId(), envelope -> event.apply(current, envelope));
        Referral updated = details.apply(current).movedTo(next, written.eventId(), written.occurredAt());
        referrals.update(updated);
        return updated;
    }

    // ---- events read from other partners' ledgers ----

    /**
     * Applies a referral event read from another partner's ledger.
     *
     * @return false when the event concerns referrals between other partners
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean applyRemote(SpecificRecord event) {
        if (event instanceof ReferralSent e) {
            return receive(e);
        }
        if (event instanceof ReferralAccepted e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.ACCEPT, UnaryOperator.identity());
        }
        if (event instanceof ReferralDeclined e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.DECLINE, r -> r.declined(e.getReasonCode().name(), e.getReasonText()));
        }
        if (event instanceof ReferralWithdrawn e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getToPartnerId(),
                    ReferralTransition.WITHDRAW, r -> r.withdrawn(e.getReason()));
        }
        if (event instanceof PlacementMade e) {
            return applyRemotePlacement(e);
        }
        if (event instanceof ReferralDueSoon e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.REMIND, UnaryOperator.identity());
        }
        if (event instanceof ReferralOverdue e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.REPORT_OVERDUE, r -> r.overdueSince(e.getEnvelope().getOccurredAt()));
        }
        if (event instanceof ReferralExpired e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.EXPIRE, UnaryOperator.identity());
        }
        if (event instanceof ReferralCompleted e) {
            return applyRemote(e, e.getEnvelope(), e.getReferralId(), e.getSenderPartnerId(),
                    ReferralTransition.COMPLETE, r -> r.completed(e.getOutcome().name(), e.getReason()));
        }
        return false;
    }

    private boolean receive(ReferralSent event) {
        Envelope envelope = event.getEnvelope();
        if (!event.getToPartnerId().equals(network.partnerId())) {
            return false;
        }
        cases.join(envelope.getCaseId(), envelope.getSourcePartnerId(), envelope.getOccurredAt());
        Referral received = new Referral(event.getReferralId(), envelope.getCaseId(), envelope.getSourcePartnerId(),
                event.getToPartnerId(), event.getServiceType().name(), event.getUrgency().name(), event.getDueBy(),
                ReferralState.REQUESTED, null, null, null, null, null, envelope.getEventId(), envelope.getEventId(),
                envelope.getOccurredAt(), envelope.getOccurredAt(), event.getServiceId(), null,
                List.of(envelope.getEventId()));
        if (referrals.insert(received)) {
            timers.schedule(received);
        }
        if (event.getDossier() != null) {
            dossiers.receive(envelope.getCaseId(), event.getReferralId(), event.getDossier());
        }
        timeline.add(envelope, event);
        return true;
    }

    /**
     * @param counterpartId the partner the event is meant for; when it is not this partner, nothing happens
     */
    private boolean applyRemote(SpecificRecord event, Envelope envelope, UUID referralId, String counterpartId,
                                ReferralTransition transition, UnaryOperator<Referral> details) {
        if (!counterpartId.equals(network.partnerId())) {
            return false;
        }
        Referral current = referrals.lock(referralId).orElseThrow(() -> new NotFoundException("Referral", referralId));
        ReferralLifecycle.RemoteStep step = ReferralLifecycle.nextRemote(current, transition,
                envelope.getSourcePartnerId(), envelope.getOccurredAt(), envelope.getCausationId());
        Referral updated = details.apply(current);
        if (!step.crossed() || step.to() != current.state()) {
            updated = updated.movedTo(step.to(), envelope.getEventId(), envelope.getOccurredAt());
        }
        if (transition.reminds()) {
            updated = updated.remindedBy(envelope.getEventId()); // also when it crossed a withdrawal
        }
        // a crossing that changes nothing leaves this partner's own decision the referral's last event
        referrals.update(updated);
        String crossing = !step.crossed() ? null
                : transition == ReferralTransition.WITHDRAW ? "it crossed this partner's answer, which stands"
                : step.to() == current.state() ? "it crossed the withdrawal, which stands"
                : "it crossed the withdrawal: the answer stands";
        timeline.add(envelope, event, crossing);
        return true;
    }

    private boolean applyRemotePlacement(PlacementMade event) {
        Envelope envelope = event.getEnvelope();
        boolean applied = applyRemote(event, envelope, event.getReferralId(), event.getSenderPartnerId(),
                ReferralTransition.RECORD_PLACEMENT, UnaryOperator.identity());
        if (applied) {
            referrals.insertPlacement(new Placement(event.getPlacementId(), event.getReferralId(),
                    envelope.getCaseId(), event.getKind().name(),
                    event.getContractType() == null ? null : event.getContractType().name(), event.getStartDate(),
                    envelope.getOccurredAt()));
        }
        return applied;
    }

    // ---- queries ----

    @Transactional(readOnly = true)
    public Referral get(UUID referralId) {
        return referrals.find(referralId).orElseThrow(() -> new NotFoundException("Referral", referralId));
    }

    @Transactional(readOnly = true)
    public List<Referral> inbox(ReferralState state, int limit) {
        return referrals.inbox(network.partnerId(), state, limit);
    }

    @Transactional(readOnly = true)
    public List<Referral> outbox(ReferralState state, int limit) {
        return referrals.outbox(network.partnerId(), state, limit);
    }

    @Transactional(readOnly = true)
    public List<Referral> ofCase(String caseId) {
        return referrals.ofCase(caseId);
    }

    @Transactional(readOnly = true)
    public List<Placement> placementsOfCase(String caseId) {
        return referrals.placementsOfCase(caseId);
    }
}
