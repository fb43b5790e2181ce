import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import envelopeSchema from '../schemas/envelope.json';
import { EVENT_CATALOG, EventDefinition } from './catalog';
import type { EventEnvelope } from './envelope';

/** Thrown when an event does not match its contract; `reason` says why (it goes to the DLQ headers). */
export class InvalidEventError extends Error {
  constructor(readonly reason: string) {
    super(`invalid event: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

const key = (name: string, version: number) => `${name}@${version}`;

/** Validates envelopes and their data against the JSON Schemas of the catalog (ajv, compiled once). */
export class SchemaRegistry {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
  private readonly envelope: ValidateFunction;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly definitions = new Map<string, EventDefinition>();

  constructor(catalog: readonly EventDefinition[] = EVENT_CATALOG) {
    this.envelope = this.ajv.compile(envelopeSchema);
    for (const def of catalog) {
      this.definitions.set(key(def.name, def.version), def);
      this.validators.set(key(def.name, def.version), this.ajv.compile(def.schema));
    }
  }

  definition(name: string, version: number): EventDefinition {
    const def = this.definitions.get(key(name, version));
    if (!def) throw new InvalidEventError(`unknown event ${name} v${version}`);
    return def;
  }

  /** Parses and validates a raw message value; returns the typed envelope or throws InvalidEventError. */
  parse(raw: Buffer | string | null): EventEnvelope {
    if (raw === null) throw new InvalidEventError('empty message');
    let value: unknown;
    try {
      value = JSON.parse(raw.toString());
    } catch {
      throw new InvalidEventError('message is not JSON');
    }
    this.validate(value);
    return value as EventEnvelope;
  }

  /** Validates an envelope object (used by producers before writing to the outbox). */
  validate(value: unknown): asserts value is EventEnvelope {
    if (!this.envelope(value))
      throw new InvalidEventError(`envelope: ${this.ajv.errorsText(this.envelope.errors)}`);
    const event = value as EventEnvelope;
    const validator = this.validators.get(key(event.event_name, event.event_version));
    if (!validator) throw new InvalidEventError(`unknown event ${event.event_name} v${event.event_version}`);
    if (!validator(event.data)) {
      throw new InvalidEventError(
        `${event.event_name} v${event.event_version}: ${this.ajv.errorsText(validator.errors, { dataVar: 'data' })}`,
      );
    }
  }
}
