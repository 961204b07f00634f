-- A service's own migration (Boot's spring.flyway, history table flyway_schema_history): numbered independently
-- of the plumbing schema, which is migrated first.
CREATE TABLE service_note (
    id   bigserial PRIMARY KEY,
    text text NOT NULL
);
