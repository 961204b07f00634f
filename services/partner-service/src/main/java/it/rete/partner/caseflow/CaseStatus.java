package it.rete.partner.caseflow;

public enum CaseStatus { OPEN, CLOSED }
