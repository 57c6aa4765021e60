export { awsCli, awsCliAvailable, describeWithAwsCli } from './aws-cli.js';
export type { AwsCli, AwsCliOptions, AwsCliResult } from './aws-cli.js';
