package it.rete.plumbing.serde;

import org.apache.avro.Schema;

/** Chooses the registry subject under which a key or value schema of a topic is registered and looked up. */
public interface SubjectNameStrategy {

    String subjectName(String topic, boolean isKey, Schema schema);
}
