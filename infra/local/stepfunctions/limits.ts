// The service's 256 KiB ceiling on execution input, state input/output and task results.
export const MAX_PAYLOAD_BYTES = 262_144;

export const payloadBytes = (json: string): number => Buffer.byteLength(json, 'utf8');

export const exceedsPayloadLimit = (value: unknown): boolean => payloadBytes(JSON.stringify(value ?? null)) > MAX_PAYLOAD_BYTES;

/** The service's 1 MB ceiling on a whole API request; the endpoint never holds more of a body than this. */
export const MAX_REQUEST_BYTES = 1_048_576;
