// A non-proxy (AWS integration) function: takes what the request template made of the request, returns plain
// JSON for the response template; fails with a message integration responses can select on.
export const handler = async (event) => {
  if (!event || typeof event.name !== 'string' || event.name === '') throw new Error('Bad request: name is required');
  if (event.name === 'nobody') throw new Error(`Not found: ${event.name}`);
  return { greeting: `Hello, ${event.name}!`, name: event.name };
};
