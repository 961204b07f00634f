'use strict';
// A partner system joining the Rete network without the Rete partner service (docs/integrating.md).
//
// It reads the ledgers of the other partners, prints every referral addressed to it, and accepts it by writing a
// ReferralAccepted to its own ledger, with the envelope, hash chain, headers and wire format the network requires.
//
//   node partner.js          runs until stopped (Ctrl-C)
//
// Configuration (environment):
//   RETE_PARTNER_ID              this partner's id, the common name of its certificate (e.g. cpi-mantova)
//   KAFKA_BOOTSTRAP_SERVERS      e.g. 127.0.0.1:9092
//   KAFKA_SSL_KEYSTORE_LOCATION  the PKCS#12 key store the network administrator issued (key, certificate, CA)
//   KAFKA_SSL_KEYSTORE_PASSWORD  its password (or KAFKA_SSL_KEYSTORE_PASSWORD_FILE: a file holding it)
//   KAFKA_SSL_CA_LOCATION        optional: the network CA as PEM, if the key store does not carry it
//   SCHEMA_REGISTRY_URL          e.g. http://127.0.0.1:8081/apis/ccompat/v7
//   RETE_SCHEMAS_DIR             the contracts (.avsc), default ../../schemas/src/main/avro
//   RETE_STATE_DIR               where the ledger head and processed event ids are kept, default ./state

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const avro = require('avsc');
const { Kafka, logLevel } = require('kafkajs');

const NAMESPACE = 'it.rete.contracts';
const GENESIS_HASH = '0'.repeat(64);

const config = {
  partnerId: required('RETE_PARTNER_ID'),
  brokers: required('KAFKA_BOOTSTRAP_SERVERS').split(','),
  keyStore: required('KAFKA_SSL_KEYSTORE_LOCATION'),
  keyStorePassword: process.env.KAFKA_SSL_KEYSTORE_PASSWORD
    ?? fs.readFileSync(required('KAFKA_SSL_KEYSTORE_PASSWORD_FILE'), 'utf8').trim(),
  caFile: process.env.KAFKA_SSL_CA_LOCATION,
  registryUrl: required('SCHEMA_REGISTRY_URL').replace(/\/$/, ''),
  schemasDir: process.env.RETE_SCHEMAS_DIR ?? path.join(__dirname, '..', '..', 'schemas', 'src', 'main', 'avro'),
  stateDir: process.env.RETE_STATE_DIR ?? path.join(__dirname, 'state'),
};

const ownLedger = `rete.${config.partnerId}.events`;
const otherLedgers = new RegExp(`^rete\\.(?!${escapeRegex(config.partnerId)}\\.events$)([a-z0-9][a-z0-9-]*)\\.events$`);

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (see the top of partner.js)`);
    process.exit(2);
  }
  return value;
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- state: this partner's ledger head and the events already applied (idempotency by event id)

const stateFile = path.join(config.stateDir, 'state.json');

function loadState() {
  if (fs.existsSync(stateFile)) {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  }
  return { lastSequence: 0, lastHash: GENESIS_HASH, processed: [], referrals: {} };
}

function saveState(state) {
  fs.mkdirSync(config.stateDir, { recursive: true });
  const temporary = `${stateFile}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, stateFile);
}

// ---- schema registry (Confluent API) and the Confluent wire format

const readers = new Map(); // schema id -> avsc type

