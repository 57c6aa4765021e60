/**
 * The AWS-managed policies Portico knows (`arn:aws:iam::aws:policy/…`), so that definitions written for AWS can
 * attach them. Only those that matter to an API gateway; their documents are AWS's.
 */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, { name: string; description: string; document: string }> = new Map([
  [
    'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess',
    {
      name: 'AmazonAPIGatewayInvokeFullAccess',
      description: 'Provides full access to invoke APIs in Amazon API Gateway.',
      document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['execute-api:Invoke', 'execute-api:ManageConnections'], Resource: 'arn:aws:execute-api:*:*:*' }] }),
    },
  ],
  [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    {
      name: 'AdministratorAccess',
      description: 'Provides full access to AWS services and resources.',
      document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    },
  ],
]);
