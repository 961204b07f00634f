-- This partner's own events get their ledger sequence after the request commits (the outbox sequencer fills it
-- in): until then their timeline entry has none.
alter table case_event alter column sequence drop not null;
