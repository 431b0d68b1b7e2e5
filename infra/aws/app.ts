// The CDK app (cdk.json runs it): one environment-agnostic stack, so synth needs no AWS account.
import { App } from 'aws-cdk-lib';
import { BatonStack } from './baton-stack.ts';

const app = new App();
new BatonStack(app, 'Baton', { description: 'Baton: cross-department customer-issue workflows.' });
app.synth();
