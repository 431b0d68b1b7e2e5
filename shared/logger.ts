import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for every handler: ids only, never personal data. Level: POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'baton' });
