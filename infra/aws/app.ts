// The CDK app (cdk.json runs it): one environment-agnostic stack, so synth needs no AWS account.
import { App } from 'aws-cdk-lib';
import { BatonStack } from './baton-stack.ts';

const app = new App();
// `npx cdk deploy -c alarmEmail=ops@example.com` subscribes that address to the alarms.
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
new BatonStack(app, 'Baton', { description: 'Baton: cross-department customer-issue workflows.', ...(alarmEmail ? { alarmEmail } : {}) });
app.synth();
