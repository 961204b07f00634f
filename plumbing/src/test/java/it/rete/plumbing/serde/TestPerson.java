package it.rete.plumbing.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A hand-written stand-in for a generated SpecificRecord: version 2 of the test schema (adds a defaulted email). */
public class TestPerson extends SpecificRecordBase {

    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = new Schema.Parser().parse("""
            {"type": "record", "name": "TestPerson", "namespace": "it.rete.plumbing.serde", "fields": [
                {"name": "name", "type": "string"},
                {"name": "age", "type": "int"},
                {"name": "email", "type": ["null", "string"], "default": null}
            ]}""");

    /** Version 1: no email. Same full name, so a v1 record resolves into this class. */
    public static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "TestPerson", "namespace": "it.rete.plumbing.serde", "fields": [
                {"name": "name", "type": "string"},
                {"name": "age", "type": "int"}
            ]}""");

    private String name;
    private int age;
    private String email;

    public TestPerson() {}

    public TestPerson(String name, int age, String email) {
        this.name = name;
        this.age = age;
        this.email = email;
    }

    public static Schema getClassSchema() {
        return SCHEMA$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> name;
            case 1 -> age;
            case 2 -> email;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> name = value == null ? null : value.toString();
            case 1 -> age = (Integer) value;
            case 2 -> email = value == null ? null : value.toString();
            default -> throw new IndexOutOfBoundsException(field);
        }
    }

    public String name() {
        return name;
    }

    public int age() {
        return age;
    }

    public String email() {
        return email;
    }
}