async function registry(pathAndQuery, options = {}) {
  const response = await fetch(config.registryUrl + pathAndQuery, {
    ...options,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...(options.headers ?? {}) },
  });
  if (!response.ok) {
    throw new Error(`registry ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** The writer's schema of a framed value, from the registry by its id (cached: ids never change). */
async function writerType(id) {
  if (!readers.has(id)) {
    const { schema } = await registry(`/schemas/ids/${id}`);
    readers.set(id, avro.Type.forSchema(JSON.parse(schema)));
  }
  return readers.get(id);
}

/** value = magic byte 0, 4-byte big-endian schema id, Avro binary body. */
async function decode(value) {
  if (!value || value.length < 5 || value.readUInt8(0) !== 0) {
    throw new Error('not in the Confluent wire format');
  }
  const id = value.readInt32BE(1);
  const type = await writerType(id);
  return { type, event: type.fromBuffer(value.subarray(5)) };
}

function frame(schemaId, body) {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** The contracts of this repository, by full name, each with the named types it uses. */
function loadContracts() {
  const files = [];
  (function walk(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.avsc')) files.push(file);
    }
  })(config.schemasDir);
  const registryOfTypes = {};
  let pending = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
  // a schema may use types of another file: parse until every dependency is known
  while (pending.length > 0) {
    const failed = [];
    for (const schema of pending) {
      try {
        avro.Type.forSchema(schema, { registry: registryOfTypes });
      } catch (e) {
        failed.push(schema);
      }
    }
    if (failed.length === pending.length) {
      throw new Error(`cannot parse ${failed.map((s) => s.name).join(', ')} from ${config.schemasDir}`);
    }
    pending = failed;
  }
  return registryOfTypes;
}

const writers = new Map(); // record name -> { id, type }

/** Registers the contract under its record name (RecordNameStrategy), as the Rete services do; idempotent. */
async function writer(contracts, recordName) {
  if (!writers.has(recordName)) {
    const fullName = `${NAMESPACE}.${recordName}`;
    const type = contracts[fullName];
    const schema = JSON.stringify(type.schema({ exportAttrs: true }));
    const { id } = await registry(`/subjects/${encodeURIComponent(fullName)}/versions`, {
      method: 'POST',
      body: JSON.stringify({ schema }),
    });
    writers.set(recordName, { id, type });
  }
  return writers.get(recordName);
}

// ---- the partner

async function main() {
  const contracts = loadContracts();
  const state = loadState();
  const processed = new Set(state.processed);

  const ssl = {
    pfx: fs.readFileSync(config.keyStore),
    passphrase: config.keyStorePassword,
    rejectUnauthorized: true,
  };
  if (config.caFile) ssl.ca = [fs.readFileSync(config.caFile, 'utf8')];

  const kafka = new Kafka({ clientId: `${config.partnerId}-nodejs`, brokers: config.brokers, ssl,
    logLevel: logLevel.WARN });
  // idempotent: a retried send is not written twice
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // the group is named after the partner: its ACL grants no other
  const consumer = kafka.consumer({ groupId: config.partnerId, allowAutoTopicCreation: false });

  /** Appends an event to this partner's ledger: next sequence, previous hash, CloudEvents headers. */
  async function append(recordName, caseId, correlationId, causationId, fields) {
    const { id, type } = await writer(contracts, recordName);
    const eventId = crypto.randomUUID();
    const occurredAt = new Date();
    const sequence = state.lastSequence + 1;
    const envelope = {
      eventId, occurredAt: occurredAt.getTime(), sourcePartnerId: config.partnerId, caseId, correlationId,
      causationId, sequence, previousEventHash: state.lastHash,
    };
    const body = type.toBuffer({ envelope, ...fields });
    await producer.send({
      topic: ownLedger,
      acks: -1,
      messages: [{
        key: caseId,
        value: frame(id, body),
        headers: {
          ce_id: eventId,
          ce_type: `${NAMESPACE}.${recordName}`,
          ce_source: `/rete/partners/${config.partnerId}`,
          ce_time: occurredAt.toISOString(),
          ce_specversion: '1.0',
          ce_subject: caseId,
          'content-type': 'application/avro',
        },
      }],
    });
    // the next event chains to this one: SHA-256 of the Avro body, without the 5-byte header
    state.lastSequence = sequence;
    state.lastHash = crypto.createHash('sha256').update(body).digest('hex');
    return { eventId, sequence };
  }

  async function handle(topic, message) {
    const owner = otherLedgers.exec(topic)?.[1];
    let decoded;
    try {
      decoded = await decode(message.value);
    } catch (e) {
      console.log(`SKIPPED ${topic}@${message.offset}: ${e.message}`);
      return;
    }
    const { type, event } = decoded;
    const envelope = event.envelope;
    if (!envelope || envelope.sourcePartnerId !== owner) {
      // only the owner writes its ledger: anything else is forged or misrouted
      console.log(`REFUSED ${topic}@${message.offset}: not an event of ${owner}`);
      return;
    }
    if (processed.has(envelope.eventId)) return; // delivered again: already applied
    const name = type.name.replace(`${NAMESPACE}.`, '');
    const referral = event.referralId ? state.referrals[event.referralId] : undefined;

    if (name === 'ReferralSent' && event.toPartnerId === config.partnerId) {
      state.referrals[event.referralId] = { state: 'REQUESTED', sender: owner };
      console.log(`REFERRAL ${event.referralId} from ${owner}: case ${envelope.caseId}, ${event.serviceType}, `
        + `${event.urgency}, due by ${new Date(Number(event.dueBy)).toISOString()}`);
      // this partner takes every referral on: REQUESTED -> ACCEPTED, an addressee's transition
      const answer = await append('ReferralAccepted', envelope.caseId, envelope.correlationId, envelope.eventId,
        { referralId: event.referralId, senderPartnerId: owner });
      state.referrals[event.referralId].state = 'ACCEPTED';
      console.log(`ACCEPTED ${event.referralId}: event ${answer.eventId}, sequence ${answer.sequence} of ${ownLedger}`);
    } else if (name === 'ReferralWithdrawn' && referral && referral.sender === owner) {
      referral.state = 'WITHDRAWN';
      console.log(`WITHDRAWN ${event.referralId} by ${owner}`);
    } else {
      console.log(`READ ${name} ${envelope.eventId} from ${owner} (#${envelope.sequence})`);
    }
    processed.add(envelope.eventId);
    state.processed = [...processed];
    saveState(state);
  }

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [otherLedgers], fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const topics = Object.keys(payload.memberAssignment).sort();
    console.log(`READY ${config.partnerId} follows ${topics.join(', ')}`);
  });
  await consumer.run({
    // one record at a time, offsets committed after it was handled: at-least-once, duplicates skipped by id
    eachMessage: async ({ topic, message }) => handle(topic, message),
  });

  const stop = async () => {
    await consumer.disconnect();
    await producer.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
