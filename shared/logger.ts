import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for every handler: ids only, never personal data. */
export const logger = new Logger({ serviceName: 'baton', logLevel: (process.env.BATON_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
