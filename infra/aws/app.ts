// The CDK app (cdk.json runs it): one environment-agnostic stack, so synth needs no AWS account.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BatonStack } from './baton-stack.ts';

const app = new App();
// `npx cdk deploy -c alarmEmail=ops@example.com` subscribes that address to the alarms.
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
// `-c baton:senderEmail=service@your-company.com`: the address Baton's e-mail comes from (verified in SES).
const senderEmail = app.node.tryGetContext('baton:senderEmail') as string | undefined;
new BatonStack(app, 'Baton', {
  description: 'Baton: cross-department customer-issue workflows.',
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(senderEmail ? { senderEmail } : {}),
});
// AWS's own rules on every synth and deploy: a finding not fixed or acknowledged (nag-suppressions.ts) fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
