// One AWS SDK client per configuration (shared/config.ts): on AWS the one the cold start built; locally one per
// runtime (two runtimes in one process each have theirs), made again only when its endpoint or the data folder's
// key changes (a restarted DynamoDB Local on another port).
import { config, currentSettings, type BatonSettings } from '#shared/config.ts';

/** What every client is built with: the region, and locally the endpoint signed with the data folder's key. */
export interface AwsClientOptions {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A getter of the current configuration's client for the service at `endpointOf()` (none on AWS: the default endpoint and credential chain). */
export function clientPerSettings<Client>(endpointOf: () => string | undefined, make: (options: AwsClientOptions) => Client): () => Client {
  const clients = new WeakMap<BatonSettings, { endpoint: string | undefined; accessKeyId: string | undefined; client: Client }>();
  return () => {
    const endpoint = endpointOf();
    const credentials = endpoint ? config.localCredentials() : undefined;
    let cached = clients.get(currentSettings());
    if (!cached || cached.endpoint !== endpoint || cached.accessKeyId !== credentials?.accessKeyId) {
      cached = { endpoint, accessKeyId: credentials?.accessKeyId, client: make({ region: config.region(), ...(endpoint ? { endpoint, credentials } : {}) }) };
      clients.set(currentSettings(), cached);
    }
    return cached.client;
  };
}
