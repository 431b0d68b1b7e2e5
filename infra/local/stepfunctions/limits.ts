// The service's 256 KiB ceiling on execution input, state input/output and task results.
export const MAX_PAYLOAD_BYTES = 262_144;

export const payloadBytes = (json: string): number => Buffer.byteLength(json, 'utf8');

export const exceedsPayloadLimit = (value: unknown): boolean => payloadBytes(JSON.stringify(value ?? null)) > MAX_PAYLOAD_BYTES;
