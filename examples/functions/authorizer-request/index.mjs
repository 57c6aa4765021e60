// A Lambda REQUEST authorizer: allows a caller whose X-Tenant header names the stage's tenant (stage variable
// `tenant`), and answers "Unauthorized" (401) otherwise. The tenant and the path it saw go to the integration.
export const handler = async (event) => {
  const tenant = event.headers?.['X-Tenant'] ?? event.headers?.['x-tenant'];
  if (!tenant || tenant !== event.stageVariables?.tenant) throw new Error('Unauthorized');
  return {
    principalId: `tenant-${tenant}`,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: { tenant, path: event.path },
  };
};
